package org.voicegender.features;

/**
 * Power spectra {@code |rfft(frame · window)|²} of {@link #FRAMES} STFT frames at once, and their
 * mel bands: the frames are laid out side by side ({@code [bin][frame]}), so every butterfly of
 * the FFT is the same arithmetic on {@code FRAMES} adjacent numbers, which {@link SpectrumKernel}
 * does with the Vector API (one 512-bit register) and the plain loops here do lane by lane, with
 * the same operations in the same order, so both give the same bits (the kernel's first FFT stage
 * skips the products by the twiddle 1 + 0i, which can change only the sign of a zero: the power
 * spectra and mel bands are the same bits).
 *
 * <p>The FFT: the real frame of n samples as a complex signal of n/2 points (even samples real,
 * odd imaginary), an iterative radix-2 decimation-in-time FFT on bit-reversed input, then the
 * standard split into the real signal's spectrum (e.g. Press et al., Numerical Recipes, §12.3).
 * In double precision; it agrees with JTransforms' {@code realForward} to rounding (~1e-16).
 *
 * <p>Not thread-safe: scratch buffers are reused; one per {@link MfccExtractor}.
 */
final class FramePowerSpectra {
  /** Frames per batch: 8 doubles fill a 512-bit register. */
  static final int FRAMES = 8;

  /** Points per block of the narrow FFT stages: 256 · 8 lanes · 16 bytes = 32 KB of L1. */
  static final int BLOCK = 256;

  private static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !Boolean.getBoolean("voicegender.mfcc.scalar");

  private final int nFft;
  private final int points;
  private final int[] bitReversed;
  /** exp(-2πi j / points) for j < points / 2, the complex FFT's twiddles. */
  private final double[] twiddleRe;

  private final double[] twiddleIm;
  /** exp(-2πi k / nFft) for k ≤ points, the real-spectrum split's twiddles. */
  private final double[] splitRe;

  private final double[] splitIm;
  private final double[] re;
  private final double[] im;
  /** power[k · FRAMES + f]: bin k of frame f. */
  private final double[] power;

  private final boolean vector;
  /** The padded window by hop: {@code byHop[j · columns + c] = padded[c · hop + j]}. */
  private double[] byHop = new double[0];

  private int columns;
  private int hop;
  /**
   * Where {@link #load} reads each point's two samples in {@code byHop}, in the FFT's
   * bit-reversed order: sample {@code 2·rev(q)} at {@code sampleAt[2q]}, {@code 2·rev(q) + 1} at
   * {@code sampleAt[2q + 1]} (plus the batch's first frame). Depends on hop and columns only, so
   * it is made when they change, not for every batch.
   */
  private int[] sampleAt = new int[0];

  /** Whether the Vector API kernels run ({@code -Dvoicegender.mfcc.scalar=true}: plain loops). */
  static boolean vectorApi() {
    return VECTOR;
  }

  FramePowerSpectra(int nFft) {
    this(nFft, VECTOR);
  }

  FramePowerSpectra(int nFft, boolean vector) {
    if (nFft < 2 || Integer.bitCount(nFft) != 1) {
      throw new IllegalArgumentException("n_fft must be a power of two >= 2, got " + nFft);
    }
    this.nFft = nFft;
    this.points = nFft / 2;
    this.vector = vector;
    int bits = Integer.numberOfTrailingZeros(points);
    bitReversed = new int[points];
    for (int i = 0; i < points; i++) {
      bitReversed[i] = Integer.reverse(i) >>> (32 - bits);
    }
    twiddleRe = new double[Math.max(1, points / 2)];
    twiddleIm = new double[twiddleRe.length];
    for (int j = 0; j < points / 2; j++) {
      twiddleRe[j] = Math.cos(2 * Math.PI * j / points);
      twiddleIm[j] = -Math.sin(2 * Math.PI * j / points);
    }
    splitRe = new double[points + 1];
    splitIm = new double[points + 1];
    for (int k = 0; k <= points; k++) {
      splitRe[k] = Math.cos(2 * Math.PI * k / nFft);
      splitIm[k] = -Math.sin(2 * Math.PI * k / nFft);
    }
    re = new double[points * FRAMES];
    im = new double[points * FRAMES];
    power = new double[(points + 1) * FRAMES];
  }

