package org.voicegender.compress;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A block-circulant matrix product {@code y = x·W} in the frequency domain, in double precision
 * (CirCNN, Ding et al., MICRO 2017): the spectra of the defining vectors are computed once; per
 * product, one FFT per input block (reused for every output block), the element-wise products of
 * spectra summed over the input blocks in the frequency domain, and one inverse FFT per output
 * block. Spectra are in JTransforms' packed real layout: {@code [Re 0, Re k/2, Re 1, Im 1, …,
 * Re k/2−1, Im k/2−1]}. Not thread-safe (it keeps its work arrays).
 */
public final class FftCirculant {
  private final CirculantMatrix matrix;
  private final int k;
  private final DoubleFFT_1D fft;
  private final double[][][] spectra; // [rowBlock][colBlock][k] packed
  private final double[][] inputSpectra;
  private final double[] sum;

  public FftCirculant(CirculantMatrix matrix) {
    if (matrix.k() < 2) {
      throw new IllegalArgumentException("an FFT product needs blocks of 2 or more, not " + matrix.k());
    }
    this.matrix = matrix;
    this.k = matrix.k();
    this.fft = new DoubleFFT_1D(k);
    this.spectra = new double[matrix.rowBlocks()][matrix.colBlocks()][];
    for (int a = 0; a < spectra.length; a++) {
      for (int b = 0; b < spectra[0].length; b++) {
        spectra[a][b] = spectrum(matrix.vectors()[a][b]);
      }
    }
    this.inputSpectra = new double[matrix.rowBlocks()][k];
    this.sum = new double[k];
  }

  /** The packed real spectrum of a length-k vector. */
  public double[] spectrum(double[] v) {
    double[] s = v.clone();
    fft.realForward(s);
    return s;
  }

  /** The spectra of the defining vectors, {@code [rowBlock][colBlock][k]} packed (a copy). */
  public double[][][] spectra() {
    double[][][] out = new double[spectra.length][spectra[0].length][];
    for (int a = 0; a < spectra.length; a++) {
      for (int b = 0; b < spectra[0].length; b++) {
        out[a][b] = spectra[a][b].clone();
      }
    }
    return out;
  }

  public double[] multiply(double[] x) {
    if (x.length != matrix.rows()) {
      throw new IllegalArgumentException("x has " + x.length + " elements; the matrix has " + matrix.rows() + " rows");
    }
    for (int a = 0; a < inputSpectra.length; a++) {
      double[] s = inputSpectra[a];
      java.util.Arrays.fill(s, 0);
      int from = a * k;
      System.arraycopy(x, from, s, 0, Math.min(k, x.length - from)); // zero padding
      fft.realForward(s);
    }
    double[] y = new double[matrix.cols()];
    for (int b = 0; b < matrix.colBlocks(); b++) {
      java.util.Arrays.fill(sum, 0);
      for (int a = 0; a < inputSpectra.length; a++) {
        multiplyAdd(inputSpectra[a], spectra[a][b], sum);
      }
      fft.realInverse(sum, true);
      int from = b * k;
      System.arraycopy(sum, 0, y, from, Math.min(k, y.length - from));
    }
    return y;
  }

  /** {@code acc += p ⊙ q} for packed real spectra. */
  static void multiplyAdd(double[] p, double[] q, double[] acc) {
    acc[0] += p[0] * q[0];
    acc[1] += p[1] * q[1];
    for (int i = 2; i < p.length; i += 2) {
      acc[i] += p[i] * q[i] - p[i + 1] * q[i + 1];
      acc[i + 1] += p[i] * q[i + 1] + p[i + 1] * q[i];
    }
  }
}
