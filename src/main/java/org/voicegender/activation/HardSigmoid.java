package org.voicegender.activation;

/** The original's hard-sigmoid: {@code x/4 + 1/2} clipped to [0, 1], that is 0 below −2, 1 above 2. */
public record HardSigmoid() implements ActivationFunction {
  @Override
  public String name() {
    return "hard-sigmoid";
  }

  @Override
  public double apply(double x) {
    return Math.min(1, Math.max(0, 0.25 * x + 0.5));
  }

  /** 1/4 on [−2, 2), else 0. */
  @Override
  public double derivative(double x) {
    return x >= -2 && x < 2 ? 0.25 : 0;
  }

  @Override
  public HardwareCost cost() {
    return new HardwareCost(3, 0, 2, 0, "x/4 + 1/2 clipped to [0, 1]: a shift, an add and a clip");
  }

  @Override
  public String toString() {
    return name();
  }
}
