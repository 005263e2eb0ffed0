package org.voicegender.activation;

/** PLAN's tanh: {@code 2·σ_PLAN(2x) − 1} (breakpoints at ±0.5, ±1.1875, ±2.5). */
public record PlanTanh() implements ActivationFunction {
  private static final PlanSigmoid SIGMOID = new PlanSigmoid();

  @Override
  public String name() {
    return "plan-tanh";
  }

  @Override
  public double apply(double x) {
    return 2 * SIGMOID.apply(2 * x) - 1;
  }

  @Override
  public double derivative(double x) {
    return 4 * SIGMOID.derivative(2 * x);
  }

  @Override
  public HardwareCost cost() {
    return new HardwareCost(7, 0, 5, 0, "2 sigma_PLAN(2x) - 1: PLAN and one subtraction (x2 is wiring)");
  }

  @Override
  public String toString() {
    return name();
  }
}
