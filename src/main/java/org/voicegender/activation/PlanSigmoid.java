package org.voicegender.activation;

/**
 * PLAN, the piecewise-linear sigmoid of Amin, Curtis and Hayes-Gill (1997), on |x|:
 *
 * <pre>
 *   |x| ≥ 5           1
 *   2.375 ≤ |x| &lt; 5   0.03125·|x| + 0.84375
 *   1 ≤ |x| &lt; 2.375   0.125·|x| + 0.625
 *   0 ≤ |x| &lt; 1       0.25·|x| + 0.5
 * </pre>
 *
 * and {@code σ(−x) = 1 − σ(x)}. The slopes are shifts. The two middle lines do not meet at 2.375
 * (they cross at 7/3): PLAN jumps there by 2^−8, from 0.921875 just below to 0.91796875 at 2.375.
 */
public record PlanSigmoid() implements ActivationFunction {
  @Override
  public String name() {
    return "plan-sigmoid";
  }

  @Override
  public double apply(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double y = positive(Math.abs(x));
    return x < 0 ? 1 - y : y;
  }

  /** PLAN on {@code t = |x| ≥ 0}. */
  static double positive(double t) {
    if (t >= 5) {
      return 1;
    }
    if (t >= 2.375) {
      return 0.03125 * t + 0.84375;
    }
    if (t >= 1) {
      return 0.125 * t + 0.625;
    }
    return 0.25 * t + 0.5;
  }

  /**
   * The segment's slope, the right-hand one at breakpoints: for x ≥ 0 the segment [b, b') that
   * holds x, for x &lt; 0 the one (b, b'] that holds |x|.
   */
  @Override
  public double derivative(double x) {
    double t = Math.abs(x);
    if (x >= 0) {
      return t >= 5 ? 0 : t >= 2.375 ? 0.03125 : t >= 1 ? 0.125 : 0.25;
    }
    return t > 5 ? 0 : t > 2.375 ? 0.03125 : t > 1 ? 0.125 : 0.25;
  }

  @Override
  public HardwareCost cost() {
    return new HardwareCost(7, 0, 4, 0,
        "PLAN: 4 segments on |x|, slopes 1/4, 1/8, 1/32 as shifts; |x|, shift, add, 1 - y for x < 0");
  }

  @Override
  public String toString() {
    return name();
  }
}
