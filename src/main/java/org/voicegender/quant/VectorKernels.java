package org.voicegender.quant;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API half of {@link IntKernels} and {@link Requantizer}; loaded only when the module is there. */
final class VectorKernels {
  private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  private static final VectorSpecies<Long> LONG_SPECIES = LongVector.SPECIES_PREFERRED;
  static final int LONG_LANES = LONG_SPECIES.length();
  private static final VectorSpecies<Float> FLOAT_SPECIES = FloatVector.SPECIES_PREFERRED; // as many lanes as SPECIES (same shape)

  private VectorKernels() {}

  /** {@link IntKernels#convolve}, four output frames at a time so each weight row is loaded once for four. */
  static void convolve(int[] x, int inStride, int frames, int[] w, int[] b, int outStride, int[] y) {
    int width = w.length / outStride;
    for (int oc = 0; oc < outStride; oc += LANES) {
      IntVector bias = IntVector.fromArray(SPECIES, b, oc);
      int t = 0;
      for (; t + 4 <= frames; t += 4) {
        IntVector a0 = bias;
        IntVector a1 = bias;
        IntVector a2 = bias;
        IntVector a3 = bias;
        int x0 = t * inStride;
        int x1 = x0 + inStride;
        int x2 = x1 + inStride;
        int x3 = x2 + inStride;
        for (int q = 0; q < width; q++) {
          IntVector wv = IntVector.fromArray(SPECIES, w, q * outStride + oc);
          a0 = a0.add(wv.mul(x[x0 + q]));
          a1 = a1.add(wv.mul(x[x1 + q]));
          a2 = a2.add(wv.mul(x[x2 + q]));
          a3 = a3.add(wv.mul(x[x3 + q]));
        }
        int y0 = t * outStride + oc;
        a0.intoArray(y, y0);
        a1.intoArray(y, y0 + outStride);
        a2.intoArray(y, y0 + 2 * outStride);
        a3.intoArray(y, y0 + 3 * outStride);
      }
      for (; t < frames; t++) {
        IntVector a = bias;
        int x0 = t * inStride;
        for (int q = 0; q < width; q++) {
          a = a.add(IntVector.fromArray(SPECIES, w, q * outStride + oc).mul(x[x0 + q]));
        }
        a.intoArray(y, t * outStride + oc);
      }
    }
  }

  /** {@link IntKernels#convolveLong}: as {@link #convolve} in long lanes. */
  static void convolveLong(int[] x, int inStride, int frames, long[] w, long[] b, int outStride, long[] y) {
    int width = w.length / outStride;
    for (int oc = 0; oc < outStride; oc += LONG_LANES) {
      LongVector bias = LongVector.fromArray(LONG_SPECIES, b, oc);
      int t = 0;
      for (; t + 4 <= frames; t += 4) {
        LongVector a0 = bias;
        LongVector a1 = bias;
        LongVector a2 = bias;
        LongVector a3 = bias;
        int x0 = t * inStride;
        int x1 = x0 + inStride;
        int x2 = x1 + inStride;
        int x3 = x2 + inStride;
        for (int q = 0; q < width; q++) {
          LongVector wv = LongVector.fromArray(LONG_SPECIES, w, q * outStride + oc);
          a0 = a0.add(wv.mul(x[x0 + q]));
          a1 = a1.add(wv.mul(x[x1 + q]));
          a2 = a2.add(wv.mul(x[x2 + q]));
          a3 = a3.add(wv.mul(x[x3 + q]));
        }
        int y0 = t * outStride + oc;
        a0.intoArray(y, y0);
        a1.intoArray(y, y0 + outStride);
        a2.intoArray(y, y0 + 2 * outStride);
        a3.intoArray(y, y0 + 3 * outStride);
      }
      for (; t < frames; t++) {
        LongVector a = bias;
        int x0 = t * inStride;
        for (int q = 0; q < width; q++) {
          a = a.add(LongVector.fromArray(LONG_SPECIES, w, q * outStride + oc).mul(x[x0 + q]));
        }
        a.intoArray(y, t * outStride + oc);
      }
    }
  }

  /** {@link IntKernels#maxPool}, {@link #LANES} channels at a time. */
  static void maxPool(int[] y, int stride, int pool, int steps, int[] out) {
    for (int t = 0; t < steps; t++) {
      for (int c = 0; c < stride; c += LANES) {
        IntVector m = IntVector.fromArray(SPECIES, y, t * pool * stride + c);
        for (int j = 1; j < pool; j++) {
          m = m.max(IntVector.fromArray(SPECIES, y, (t * pool + j) * stride + c));
        }
        m.intoArray(out, t * stride + c);
      }
    }
  }

