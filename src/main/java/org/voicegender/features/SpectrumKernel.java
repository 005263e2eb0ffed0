package org.voicegender.features;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FramePowerSpectra}'s loops with the Vector API: each frame of the batch in one lane, the
 * operations those of the plain loops, one by one (a product, then an add; never fused), so the
 * bits are the same. Loaded only when the module is there.
 */
final class SpectrumKernel {
  private static final int FRAMES = FramePowerSpectra.FRAMES;
  private static final VectorSpecies<Double> SPECIES =
      DoubleVector.SPECIES_PREFERRED.length() <= FRAMES
          ? DoubleVector.SPECIES_PREFERRED
          : DoubleVector.SPECIES_512;
  private static final int LANES = SPECIES.length();
  // Scalars enter as broadcast vectors made once per loop, not through mul(double): fewer
  // inlined nodes per operation, which kept C2 (JDK 17) from boxing vectors (see fft).
  private static final DoubleVector HALF = DoubleVector.broadcast(SPECIES, 0.5);

  private SpectrumKernel() {}

  /**
   * As {@code FramePowerSpectra.load}, one register per point and part, with the FFT's first
   * stage done on the way (see {@link #fft}): points q and q + 1 of the bit-reversed order form
   * its butterflies, whose twiddle is 1 + 0i, so {@code b·w} is {@code b} (products by 1 are
   * exact; adding the products by ±0 can change only the sign of a zero, which the power
   * spectrum squares away) and only the add and the subtract remain. The pair's body stays in
   * this method, whose ~400 bytes of bytecode are over C2's inlining limit for hot calls
   * (FreqInlineSize, 325): it is compiled on its own. Inlined into {@code melBands} with the
   * other kernels (as a 321-byte helper was), it overran C2's node budget whenever the cache
   * writer's code had been compiled first, and the vectors were boxed (JFR: double[] and
   * Double512Vector allocated in SpectrumKernel.mel): 0.3 ms more a file at 512 bits.
   */
  static void load(double[] byHop, int[] sampleAt, double[] window, int[] bitReversed,
      int first, double[] re, double[] im) {
    if (bitReversed.length == 1) { // n_fft 2: one point, no butterfly
      for (int v = 0; v < FRAMES; v += LANES) {
        DoubleVector.fromArray(SPECIES, byHop, sampleAt[0] + first + v).mul(window[0])
            .intoArray(re, v);
        DoubleVector.fromArray(SPECIES, byHop, sampleAt[1] + first + v).mul(window[1])
            .intoArray(im, v);
      }
      return;
    }
    for (int q = 0; q < bitReversed.length; q += 2) {
      int p = bitReversed[q];
      int r = bitReversed[q + 1];
      int pEven = sampleAt[2 * q] + first;
      int pOdd = sampleAt[2 * q + 1] + first;
      int rEven = sampleAt[2 * q + 2] + first;
      int rOdd = sampleAt[2 * q + 3] + first;
      DoubleVector wp0 = DoubleVector.broadcast(SPECIES, window[2 * p]);
      DoubleVector wp1 = DoubleVector.broadcast(SPECIES, window[2 * p + 1]);
      DoubleVector wr0 = DoubleVector.broadcast(SPECIES, window[2 * r]);
      DoubleVector wr1 = DoubleVector.broadcast(SPECIES, window[2 * r + 1]);
      int at = q * FRAMES;
      int next = at + FRAMES;
      for (int v = 0; v < FRAMES; v += LANES) {
        DoubleVector ar = DoubleVector.fromArray(SPECIES, byHop, pEven + v).mul(wp0);
        DoubleVector ai = DoubleVector.fromArray(SPECIES, byHop, pOdd + v).mul(wp1);
        DoubleVector br = DoubleVector.fromArray(SPECIES, byHop, rEven + v).mul(wr0);
        DoubleVector bi = DoubleVector.fromArray(SPECIES, byHop, rOdd + v).mul(wr1);
        ar.add(br).intoArray(re, at + v);
        ai.add(bi).intoArray(im, at + v);
        ar.sub(br).intoArray(re, next + v);
        ai.sub(bi).intoArray(im, next + v);
      }
    }
  }

  /**
   * As {@code MfccExtractor}'s DCT: {@code out[c][t] = (float) Σ_m basis[c][m] · db[m][t]}, the
   * sum from 0 in ascending m, a register of frames at a time; the last frames one by one.
   */
  static void dct(double[][] basis, double[][] db, int frames, float[][] out) {
    double[] sums = new double[frames + LANES];
    int whole = frames - frames % LANES;
    for (int c = 0; c < basis.length; c++) {
      double[] b = basis[c];
      java.util.Arrays.fill(sums, 0.0);
      for (int m = 0; m < b.length; m++) {
        double[] row = db[m];
        double bm = b[m];
        DoubleVector bv = DoubleVector.broadcast(SPECIES, bm);
        for (int t = 0; t < whole; t += LANES) {
          DoubleVector.fromArray(SPECIES, sums, t)
              .add(DoubleVector.fromArray(SPECIES, row, t).mul(bv))
              .intoArray(sums, t);
        }
        for (int t = whole; t < frames; t++) {
          sums[t] += bm * row[t];
        }
      }
      float[] o = out[c];
      for (int t = 0; t < frames; t++) {
        o[t] = (float) sums[t];
      }
    }
  }

