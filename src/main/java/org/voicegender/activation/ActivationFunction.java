package org.voicegender.activation;

/**
 * A scalar activation (exact or an approximation of one) that the float reference network and
 * the integer golden model both use, so the two agree on what the LSTM computes.
 *
 * <p>Implementations: the exact {@link #SIGMOID} and {@link #TANH}; the fixed approximations
 * {@link HardSigmoid}, {@link HardTanh}, {@link FaultyHardTanh}, {@link PlanSigmoid}, {@link
 * PlanTanh}; the table {@link Lut}; and {@link PiecewiseLinear}, general or fitted. {@link
 * LstmActivations#toJson()} stores any of them exactly.
 */
public interface ActivationFunction {
  /** A short name for tables and file names, e.g. {@code sigmoid}, {@code hard-sigmoid}. */
  String name();

  double apply(double x);

  /**
   * The derivative with respect to the pre-activation x: exact for exact functions; for a
   * piecewise-linear one the slope of the segment x lies in, the right-hand segment's at a
   * breakpoint (0 on the saturating pieces).
   */
  double derivative(double x);

  /**
   * The derivative at x given {@code y = apply(x)}, already computed: the same number as {@link
   * #derivative(double)}, cheaper where it follows from y (the exact sigmoid and tanh), so
   * backpropagation need not evaluate the function again.
   */
  default double derivative(double x, double y) {
    return derivative(x);
  }

  /** What evaluating it costs in hardware (see {@link HardwareCost}). */
  HardwareCost cost();

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

    @Override
    public double derivative(double x) {
      return derivative(x, apply(x));
    }

    @Override
    public double derivative(double x, double s) {
      return s * (1 - s);
    }

    @Override
    public HardwareCost cost() {
      return HardwareCost.EXACT;
    }

    @Override
    public String toString() {
      return name();
    }
  };

  /**
   * The exact hyperbolic tangent, as (1 − e^−2|x|) / (1 + e^−2|x|) with the sign of x: within
   * 3e-16 of {@link Math#tanh} everywhere, and several times faster (the JIT's exp intrinsic
   * against fdlibm's tanh), which matters in the LSTM's training loops.
   */
  ActivationFunction TANH = new ActivationFunction() {
    @Override
    public String name() {
      return "tanh";
    }

    @Override
    public double apply(double x) {
      double e = Math.exp(-2 * Math.abs(x));
      return Math.copySign((1 - e) / (1 + e), x);
    }

    @Override
    public double derivative(double x) {
      return derivative(x, apply(x));
    }

    @Override
    public double derivative(double x, double t) {
      return 1 - t * t;
    }

    @Override
    public HardwareCost cost() {
      return HardwareCost.EXACT;
    }

    @Override
    public String toString() {
      return name();
    }
  };

  /** The original's hard-sigmoid: {@code x/4 + 1/2} clipped to [0, 1]. */
  ActivationFunction HARD_SIGMOID = new HardSigmoid();

  /** Hard-tanh: x clipped to [−1, 1]. */
  ActivationFunction HARD_TANH = new HardTanh();

  /** The original's faulty hard-tanh: 0, not −1, below −1. */
  ActivationFunction HARD_TANH_ORIGINAL = new FaultyHardTanh();

  /** PLAN (Amin, Curtis and Hayes-Gill 1997). */
  ActivationFunction PLAN_SIGMOID = new PlanSigmoid();

  /** {@code 2·σ_PLAN(2x) − 1}. */
  ActivationFunction PLAN_TANH = new PlanTanh();
}
