package org.voicegender.quant;

/**
 * One stage's output rounding in the golden model: saturate the sum to the accumulator, apply ReLU
 * when the stage has one, and round into the output format. The common case (a right shift with
 * nearest-even rounding and saturation) is computed inline, on whole arrays with the Vector API
 * when it is there; anything else goes through {@link FixedPointFormat#rescale}. All give the same
 * codes.
 */
record Requantizer(int fromFractionBits, FixedPointFormat out, boolean relu, boolean fast,
    int shift, long half, long mask, long accMin, long accMax, long outMin, long outMax) {

  /** Sums held in accumulator {@code acc} into {@code out}. */
  static Requantizer of(FixedPointFormat acc, FixedPointFormat out, boolean relu) {
    return of(acc.fractionBits(), acc.minCode(), acc.maxCode(), out, relu);
  }

  /** Exact products (no accumulator to saturate) with {@code fromFractionBits} into {@code out}. */
  static Requantizer unsaturated(int fromFractionBits, FixedPointFormat out) {
    return of(fromFractionBits, Long.MIN_VALUE, Long.MAX_VALUE, out, false);
  }

  private static Requantizer of(int from, long accMin, long accMax, FixedPointFormat out, boolean relu) {
    int shift = from - out.fractionBits();
    boolean fast = shift > 0 && shift < 62 && out.rounding() == FixedPointFormat.Rounding.NEAREST_EVEN
        && out.overflow() == FixedPointFormat.Overflow.SATURATE;
    return new Requantizer(from, out, relu, fast, shift, fast ? 1L << (shift - 1) : 0, fast ? (1L << shift) - 1 : 0,
        accMin, accMax, out.minCode(), out.maxCode());
  }

  /** The output code of one sum. */
  long apply(long sum) {
    long v = Math.min(Math.max(sum, accMin), accMax); // accumulators saturate
    if (relu) {
      v = Math.max(v, 0);
    }
    if (!fast) {
      return out.rescale(v, fromFractionBits);
    }
    long floor = v >> shift;
    // Nearest, ties to even: up when rem > half, or rem == half and floor is odd; for integers
    // that is rem + (floor & 1) > half, written without branches (which mispredict on codes).
    long code = floor + ((half - (v & mask) - (floor & 1)) >>> 63);
    return Math.min(Math.max(code, outMin), outMax);
  }

  /** The output codes of long sums (which fit ints: activation formats have at most 24 bits). */
  void apply(long[] sums, int[] codes) {
    for (int i = 0; i < sums.length; i++) {
      codes[i] = (int) apply(sums[i]);
    }
  }

  /** Replaces each of the first n int sums in y by its output code (which fits an int too). */
  void applyInPlace(int[] y, int n) {
    if (fast && shift <= 30 && IntKernels.VECTOR && n % IntKernels.LANES == 0) {
      int lo = (int) Math.max(relu ? 0 : accMin, Integer.MIN_VALUE);
      int hi = (int) Math.min(accMax, Integer.MAX_VALUE);
      VectorKernels.requantize(y, n, lo, hi, shift, (int) half, (int) mask, (int) outMin, (int) outMax);
      return;
    }
    for (int i = 0; i < n; i++) {
      y[i] = (int) apply(y[i]);
    }
  }
}
