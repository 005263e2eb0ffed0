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

  private SpectrumKernel() {}

  /** As {@code FramePowerSpectra.load}: one register per point and part. */
  static void load(double[] byHop, int columns, int hop, double[] window, int[] bitReversed,
      int first, double[] re, double[] im) {
    for (int q = 0; q < bitReversed.length; q++) {
      int p = bitReversed[q];
      int even = ((2 * p) % hop) * columns + (2 * p) / hop + first;
      int odd = ((2 * p + 1) % hop) * columns + (2 * p + 1) / hop + first;
      double w0 = window[2 * p];
      double w1 = window[2 * p + 1];
      int at = q * FRAMES;
      for (int v = 0; v < FRAMES; v += LANES) {
        DoubleVector.fromArray(SPECIES, byHop, even + v).mul(w0).intoArray(re, at + v);
        DoubleVector.fromArray(SPECIES, byHop, odd + v).mul(w1).intoArray(im, at + v);
      }
    }
  }

  /**
   * As {@code MfccExtractor}'s DCT: {@code out[c][t] = (float) Σ_m basis[c][m] · db[m][t]}, the
   * sum from 0 in ascending m, a register of frames at a time; the last frames one by one.
   */
  static void dct(double[][] basis, double[][] db, int frames, float[][] out) {
    double[] lanes = new double[LANES];
    for (int c = 0; c < basis.length; c++) {
      double[] b = basis[c];
      float[] row = out[c];
      int t = 0;
      for (; t + LANES <= frames; t += LANES) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int m = 0; m < b.length; m++) {
          acc = acc.add(DoubleVector.fromArray(SPECIES, db[m], t).mul(b[m]));
        }
        acc.intoArray(lanes, 0);
        for (int l = 0; l < LANES; l++) {
          row[t + l] = (float) lanes[l];
        }
      }
      for (; t < frames; t++) {
        double sum = 0;
        for (int m = 0; m < b.length; m++) {
          sum += b[m] * db[m][t];
        }
        row[t] = (float) sum;
      }
    }
  }

  /** As {@code FramePowerSpectra.fft}: stages in pairs, the narrow ones block by block. */
  static void fft(double[] re, double[] im, int points, double[] twRe, double[] twIm) {
    int block = Math.min(points, FramePowerSpectra.BLOCK);
    int half = 1;
    for (int from = 0; from < points; from += block) {
      for (half = 1; 4 * half <= block; half *= 4) {
        stagePair(re, im, points, twRe, twIm, half, from, from + block);
      }
    }
    for (; 4 * half <= points; half *= 4) {
      stagePair(re, im, points, twRe, twIm, half, 0, points);
    }
    if (half < points) {
      stage(re, im, points, twRe, twIm, half, 0, points);
    }
  }

  private static void stagePair(double[] re, double[] im, int points, double[] twRe,
      double[] twIm, int half, int from, int to) {
    int stride1 = points / (2 * half);
    int stride2 = stride1 / 2;
    for (int start = from; start < to; start += 4 * half) {
      for (int j = 0; j < half; j++) {
        double w1r = twRe[j * stride1];
        double w1i = twIm[j * stride1];
        double w2r = twRe[j * stride2];
        double w2i = twIm[j * stride2];
        double w3r = twRe[(j + half) * stride2];
        double w3i = twIm[(j + half) * stride2];
        int ia0 = (start + j) * FRAMES;
        int ib0 = ia0 + half * FRAMES;
        int ic0 = ib0 + half * FRAMES;
        int id0 = ic0 + half * FRAMES;
        for (int v = 0; v < FRAMES; v += LANES) {
          int ia = ia0 + v;
          int ib = ib0 + v;
          int ic = ic0 + v;
          int id = id0 + v;
          DoubleVector ar = DoubleVector.fromArray(SPECIES, re, ia);
          DoubleVector ai = DoubleVector.fromArray(SPECIES, im, ia);
          DoubleVector br = DoubleVector.fromArray(SPECIES, re, ib);
          DoubleVector bi = DoubleVector.fromArray(SPECIES, im, ib);
          DoubleVector cr = DoubleVector.fromArray(SPECIES, re, ic);
          DoubleVector ci = DoubleVector.fromArray(SPECIES, im, ic);
          DoubleVector dr = DoubleVector.fromArray(SPECIES, re, id);
          DoubleVector di = DoubleVector.fromArray(SPECIES, im, id);
          DoubleVector tr = br.mul(w1r).sub(bi.mul(w1i));
          DoubleVector ti = br.mul(w1i).add(bi.mul(w1r));
          DoubleVector a1r = ar.add(tr);
          DoubleVector a1i = ai.add(ti);
          DoubleVector b1r = ar.sub(tr);
          DoubleVector b1i = ai.sub(ti);
          tr = dr.mul(w1r).sub(di.mul(w1i));
          ti = dr.mul(w1i).add(di.mul(w1r));
          DoubleVector c1r = cr.add(tr);
          DoubleVector c1i = ci.add(ti);
          DoubleVector d1r = cr.sub(tr);
          DoubleVector d1i = ci.sub(ti);
          tr = c1r.mul(w2r).sub(c1i.mul(w2i));
          ti = c1r.mul(w2i).add(c1i.mul(w2r));
          a1r.add(tr).intoArray(re, ia);
          a1i.add(ti).intoArray(im, ia);
          a1r.sub(tr).intoArray(re, ic);
          a1i.sub(ti).intoArray(im, ic);
          tr = d1r.mul(w3r).sub(d1i.mul(w3i));
          ti = d1r.mul(w3i).add(d1i.mul(w3r));
          b1r.add(tr).intoArray(re, ib);
          b1i.add(ti).intoArray(im, ib);
          b1r.sub(tr).intoArray(re, id);
          b1i.sub(ti).intoArray(im, id);
        }
      }
    }
  }

  private static void stage(double[] re, double[] im, int points, double[] twRe, double[] twIm,
      int half, int from, int to) {
    int stride = points / (2 * half);
    for (int start = from; start < to; start += 2 * half) {
      for (int j = 0; j < half; j++) {
        double wr = twRe[j * stride];
        double wi = twIm[j * stride];
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
      double wr = spRe[k];
      double wi = spIm[k];
      for (int v = 0; v < FRAMES; v += LANES) {
        DoubleVector zr = DoubleVector.fromArray(SPECIES, re, a0 + v);
        DoubleVector zi = DoubleVector.fromArray(SPECIES, im, a0 + v);
        DoubleVector cr = DoubleVector.fromArray(SPECIES, re, b0 + v);
        DoubleVector ci = DoubleVector.fromArray(SPECIES, im, b0 + v);
        DoubleVector er = zr.add(cr).mul(0.5);
        DoubleVector ei = zi.sub(ci).mul(0.5);
        DoubleVector or = zi.add(ci).mul(0.5);
        DoubleVector oi = cr.sub(zr).mul(0.5);
        DoubleVector xr = er.add(or.mul(wr).sub(oi.mul(wi)));
        DoubleVector xi = ei.add(oi.mul(wr).add(or.mul(wi)));
        xr.mul(xr).add(xi.mul(xi)).intoArray(power, a0 + v);
      }
    }
  }

  static void mel(double[] power, MelFilterbank filterbank, double[][] mel, int first, int count) {
    double[] acc = new double[FRAMES];
    for (int m = 0; m < filterbank.bands(); m++) {
      double[] w = filterbank.weights(m);
      int at = filterbank.firstBin(m) * FRAMES;
      for (int v = 0; v < FRAMES; v += LANES) {
        DoubleVector sum = DoubleVector.zero(SPECIES);
        for (int i = 0; i < w.length; i++) {
          sum = sum.add(DoubleVector.fromArray(SPECIES, power, at + i * FRAMES + v).mul(w[i]));
        }
        sum.intoArray(acc, v);
      }
      System.arraycopy(acc, 0, mel[m], first, count);
    }
  }
}
