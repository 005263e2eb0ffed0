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
    float[] y = new float[outputLength(length)];
    // Four outputs at a time, each with its own running sum in the taps' order (so the numbers
    // are those of one output at a time, bit for bit): one sum alone is a chain of dependent
    // adds bound by the adder's latency, four interleaved chains keep it busy (about 3x faster).
    int k = 0;
    for (; k + 4 <= y.length; k += 4) {
      outputsOfFour(x, from, length, k, y);
    }
    for (; k < y.length; k++) {
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
      y[k] = (float) acc;
    }
    return y;
  }

  /**
   * Outputs {@code k .. k+3}: each sums its taps {@code jStart..jEnd} in ascending order, first
   * alone up to the latest start of the four, then all four together up to the earliest end, then
   * alone again.
   */
  private void outputsOfFour(float[] x, int from, int length, int k, float[] y) {
    int[] n0 = new int[4];
    double[][] b = new double[4][];
    int[] js = new int[4];
    int[] je = new int[4];
    for (int i = 0; i < 4; i++) {
      long base = half + (long) down * (k + i);
      n0[i] = (int) (base / up);
      b[i] = branches[(int) (base % up)];
      js[i] = Math.max(0, n0[i] - (length - 1));
      je[i] = Math.min(b[i].length - 1, n0[i]);
    }
    int commonStart = Math.max(Math.max(js[0], js[1]), Math.max(js[2], js[3]));
    int commonEnd = Math.min(Math.min(je[0], je[1]), Math.min(je[2], je[3]));
    if (commonStart > commonEnd) { // only at the very edges of a short signal
      commonStart = commonEnd + 1;
    }
    double[] acc = new double[4];
    for (int i = 0; i < 4; i++) {
      double a = 0;
      for (int j = js[i]; j < Math.min(commonStart, je[i] + 1); j++) {
        a += x[from + n0[i] - j] * b[i][j];
      }
      acc[i] = a;
    }
    double a0 = acc[0];
    double a1 = acc[1];
    double a2 = acc[2];
    double a3 = acc[3];
    double[] b0 = b[0];
    double[] b1 = b[1];
    double[] b2 = b[2];
    double[] b3 = b[3];
    int x0 = from + n0[0];
    int x1 = from + n0[1];
    int x2 = from + n0[2];
    int x3 = from + n0[3];
    for (int j = commonStart; j <= commonEnd; j++) {
      a0 += x[x0 - j] * b0[j];
      a1 += x[x1 - j] * b1[j];
      a2 += x[x2 - j] * b2[j];
      a3 += x[x3 - j] * b3[j];
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
    for (int i = 0; i < 4; i++) {
      double a = acc[i];
      for (int j = Math.max(commonEnd + 1, js[i]); j <= je[i]; j++) {
        a += x[from + n0[i] - j] * b[i][j];
      }
      y[k + i] = (float) a;
    }
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
