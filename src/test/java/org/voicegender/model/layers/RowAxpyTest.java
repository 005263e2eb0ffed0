package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RowAxpyTest {
  @Test
  void addsTheScaledRowWithTheScalarLoopsRoundingOnEveryLengthAndOffset() {
    Random random = new Random(4);
    float[] x = new float[200];
    float[] y = new float[200];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
      y[i] = (float) random.nextGaussian();
    }
    for (int n : new int[] {0, 1, 2, 15, 16, 17, 32, 64, 80, 100}) {
      float[] ours = y.clone();
      float[] loop = y.clone();
      RowAxpy.axpy(0.37f, x, 7, ours, 50, n);
      for (int i = 0; i < n; i++) {
        loop[50 + i] = loop[50 + i] + 0.37f * x[7 + i];
      }
      assertThat(ours).as("n = %d", n).containsExactly(loop);
    }
    double[] xd = new double[200];
    double[] yd = new double[200];
    for (int i = 0; i < xd.length; i++) {
      xd[i] = random.nextGaussian();
      yd[i] = random.nextGaussian();
    }
    for (int n : new int[] {0, 1, 7, 8, 9, 64, 100}) {
      double[] ours = yd.clone();
      double[] loop = yd.clone();
      RowAxpy.axpy(-1.3, xd, 3, ours, 90, n);
      for (int i = 0; i < n; i++) {
        loop[90 + i] = loop[90 + i] + -1.3 * xd[3 + i];
      }
      assertThat(ours).as("doubles, n = %d", n).containsExactly(loop);
    }
    assertThat(RowAxpy.VECTOR).as("the tests run with the Vector API, as bin/voicegender does").isTrue();
  }
}
