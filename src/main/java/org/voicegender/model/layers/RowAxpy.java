package org.voicegender.model.layers;

/**
 * {@code y[yo + i] += s · x[xo + i]} for {@code i < n}: the one loop of the dense layers ({@link
 * DensePass}) and the LSTM's matrix products ({@link CompactLstmLayer}). With the Vector API ({@code --add-modules jdk.incubator.vector}, which {@code
 * bin/voicegender}, the tests and the kernel pass) it runs in SIMD registers, about four times
 * as fast on rows of 64 floats as the JIT's code for the plain loop; else in that loop. Both
 * round alike, element by element: a product, then a sum (no fused multiply-add).
 */
final class RowAxpy {
  /** Whether the Vector API is there (it is an incubator module in JDK 17). */
  static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private RowAxpy() {}

  static void axpy(float s, float[] x, int xo, float[] y, int yo, int n) {
    if (VECTOR) {
      RowAxpyVector.axpy(s, x, xo, y, yo, n);
    } else {
      scalar(s, x, xo, y, yo, n);
    }
  }

  /** The same in doubles (the LSTM's arithmetic). */
  static void axpy(double s, double[] x, int xo, double[] y, int yo, int n) {
    if (VECTOR) {
      RowAxpyVector.axpy(s, x, xo, y, yo, n);
    } else {
      scalar(s, x, xo, y, yo, n);
    }
  }

  static void scalar(double s, double[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += s * x[xo + i];
    }
  }

  static void scalar(float s, float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] += s * x[xo + i];
    }
  }
}