  /** Below this magnitude {@link #toFloats} is exact: 2^22. */
  static final int TO_FLOATS_LIMIT = 1 << 22;

  /**
   * {@code out[i] = x[i]} as floats for |x| < 2^22, by the bits: 1.5·2^23 + x is a float whose
   * significand's low bits are x, so {@code intBits(0x4B400000 + x) − 1.5·2^23} is x exactly. The
   * JIT compiles a plain {@code (float)} loop to scalar conversions, each waiting on the last
   * (6 µs for one window, longer than the convolution); these are additions in SIMD registers.
   */
  static void toFloats(int[] x, float[] out) {
    toFloats(x, x.length, out);
  }

  /** {@link #toFloats} of the first n codes. */
  static void toFloats(int[] x, int n, float[] out) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
      IntVector.fromArray(SPECIES, x, i).add(0x4B400000).reinterpretAsFloats().sub(12582912f).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = x[i];
    }
  }

  /**
   * {@code y[i] = (int) sums[i] + b[i mod stride]} for i < n, n and stride multiples of {@link
   * #LANES}, for float sums of integer products (exact integers) of magnitude below 2^22 ({@link
   * #TO_FLOATS_LIMIT}): the inverse of {@link #toFloats}, {@code intBits(v + 1.5·2^23) −
   * 0x4B400000} is v exactly, in SIMD registers (a scalar loop of float-to-int conversions took a
   * sixth of a window's time, and JDK 17 does not compile the Vector API's F2I conversion).
   */
  static void addBias(float[] sums, int[] b, int stride, int n, int[] y) {
    for (int row = 0; row < n; row += stride) {
      for (int o = 0; o < stride; o += LANES) {
        FloatVector.fromArray(FLOAT_SPECIES, sums, row + o).add(12582912f).reinterpretAsInts().sub(0x4B400000)
            .add(IntVector.fromArray(SPECIES, b, o)).intoArray(y, row + o);
      }
    }
  }

  /**
   * {@code y[i] = b[i mod stride] + (int) p[i] << sp + (int) r[i] << sr} for i < n ({@code r}
   * null: no second term), stride = b.length and n multiples of {@link #LANES}, for float sums of
   * integer products below 2^22 in magnitude ({@link #TO_FLOATS_LIMIT}) converted by the bits as
   * {@link #addBias} does, and totals the caller has bounded to fit an int: the LSTM's gate sums
   * of a batch step, a register at a time.
   */
  static void shiftedSums(float[] p, int sp, float[] r, int sr, int[] b, int n, int[] y) {
    int stride = b.length;
    for (int row = 0; row < n; row += stride) {
      for (int o = 0; o < stride; o += LANES) {
        int i = row + o;
        IntVector sum = IntVector.fromArray(SPECIES, b, o).add(exactInts(p, i).lanewise(VectorOperators.LSHL, sp));
        if (r != null) {
          sum = sum.add(exactInts(r, i).lanewise(VectorOperators.LSHL, sr));
        }
        sum.intoArray(y, i);
      }
    }
  }

  /** The integers a register of floats holds (each below 2^22 in magnitude), as {@link #addBias}. */
  private static IntVector exactInts(float[] v, int at) {
    return FloatVector.fromArray(FLOAT_SPECIES, v, at).add(12582912f).reinterpretAsInts().sub(0x4B400000);
  }

  /**
   * {@link Requantizer#applyInPlace} for its fast case: clamp to [lo, hi] (lo ≥ 0 with ReLU),
   * shift right rounding to nearest even, clamp to the output codes. n is a multiple of LANES.
   */
  static void requantize(int[] y, int n, int lo, int hi, int shift, int half, int mask, int outMin, int outMax) {
    for (int i = 0; i < n; i += LANES) {
      IntVector v = IntVector.fromArray(SPECIES, y, i).max(lo).min(hi);
      IntVector floor = v.lanewise(VectorOperators.ASHR, shift);
      IntVector rem = v.and(mask);
      VectorMask<Integer> up = rem.compare(VectorOperators.GT, half)
          .or(rem.compare(VectorOperators.EQ, half).and(floor.and(1).compare(VectorOperators.NE, 0)));
      floor.blend(floor.add(1), up).max(outMin).min(outMax).intoArray(y, i);
    }
  }
}
