package org.voicegender.audio;

/**
 * A second-order IIR section, coefficients from R. Bristow-Johnson's Audio EQ Cookbook (W3C note
 * "Audio EQ Cookbook", 2021 edition of the 1994 text), run in direct form I.
 */
final class Biquad {
  private final double b0;
  private final double b1;
  private final double b2;
  private final double a1;
  private final double a2;

  private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
    this.b0 = b0 / a0;
    this.b1 = b1 / a0;
    this.b2 = b2 / a0;
    this.a1 = a1 / a0;
    this.a2 = a2 / a0;
  }

  static Biquad lowPass(double hz, double q, int rate) {
    double w = 2 * Math.PI * hz / rate;
    double alpha = Math.sin(w) / (2 * q);
    double c = Math.cos(w);
    return new Biquad((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
  }

  static Biquad highPass(double hz, double q, int rate) {
    double w = 2 * Math.PI * hz / rate;
    double alpha = Math.sin(w) / (2 * q);
    double c = Math.cos(w);
    return new Biquad((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
  }

  /** Filters {@code x} in place, from rest. */
  void filter(float[] x) {
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      double y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = v;
      y2 = y1;
      y1 = y;
      x[i] = (float) y;
    }
  }

  /** The magnitude of the response at {@code hz}: |B(z)| / |A(z)| at z = e^{jw}. */
  double gain(double hz, int rate) {
    double w = 2 * Math.PI * hz / rate;
    double nr = b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w);
    double ni = -b1 * Math.sin(w) - b2 * Math.sin(2 * w);
    double dr = 1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w);
    double di = -a1 * Math.sin(w) - a2 * Math.sin(2 * w);
    return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
  }
}
