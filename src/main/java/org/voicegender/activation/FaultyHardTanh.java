package org.voicegender.activation;

/**
 * The original's faulty hard-tanh: x clipped at 1 above, but 0 (not −1) below −1. Kept to measure
 * what the bug cost; use {@link HardTanh} for the correct function.
 */
public record FaultyHardTanh() implements ActivationFunction {
  @Override
  public String name() {
    return "hard-tanh-original";
  }

  @Override
  public double apply(double x) {
    if (x < -1) {
      return 0;
    }
    return Math.min(1, x);
  }

  /** 1 on [−1, 1), else 0 (the jump at −1 has no derivative; this is the right-hand slope). */
  @Override
  public double derivative(double x) {
    return x >= -1 && x < 1 ? 1 : 0;
  }

  @Override
  public HardwareCost cost() {
    return new HardwareCost(3, 0, 0, 0, "the original's hard-tanh: clipped at 1, but 0 (not -1) below -1");
  }

  @Override
  public String toString() {
    return name();
  }
}
