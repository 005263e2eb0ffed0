package org.voicegender.audio;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A port of SciPy's {@code resample_poly(x, up, down)} with its default filter, the resampler
 * that defines the golden features (../shared/golden/README.md, "Resampling").
 *
 * <p>For rates r → R, {@code g = gcd(r, R)}, {@code up = R/g}, {@code down = r/g}. The filter is
 * {@code firwin(2·10·max(up, down) + 1, 1/max(up, down), window=('kaiser', 5.0))} scaled by
 * {@code up}; the output is {@code y[k] = Σ_n x[n]·up·h[half + down·k − up·n]} for {@code k <
 * ceil(n·up/down)}. The sum runs over one polyphase branch of the filter, so each output costs
 * about {@code 20·max(up,down)/up} multiply-adds (20 for 16 kHz → 22,050 Hz).
 *
 * <p>Instances are immutable and thread-safe; {@link #of} caches one per rate pair.
 */
public final class PolyphaseResampler {
  /** SciPy resample_poly: half-length of the filter in units of max(up, down). */
  private static final int HALF_LENGTH_FACTOR = 10;
  /** SciPy resample_poly: default window ('kaiser', 5.0). */
  private static final double KAISER_BETA = 5.0;

  /** Whether the Vector API is there (an incubator module in JDK 17; plain loops without it). */
  private static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("voicegender.resampler.scalar");
  /** Zeros after the laid-out input, so a register of outputs never reads past the array. */
  private static final int SPARE = VECTOR ? PhaseKernel.LANES : 0;

  private static final ConcurrentMap<Long, PolyphaseResampler> CACHE = new ConcurrentHashMap<>();

  private final int fromRate;
  private final int toRate;
  private final int up;
  private final int down;
  private final int half;
  /** branches[r][j] = up · h[r + up·j]: the taps one output phase uses, in input order. */
  private final double[][] branches;

  private PolyphaseResampler(int fromRate, int toRate) {
    this.fromRate = fromRate;
    this.toRate = toRate;
    int g = gcd(fromRate, toRate);
    this.up = toRate / g;
    this.down = fromRate / g;
    int maxRate = Math.max(up, down);
    this.half = HALF_LENGTH_FACTOR * maxRate;
    double[] h = lowPassFilter(2 * half + 1, 1.0 / maxRate);
    this.branches = new double[up][];
    for (int r = 0; r < up; r++) {
      int taps = (h.length - 1 - r) / up + 1;
      double[] branch = new double[Math.max(taps, 0)];
      for (int j = 0; j < branch.length; j++) {
        branch[j] = up * h[r + up * j];
      }
      branches[r] = branch;
    }
  }

  /** The resampler from {@code fromRate} to {@code toRate} Hz (cached). */
  public static PolyphaseResampler of(int fromRate, int toRate) {
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException(
          "sample rates must be positive, got " + fromRate + " → " + toRate);
    }
    return CACHE.computeIfAbsent(
        ((long) fromRate << 32) | toRate, k -> new PolyphaseResampler(fromRate, toRate));
  }

  public int fromRate() {
    return fromRate;
  }

  public int toRate() {
    return toRate;
  }

  /** Number of outputs for {@code n} inputs: ceil(n·up/down), as SciPy. */
  public int outputLength(int n) {
    return (int) ((n * (long) up + down - 1) / down);
  }

  /** Resamples {@code x}; returns a copy when the rates are equal. */
  public float[] resample(float[] x) {
    return resample(x, 0, x.length);
  }

  /** Resamples {@code x[from, from + length)} as if it were the whole signal. */
  public float[] resample(float[] x, int from, int length) {
    if (from < 0 || length < 0 || from + length > x.length) {
      throw new IndexOutOfBoundsException(
          "range [" + from + ", " + (from + length) + ") of " + x.length + " samples");
    }
    if (up == down) {
      return java.util.Arrays.copyOfRange(x, from, from + length);
    }
    return byPhase(x, from, length);
  }

  /**
   * Each range {@code [starts[i], starts[i] + lengths[i])} of {@code x} resampled as if it were
   * the whole signal, exactly as {@link #resample(float[], int, int)} gives it, with the work of
   * overlapping ranges shared (the every-window policy's 2 s windows 1 s apart overlap by half).
   * When a range starts where an output of the whole signal falls ({@code start·up/down} whole),
   * its outputs whose taps all lie inside the range are the whole signal's outputs: the same terms
   * in the same order, so the same bits. Those are copied from one resampling of the whole
   * signal; the few at the range's edges, which the range's ends cut off, are computed on their own.
   */
  public float[][] resampleRanges(float[] x, int[] starts, int[] lengths) {
    if (starts.length != lengths.length) {
      throw new IllegalArgumentException(starts.length + " starts for " + lengths.length + " lengths");
    }
    float[][] out = new float[starts.length][];
    float[] whole = null;
    for (int r = 0; r < starts.length; r++) {
      int from = starts[r];
      int length = lengths[r];
      // The whole signal as one range (the first-window policy's one window of a short file, or
      // the decoded prefix): that is resample(x) itself, with no second copy.
      if (up == down || (long) from * up % down != 0 || length == 0
          || (from == 0 && length == x.length)) {
        out[r] = resample(x, from, length);
        continue;
      }
      if (from < 0 || from + length > x.length) {
        throw new IndexOutOfBoundsException(
            "range [" + from + ", " + (from + length) + ") of " + x.length + " samples");
      }
      if (whole == null) {
        whole = resample(x);
      }
      int offset = (int) ((long) from * up / down);
      float[] y = new float[outputLength(length)];
      for (int k = 0; k < y.length; k++) {
        long base = half + (long) down * k;
        int n0 = (int) (base / up);
        int taps = branches[(int) (base % up)].length;
        boolean inside = n0 - (taps - 1) >= 0 && n0 <= length - 1;
        y[k] = inside ? whole[k + offset] : output(x, from, length, k);
      }
      out[r] = y;
    }
    return out;
  }

  /** Output k of {@code x[from, from + length)}, one tap after the other. */
  private float output(float[] x, int from, int length, int k) {
    long base = half + (long) down * k;
    int n0 = (int) (base / up);
    double[] branch = branches[(int) (base % up)];
    // Terms with n0 - j outside [0, length) are zero.
    int jStart = Math.max(0, n0 - (length - 1));
    int jEnd = Math.min(branch.length - 1, n0);
    double acc = 0;
    for (int j = jStart; j <= jEnd; j++) {
      acc += x[from + n0 - j] * branch[j];
    }
    return (float) acc;
  }

  /**
   * The outputs phase by phase. Outputs {@code k, k + up, k + 2·up, ...} use the same branch of
   * taps, on inputs {@code down} samples apart; with the input laid out in {@code down} rows
   * ({@code row r, column c} = sample {@code down·c + r}), their inputs for one tap are adjacent,
   * so one tap is a multiply-add over a whole row segment, which the JIT vectorises. Each output
   * still sums its taps in ascending order; the zeros around the signal stand for the terms the
   * definition leaves out (adding ±0 to a sum that starts at +0 leaves it as it was), so the
   * result is that of one output at a time, bit for bit.
   */
  private float[] byPhase(float[] x, int from, int length) {
    float[] y = new float[outputLength(length)];
    if (y.length == 0) {
      return y;
    }
    int maxTaps = 0;
    for (double[] b : branches) {
      maxTaps = Math.max(maxTaps, b.length);
    }
    int before = down * ((maxTaps + down) / down); // zeros before sample 0, a multiple of down
    long lastInput = (half + (long) down * (y.length - 1)) / up; // n0 of the last output
    int padded = (int) Math.max(length, lastInput + 1) + before;
    int columns = (padded + down - 1) / down + 1;
    double[] rows = scratch(down * columns + SPARE);
    layOut(x, from, length, rows, columns, before / down);
    double[] acc = VECTOR ? PhaseKernel.lanes() : new double[(y.length + up - 1) / up];
    int[] at = new int[maxTaps];
    for (int k0 = 0; k0 < Math.min(up, y.length); k0++) {
      long base = half + (long) down * k0;
      int n0 = (int) (base / up);
      double[] branch = branches[(int) (base % up)];
      int outputs = (y.length - k0 + up - 1) / up;
      // Padded index i = n0 - j + before of each tap's input for the phase's first output, at
      // row i % down, column i / down; i falls by one per tap, so the row and column are counted.
      int i = n0 + before;
      int row = i % down;
      int column = i / down;
      for (int j = 0; j < branch.length; j++) {
        at[j] = row * columns + column;
        if (--row < 0) {
          row = down - 1;
          column--;
        }
      }
      if (VECTOR) {
        PhaseKernel.phase(rows, at, branch, outputs, y, k0, up, acc);
        continue;
      }
      java.util.Arrays.fill(acc, 0, outputs, 0.0);
      for (int j = 0; j < branch.length; j++) {
        double b = branch[j];
        int a = at[j];
        for (int m = 0; m < outputs; m++) {
          acc[m] += rows[a + m] * b;
        }
      }
      for (int m = 0; m < outputs; m++) {
        y[k0 + up * m] = (float) acc[m];
      }
    }
    return y;
  }

  /**
   * Sample {@code n} of {@code x[from, from + length)} into row {@code n % down}, column {@code
   * firstColumn + n / down} of {@code rows} (rows of {@code columns} doubles). The input is read
   * eight columns at a time, so each row's stores fill whole cache lines and the reads are eight
   * sequential streams, rather than one store per cache line for every sample.
   */
  private void layOut(float[] x, int from, int length, double[] rows, int columns, int firstColumn) {
    int full = length / down; // columns with all down rows
    int c = 0;
    for (; c + 8 <= full; c += 8) {
      int src = from + c * down;
      int dst = firstColumn + c;
      for (int r = 0; r < down; r++, dst += columns) {
        int s = src + r;
        rows[dst] = x[s];
        rows[dst + 1] = x[s + down];
        rows[dst + 2] = x[s + 2 * down];
        rows[dst + 3] = x[s + 3 * down];
        rows[dst + 4] = x[s + 4 * down];
        rows[dst + 5] = x[s + 5 * down];
        rows[dst + 6] = x[s + 6 * down];
        rows[dst + 7] = x[s + 7 * down];
      }
    }
    for (int n = c * down, r = 0, column = firstColumn + c; n < length; n++) {
      rows[r * columns + column] = x[from + n];
      if (++r == down) {
        r = 0;
        column++;
      }
    }
  }

  /** Per-thread layout buffer (a 2 s window takes ~280 KB), zeroed for each use. */
  private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

  private static double[] scratch(int size) {
    double[] rows = SCRATCH.get();
    if (rows.length < size) {
      rows = new double[size];
      SCRATCH.set(rows);
    } else {
      java.util.Arrays.fill(rows, 0, size, 0.0);
    }
    return rows;
  }

  /**
   * SciPy {@code firwin(numtaps, cutoff, window=('kaiser', β))} for a low-pass with the cutoff
   * relative to Nyquist, scaled to unit gain at DC.
   */
  static double[] lowPassFilter(int numtaps, double cutoff) {
    double alpha = 0.5 * (numtaps - 1);
    double[] h = new double[numtaps];
    double i0Beta = besselI0(KAISER_BETA);
    double sum = 0;
    for (int n = 0; n < numtaps; n++) {
      double m = n - alpha;
      double ratio = 2.0 * n / (numtaps - 1) - 1.0;
      double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / i0Beta;
      h[n] = cutoff * sinc(cutoff * m) * window;
      sum += h[n];
    }
    for (int n = 0; n < numtaps; n++) {
      h[n] /= sum;
    }
    return h;
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1.0;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double term = 1;
    double sum = 1;
    double q = x * x / 4;
    for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
      term *= q / ((double) k * k);
      sum += term;
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