  /**
   * Lays out a padded window for {@link #melBands}: sample {@code c · hop + j} at row j, column
   * c, so the frames of a batch, {@code hop} samples apart, read a sample each from adjacent
   * columns. Columns past the window's end stay zero.
   */
  void prepare(double[] padded, int hop) {
    int cols = (padded.length + hop - 1) / hop + FRAMES;
    if (byHop.length != hop * cols) {
      byHop = new double[hop * cols];
    }
    if (cols != columns || hop != this.hop) { // both 0 before the first window
      sampleAt = new int[2 * points];
      for (int i = 0; i < sampleAt.length; i++) {
        int sample = 2 * bitReversed[i / 2] + i % 2;
        sampleAt[i] = (sample % hop) * cols + sample / hop;
      }
    }
    this.columns = cols;
    this.hop = hop;
    // Read in order, write down the columns: reading down a row instead (a stride of hop
    // doubles, 4 KB for hop 512) mapped every read to the same L1 set, and took 10 % of the MFCC.
    for (int c = 0, at = 0; at < padded.length; c++, at += hop) {
      int n = Math.min(hop, padded.length - at);
      for (int j = 0; j < n; j++) {
        byHop[j * cols + c] = padded[at + j];
      }
    }
  }

  /**
   * Frames {@code first .. first + count - 1} ({@code count ≤ FRAMES}) of the window last given
   * to {@link #prepare}, frame t starting at sample {@code t · hop}, windowed, transformed, and
   * their mel bands written to {@code mel[m][first + f]}. Lanes past {@code count} hold whatever
   * follows (zeros or frames beyond the window) and are not written out.
   */
  void melBands(double[] window, int first, int count, MelFilterbank filterbank, double[][] mel) {
    if (vector) {
      SpectrumKernel.load(byHop, sampleAt, window, bitReversed, first, re, im);
      SpectrumKernel.fft(re, im, points, twiddleRe, twiddleIm);
      SpectrumKernel.power(re, im, points, splitRe, splitIm, power);
      SpectrumKernel.mel(power, filterbank, mel, first, count);
    } else {
      load(window, first);
      fft();
      power();
      mel(filterbank, mel, first, count);
    }
  }

  /** Windowed frames into bit-reversed complex order (point q holds sample pair rev(q)). */
  private void load(double[] window, int first) {
    for (int q = 0; q < points; q++) {
      int p = bitReversed[q];
      int even = sampleAt[2 * q] + first;
      int odd = sampleAt[2 * q + 1] + first;
      double w0 = window[2 * p];
      double w1 = window[2 * p + 1];
      int at = q * FRAMES;
      for (int f = 0; f < FRAMES; f++) {
        re[at + f] = byHop[even + f] * w0;
        im[at + f] = byHop[odd + f] * w1;
      }
    }
  }

  /**
   * The radix-2 stages two at a time (each point's four operands loaded once for both: the same
   * operations in the same order as one stage after the other, so the same bits); the narrow
   * stages block by block while a block of {@link #BLOCK} points is in L1, the wide ones over the
   * whole array; a last single stage when the count is odd.
   */
  private void fft() {
    int block = Math.min(points, BLOCK);
    int half = 1;
    for (int from = 0; from < points; from += block) {
      for (half = 1; 4 * half <= block; half *= 4) {
        stagePair(half, from, from + block);
      }
    }
    for (; 4 * half <= points; half *= 4) {
      stagePair(half, 0, points);
    }
    if (half < points) {
      stage(half, 0, points);
    }
  }

