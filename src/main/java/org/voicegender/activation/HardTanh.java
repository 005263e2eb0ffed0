package org.voicegender.activation;

/** Hard-tanh: x clipped to [−1, 1]. */
public record HardTanh() implements ActivationFunction {
  @Override
  public String name() {
    return "hard-tanh";
  }

  @Override
  public double apply(double x) {
    return Math.min(1, Math.max(-1, x));
  }

  /** 1 on [−1, 1), else 0. */
  @Override
  public double derivative(double x) {
    return x >= -1 && x < 1 ? 1 : 0;
  }

  @Override
  public HardwareCost cost() {
    return new HardwareCost(3, 0, 0, 0, "x clipped to [-1, 1]: two comparisons");
  }

  @Override
  public String toString() {
    return name();
  }
}
