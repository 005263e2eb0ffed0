package org.voicegender.activation;

/**
 * A scalar activation (exact or an approximation of one) that the float reference network and
 * the integer golden model both use, so the two agree on what the LSTM computes.
 */
public interface ActivationFunction {
  /** A short name for tables and file names, e.g. {@code sigmoid}, {@code hard-sigmoid}. */
  String name();

  double apply(double x);

  /** The exact logistic sigmoid. */
  ActivationFunction SIGMOID = new ActivationFunction() {
    @Override
    public String name() {
      return "sigmoid";
    }

    @Override
    public double apply(double x) {
      return 1 / (1 + Math.exp(-x));
    }
  };

  /** The exact hyperbolic tangent. */
  ActivationFunction TANH = new ActivationFunction() {
    @Override
    public String name() {
      return "tanh";
    }

    @Override
    public double apply(double x) {
      return Math.tanh(x);
    }
  };
}