  /**
   * As {@code FramePowerSpectra.fft}, but one radix-2 stage at a time (the same operations on
   * each point, so the same bits as the plain loops' stage pairs): with two stages fused, C2
   * (JDK 17) ran out of inlining budget at the end of the butterfly and boxed its last vectors
   * whenever the resampler's kernel had been compiled first, which made the MFCC 2x slower. A
   * pass of two stages over 4 points held in registers (half the loads and stores) gave the same
   * bits and a 28 % faster FFT on its own, but its 46 vector operations are more than C2 would
   * inline into one compilation once other kernels were compiled, so in the full pipeline it fell back to the
   * Vector API's boxed Java code (JFR: double[] allocated in lanewiseTemplate) and the MFCC was
   * 30 % slower; one stage a pass (20 operations) stays within it.
   */
  static void fft(double[] re, double[] im, int points, double[] twRe, double[] twIm) {
    int block = Math.min(points, FramePowerSpectra.BLOCK);
    int half = 2; // the first stage (half 1) was done by load
    for (int from = 0; from < points; from += block) {
      for (half = 2; half < block; half *= 2) {
        stage(re, im, points, twRe, twIm, half, from, from + block);
      }
    }
    for (; half < points; half *= 2) {
      stage(re, im, points, twRe, twIm, half, 0, points);
    }
  }

  private static void stage(double[] re, double[] im, int points, double[] twRe, double[] twIm,
      int half, int from, int to) {
    int stride = points / (2 * half);
    for (int start = from; start < to; start += 2 * half) {
      for (int j = 0; j < half; j++) {
        DoubleVector wr = DoubleVector.broadcast(SPECIES, twRe[j * stride]);
        DoubleVector wi = DoubleVector.broadcast(SPECIES, twIm[j * stride]);
        int a0 = (start + j) * FRAMES;
        int b0 = a0 + half * FRAMES;
        for (int v = 0; v < FRAMES; v += LANES) {
          int a = a0 + v;
          int b = b0 + v;
          DoubleVector br = DoubleVector.fromArray(SPECIES, re, b);
          DoubleVector bi = DoubleVector.fromArray(SPECIES, im, b);
          DoubleVector tr = br.mul(wr).sub(bi.mul(wi));
          DoubleVector ti = br.mul(wi).add(bi.mul(wr));
          DoubleVector ar = DoubleVector.fromArray(SPECIES, re, a);
          DoubleVector ai = DoubleVector.fromArray(SPECIES, im, a);
          ar.sub(tr).intoArray(re, b);
          ai.sub(ti).intoArray(im, b);
          ar.add(tr).intoArray(re, a);
          ai.add(ti).intoArray(im, a);
        }
      }
    }
  }

  static void power(double[] re, double[] im, int points, double[] spRe, double[] spIm,
      double[] power) {
    for (int f = 0; f < FRAMES; f++) {
      double dc = re[f] + im[f];
      double nyquist = re[f] - im[f];
      power[f] = dc * dc;
      power[points * FRAMES + f] = nyquist * nyquist;
    }
    for (int k = 1; k < points; k++) {
      int a0 = k * FRAMES;
      int b0 = (points - k) * FRAMES;
      DoubleVector wr = DoubleVector.broadcast(SPECIES, spRe[k]);
      DoubleVector wi = DoubleVector.broadcast(SPECIES, spIm[k]);
      for (int v = 0; v < FRAMES; v += LANES) {
        DoubleVector zr = DoubleVector.fromArray(SPECIES, re, a0 + v);
        DoubleVector zi = DoubleVector.fromArray(SPECIES, im, a0 + v);
        DoubleVector cr = DoubleVector.fromArray(SPECIES, re, b0 + v);
        DoubleVector ci = DoubleVector.fromArray(SPECIES, im, b0 + v);
        DoubleVector er = zr.add(cr).mul(HALF);
        DoubleVector ei = zi.sub(ci).mul(HALF);
        DoubleVector or = zi.add(ci).mul(HALF);
        DoubleVector oi = cr.sub(zr).mul(HALF);
        DoubleVector xr = er.add(or.mul(wr).sub(oi.mul(wi)));
        DoubleVector xi = ei.add(oi.mul(wr).add(or.mul(wi)));
        xr.mul(xr).add(xi.mul(xi)).intoArray(power, a0 + v);
      }
    }
  }

  /** Each band's sum over its bins from 0 in ascending bin order, a register of frames at a time. */
  static void mel(double[] power, MelFilterbank filterbank, double[][] mel, int first, int count) {
    double[] acc = new double[FRAMES];
    for (int m = 0; m < filterbank.bands(); m++) {
      double[] w = filterbank.weights(m);
      int at = filterbank.firstBin(m) * FRAMES;
      for (int v = 0; v < FRAMES; v += LANES) {
        DoubleVector sum = DoubleVector.zero(SPECIES);
        for (int i = 0; i < w.length; i++) {
          sum = sum.add(DoubleVector.fromArray(SPECIES, power, at + i * FRAMES + v)
              .mul(DoubleVector.broadcast(SPECIES, w[i])));
        }
        sum.intoArray(acc, v);
      }
      System.arraycopy(acc, 0, mel[m], first, count);
    }
  }
}