  /** Stages {@code half} and {@code 2 · half} on the points in {@code [from, to)}. */
  private void stagePair(int half, int from, int to) {
    int stride1 = points / (2 * half);
    int stride2 = stride1 / 2;
    for (int start = from; start < to; start += 4 * half) {
      for (int j = 0; j < half; j++) {
        double w1r = twiddleRe[j * stride1];
        double w1i = twiddleIm[j * stride1];
        double w2r = twiddleRe[j * stride2];
        double w2i = twiddleIm[j * stride2];
        double w3r = twiddleRe[(j + half) * stride2];
        double w3i = twiddleIm[(j + half) * stride2];
        int ia = (start + j) * FRAMES;
        int ib = ia + half * FRAMES;
        int ic = ib + half * FRAMES;
        int id = ic + half * FRAMES;
        for (int f = 0; f < FRAMES; f++) {
          double ar = re[ia + f];
          double ai = im[ia + f];
          double br = re[ib + f];
          double bi = im[ib + f];
          double cr = re[ic + f];
          double ci = im[ic + f];
          double dr = re[id + f];
          double di = im[id + f];
          double tr = br * w1r - bi * w1i;
          double ti = br * w1i + bi * w1r;
          double a1r = ar + tr;
          double a1i = ai + ti;
          double b1r = ar - tr;
          double b1i = ai - ti;
          tr = dr * w1r - di * w1i;
          ti = dr * w1i + di * w1r;
          double c1r = cr + tr;
          double c1i = ci + ti;
          double d1r = cr - tr;
          double d1i = ci - ti;
          tr = c1r * w2r - c1i * w2i;
          ti = c1r * w2i + c1i * w2r;
          re[ia + f] = a1r + tr;
          im[ia + f] = a1i + ti;
          re[ic + f] = a1r - tr;
          im[ic + f] = a1i - ti;
          tr = d1r * w3r - d1i * w3i;
          ti = d1r * w3i + d1i * w3r;
          re[ib + f] = b1r + tr;
          im[ib + f] = b1i + ti;
          re[id + f] = b1r - tr;
          im[id + f] = b1i - ti;
        }
      }
    }
  }

  private void stage(int half, int from, int to) {
    int stride = points / (2 * half);
    for (int start = from; start < to; start += 2 * half) {
      for (int j = 0; j < half; j++) {
        double wr = twiddleRe[j * stride];
        double wi = twiddleIm[j * stride];
        int a = (start + j) * FRAMES;
        int b = a + half * FRAMES;
        for (int f = 0; f < FRAMES; f++) {
          double br = re[b + f];
          double bi = im[b + f];
          double tr = br * wr - bi * wi;
          double ti = br * wi + bi * wr;
          double ar = re[a + f];
          double ai = im[a + f];
          re[b + f] = ar - tr;
          im[b + f] = ai - ti;
          re[a + f] = ar + tr;
          im[a + f] = ai + ti;
        }
      }
    }
  }

  /** The real frames' spectra from the complex one, squared: bins 0 .. points. */
  private void power() {
    for (int f = 0; f < FRAMES; f++) {
      double dc = re[f] + im[f];
      double nyquist = re[f] - im[f];
      power[f] = dc * dc;
      power[points * FRAMES + f] = nyquist * nyquist;
    }
    for (int k = 1; k < points; k++) {
      int a = k * FRAMES;
      int b = (points - k) * FRAMES;
      double wr = splitRe[k];
      double wi = splitIm[k];
      for (int f = 0; f < FRAMES; f++) {
        double zr = re[a + f];
        double zi = im[a + f];
        double cr = re[b + f];
        double ci = im[b + f];
        double er = 0.5 * (zr + cr);
        double ei = 0.5 * (zi - ci);
        double or = 0.5 * (zi + ci);
        double oi = 0.5 * (cr - zr);
        double xr = er + (wr * or - wi * oi);
        double xi = ei + (wr * oi + wi * or);
        power[a + f] = xr * xr + xi * xi;
      }
    }
  }

  /** Each band's sum over its bins, in ascending bin order as {@link MelFilterbank#apply}. */
  private void mel(MelFilterbank filterbank, double[][] mel, int first, int count) {
    double[] acc = new double[FRAMES];
    for (int m = 0; m < filterbank.bands(); m++) {
      double[] w = filterbank.weights(m);
      int at = filterbank.firstBin(m) * FRAMES;
      java.util.Arrays.fill(acc, 0.0);
      for (int i = 0; i < w.length; i++) {
        int row = at + i * FRAMES;
        for (int f = 0; f < FRAMES; f++) {
          acc[f] += w[i] * power[row + f];
        }
      }
      System.arraycopy(acc, 0, mel[m], first, count);
    }
  }
}
