package org.voicegender.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/** Linear convolution by FFT (JTransforms), for impulse responses too long to convolve directly. */
final class Convolution {
  private Convolution() {}

  /** The first {@code length} samples of {@code x * h}. */
  static double[] convolve(float[] x, double[] h, int length) {
    int n = Integer.highestOneBit(Math.max(1, x.length + h.length - 1) - 1) << 1;
    n = Math.max(n, 2);
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < x.length; i++) {
      a[i] = x[i];
    }
    System.arraycopy(h, 0, b, 0, h.length);
    DoubleFFT_1D fft = new DoubleFFT_1D(n);
    fft.realForward(a);
    fft.realForward(b);
    // realForward packs a[0] = Re X0, a[1] = Re X(n/2), a[2k], a[2k+1] = Re, Im Xk
    a[0] *= b[0];
    a[1] *= b[1];
    for (int k = 1; k < n / 2; k++) {
      double re = a[2 * k] * b[2 * k] - a[2 * k + 1] * b[2 * k + 1];
      double im = a[2 * k] * b[2 * k + 1] + a[2 * k + 1] * b[2 * k];
      a[2 * k] = re;
      a[2 * k + 1] = im;
    }
    fft.realInverse(a, true);
    return java.util.Arrays.copyOf(a, length);
  }
}
