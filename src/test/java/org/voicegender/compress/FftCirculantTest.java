package org.voicegender.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftCirculantTest {
  @Test
  void fftProductEqualsTheExpandedMatrixProduct() {
    Random r = new Random(1);
    // The shipped network's matrices (fc_1, lstm.w padded at 16, lstm.rw, fc_3 padded, conv_0's taps).
    int[][] shapes = {{80, 64}, {8, 64}, {16, 64}, {32, 2}, {40, 16}, {64, 32}};
    double worst = 0;
    for (int k : new int[] {2, 4, 8, 16}) {
      for (int[] shape : shapes) {
        double[][] dense = new double[shape[0]][shape[1]];
        for (double[] row : dense) {
          for (int j = 0; j < row.length; j++) {
            row[j] = r.nextGaussian();
          }
        }
        CirculantMatrix m = CirculantMatrix.project(dense, k);
        double[][] e = m.expand();
        FftCirculant fft = new FftCirculant(m);
        for (int trial = 0; trial < 5; trial++) {
          double[] x = new double[shape[0]];
          for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
          }
          double[] y = fft.multiply(x);
          for (int j = 0; j < shape[1]; j++) {
            double expected = 0; // x·E, the expanded matrix, by the definition of the product
            for (int i = 0; i < x.length; i++) {
              expected += x[i] * e[i][j];
            }
            worst = Math.max(worst, Math.abs(y[j] - expected));
            assertThat(Math.abs(y[j] - m.multiply(x)[j])).isLessThan(1e-12);
          }
        }
      }
    }
    assertThat(worst).isLessThan(1e-12);
  }

  @Test
  void packedSpectrumOfAVectorIsItsDft() {
    double[] v = {1, 2, 3, 4, 0, -1, 2, 5};
    double[] s = new FftCirculant(CirculantMatrix.project(new double[8][8], 8)).spectrum(v);
    for (int f = 0; f <= 4; f++) {
      double re = 0;
      double im = 0;
      for (int t = 0; t < 8; t++) {
        re += v[t] * Math.cos(-2 * Math.PI * f * t / 8);
        im += v[t] * Math.sin(-2 * Math.PI * f * t / 8);
      }
      double gotRe = f == 0 ? s[0] : f == 4 ? s[1] : s[2 * f];
      double gotIm = f == 0 || f == 4 ? 0 : s[2 * f + 1];
      assertThat(Math.abs(gotRe - re) + Math.abs(gotIm - im)).isLessThan(1e-12);
    }
  }
}
