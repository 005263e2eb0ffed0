package org.voicegender.compress;

/**
 * A fixed-point FFT path for a block-circulant integer product, as FFT hardware would compute it
 * (an approximation of {@link CirculantIntegerMatrix}'s exact sums): radix-2 complex FFTs of
 * length k on 64-bit integers with twiddle factors rounded to {@code twiddleBits} fraction bits
 * the data carrying {@code guardBits} fraction bits, each butterfly product rounded back to them
 * (half away from zero); the weight spectra rounded to
 * {@code spectrumBits} fraction bits; the products summed over input blocks and rounded back to
 * the data's scale, one inverse FFT per output block, and the result divided by k (and the
 * guard bits) with rounding. Words stay within 64 bits for codes up to 16 bits, k ≤ 16 and the
 * widths the constructor allows. Its error against the exact
 * integer sum is what {@link #maxError} measures. Not thread-safe (work arrays).
 */
public final class FixedPointFft {
  private final int rows;
  private final int cols;
  private final int k;
  private final int twiddleBits;
  private final int spectrumBits;
  private final int guardBits;
  private final long[] cos; // round(cos(2πj/k)·2^T)
  private final long[] sin; // round(sin(2πj/k)·2^T)
  private final long[][][] spectrumRe; // [rowBlock][colBlock][k], scale 2^S
  private final long[][][] spectrumIm;

  public FixedPointFft(CirculantIntegerMatrix m, int twiddleBits, int spectrumBits, int guardBits) {
    if (m.k() < 2 || twiddleBits < 2 || twiddleBits > 24 || spectrumBits < 0 || spectrumBits > 16 || guardBits < 0
        || guardBits > 8) {
      throw new IllegalArgumentException("a fixed-point FFT needs blocks of 2 or more (" + m.k() + "), 2-24"
          + " twiddle bits (" + twiddleBits + "), 0-16 spectrum bits (" + spectrumBits + ") and 0-8 guard bits ("
          + guardBits + ")");
    }
    this.guardBits = guardBits;
    this.rows = m.rows();
    this.cols = m.cols();
    this.k = m.k();
    this.twiddleBits = twiddleBits;
    this.spectrumBits = spectrumBits;
    cos = new long[k];
    sin = new long[k];
    for (int j = 0; j < k; j++) {
      cos[j] = Math.round(Math.cos(2 * Math.PI * j / k) * (1L << twiddleBits));
      sin[j] = Math.round(Math.sin(2 * Math.PI * j / k) * (1L << twiddleBits));
    }
    long[][][] codes = m.codes();
    spectrumRe = new long[codes.length][codes[0].length][k];
    spectrumIm = new long[codes.length][codes[0].length][k];
    for (int a = 0; a < codes.length; a++) {
      for (int b = 0; b < codes[0].length; b++) {
        for (int f = 0; f < k; f++) { // the exact DFT in double, rounded to the stored precision
          double re = 0;
          double im = 0;
          for (int t = 0; t < k; t++) {
            re += codes[a][b][t] * Math.cos(-2 * Math.PI * f * t / k);
            im += codes[a][b][t] * Math.sin(-2 * Math.PI * f * t / k);
          }
          spectrumRe[a][b][f] = Math.round(re * (1L << spectrumBits));
          spectrumIm[a][b][f] = Math.round(im * (1L << spectrumBits));
        }
      }
    }
  }

  /** The approximate sums {@code Σ_i x[i]·W[i][j]}. */
  public long[] multiply(long[] x) {
    int rb = spectrumRe.length;
    int cb = spectrumRe[0].length;
    long[][] xr = new long[rb][k];
    long[][] xi = new long[rb][k];
    for (int a = 0; a < rb; a++) {
      for (int t = 0; t < k && a * k + t < rows; t++) {
        xr[a][t] = x[a * k + t] << guardBits;
      }
      fft(xr[a], xi[a], false);
    }
    long[] y = new long[cols];
    long[] sr = new long[k];
    long[] si = new long[k];
    for (int b = 0; b < cb; b++) {
      java.util.Arrays.fill(sr, 0);
      java.util.Arrays.fill(si, 0);
      for (int a = 0; a < rb; a++) {
        for (int f = 0; f < k; f++) {
          long wr = spectrumRe[a][b][f];
          long wi = spectrumIm[a][b][f];
          sr[f] += xr[a][f] * wr - xi[a][f] * wi;
          si[f] += xr[a][f] * wi + xi[a][f] * wr;
        }
      }
      for (int f = 0; f < k; f++) { // back to integer scale before the inverse, as a datapath keeps its width
        sr[f] = roundShift(sr[f], spectrumBits);
        si[f] = roundShift(si[f], spectrumBits);
      }
      fft(sr, si, true);
      int shift = Integer.numberOfTrailingZeros(k) + guardBits; // the inverse's 1/k and the guard bits
      for (int c = 0; c < k && b * k + c < cols; c++) {
        y[b * k + c] = roundShift(sr[c], shift);
      }
    }
    return y;
  }

  /** In-place radix-2 FFT (inverse: conjugate twiddles, no 1/k), products rounded to integers. */
  private void fft(long[] re, long[] im, boolean inverse) {
    for (int i = 1, j = 0; i < k; i++) { // bit reversal
      int bit = k >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        long t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= k; len <<= 1) {
      int step = k / len;
      for (int start = 0; start < k; start += len) {
        for (int j = 0; j < len / 2; j++) {
          long wr = cos[j * step];
          long wi = inverse ? sin[j * step] : -sin[j * step];
          int p = start + j;
          int q = p + len / 2;
          long tr = roundShift(re[q] * wr - im[q] * wi, twiddleBits);
          long ti = roundShift(re[q] * wi + im[q] * wr, twiddleBits);
          re[q] = re[p] - tr;
          im[q] = im[p] - ti;
          re[p] += tr;
          im[p] += ti;
        }
      }
    }
  }

  private static long roundShift(long v, int shift) {
    if (shift == 0) {
      return v;
    }
    long half = 1L << (shift - 1);
    return v >= 0 ? (v + half) >> shift : -((-v + half) >> shift);
  }

  /** Largest |fixed-point FFT sum − exact sum| over {@code inputs}, and the largest |exact sum|. */
  public long[] maxError(CirculantIntegerMatrix exact, Iterable<long[]> inputs) {
    long worst = 0;
    long scale = 0;
    for (long[] x : inputs) {
      long[] want = new long[cols];
      exact.multiplyAdd(x, want);
      long[] got = multiply(x);
      for (int j = 0; j < cols; j++) {
        worst = Math.max(worst, Math.abs(got[j] - want[j]));
        scale = Math.max(scale, Math.abs(want[j]));
      }
    }
    return new long[] {worst, scale};
  }
}
