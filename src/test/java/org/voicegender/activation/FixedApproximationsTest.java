package org.voicegender.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exact functions, hard-sigmoid, hard-tanh (correct and the original's), PLAN sigmoid and tanh. */
class FixedApproximationsTest {
  static final ActivationFunction SIG = ActivationFunction.SIGMOID;
  static final ActivationFunction TANH = ActivationFunction.TANH;

  @Test
  void exactFunctionsKeepTheirNamesAndGetDerivatives() {
    assertThat(SIG.name()).isEqualTo("sigmoid");
    assertThat(TANH.name()).isEqualTo("tanh");
    assertThat(SIG.apply(0)).isEqualTo(0.5);
    assertThat(SIG.derivative(0)).isEqualTo(0.25);
    assertThat(TANH.derivative(0)).isEqualTo(1.0);
    assertThat(SIG.derivative(2)).isCloseTo(Math.exp(-2) / Math.pow(1 + Math.exp(-2), 2), within(1e-15));
    assertThat(TANH.derivative(-1.5)).isCloseTo(1 / Math.pow(Math.cosh(1.5), 2), within(1e-15));
    assertThat(SIG.cost().note()).isEqualTo("exact (reference)");
    assertThat(TANH.cost()).isEqualTo(HardwareCost.EXACT);
  }

  @Test
  void hardSigmoid() {
    ActivationFunction f = ActivationFunction.HARD_SIGMOID;
    assertThat(f.name()).isEqualTo("hard-sigmoid");
    assertThat(f.apply(1)).isEqualTo(0.75);
    assertThat(f.apply(0)).isEqualTo(0.5);
    assertThat(f.apply(-1)).isEqualTo(0.25);
    assertThat(f.apply(2)).isEqualTo(1.0);
    assertThat(f.apply(-2)).isEqualTo(0.0);
    assertThat(f.apply(7)).isEqualTo(1.0);
    assertThat(f.apply(-7)).isEqualTo(0.0);
    assertThat(f.derivative(-2)).as("right-hand slope at -2").isEqualTo(0.25);
    assertThat(f.derivative(2)).as("right-hand slope at 2").isEqualTo(0.0);
    assertThat(f.derivative(-2.001)).isEqualTo(0.0);
  }

  @Test
  void hardTanhAndTheOriginalsFaultyOne() {
    ActivationFunction h = ActivationFunction.HARD_TANH;
    ActivationFunction o = ActivationFunction.HARD_TANH_ORIGINAL;
    assertThat(h.name()).isEqualTo("hard-tanh");
    assertThat(o.name()).isEqualTo("hard-tanh-original");
    for (double x : new double[] {-0.99, -0.5, 0, 0.3, 0.999}) {
      assertThat(h.apply(x)).isEqualTo(x);
      assertThat(o.apply(x)).isEqualTo(x);
    }
    assertThat(h.apply(2)).isEqualTo(1.0);
    assertThat(o.apply(2)).isEqualTo(1.0);
    assertThat(h.apply(-2)).isEqualTo(-1.0);
    assertThat(o.apply(-2)).as("the original's bug: 0 below -1").isEqualTo(0.0);
    assertThat(o.apply(-1)).isEqualTo(-1.0);
    assertThat(o.apply(-1.0000001)).isEqualTo(0.0);
    assertThat(h.derivative(-1)).isEqualTo(1.0);
    assertThat(h.derivative(1)).isEqualTo(0.0);
    assertThat(o.derivative(-3)).isEqualTo(0.0);
  }

  @Test
  void planSigmoidAtKnownPoints() {
    ActivationFunction p = ActivationFunction.PLAN_SIGMOID;
    assertThat(p.name()).isEqualTo("plan-sigmoid");
    assertThat(p.apply(0)).isEqualTo(0.5);
    assertThat(p.apply(1)).isEqualTo(0.75);
    assertThat(p.apply(-1)).isEqualTo(0.25);
    assertThat(p.apply(0.5)).isEqualTo(0.625);
    assertThat(p.apply(2)).isEqualTo(0.875);
    assertThat(p.apply(3)).isEqualTo(0.9375);
    assertThat(p.apply(5)).isEqualTo(1.0);
    assertThat(p.apply(-5)).isEqualTo(0.0);
    assertThat(p.apply(9)).isEqualTo(1.0);
    // PLAN's segments 2 and 3 do not meet at 2.375: 0.125·2.375 + 0.625 = 0.921875 just below,
    // 0.03125·2.375 + 0.84375 = 0.91796875 from 2.375 on (as the intervals are defined).
    assertThat(p.apply(Math.nextDown(2.375))).isCloseTo(0.921875, within(1e-12));
    assertThat(p.apply(2.375)).isEqualTo(0.91796875);
    assertThat(p.apply(-2.375)).isEqualTo(1 - 0.91796875);
    Random r = new Random(5);
    for (int i = 0; i < 1000; i++) {
      double x = (r.nextDouble() - 0.5) * 16;
      assertThat(p.apply(-x)).isEqualTo(1 - p.apply(x));
    }
    assertThat(p.derivative(0.5)).isEqualTo(0.25);
    assertThat(p.derivative(1)).as("right-hand at 1").isEqualTo(0.125);
    assertThat(p.derivative(-1)).as("right-hand at -1").isEqualTo(0.25);
    assertThat(p.derivative(-2.375)).isEqualTo(0.125);
    assertThat(p.derivative(4)).isEqualTo(0.03125);
    assertThat(p.derivative(5)).isEqualTo(0.0);
    assertThat(p.derivative(-5)).isEqualTo(0.03125);
    assertThat(p.cost().segments()).isEqualTo(7);
    assertThat(p.cost().multipliers()).isZero();
  }

  @Test
  void planTanhIsTwiceSigmoidOfTwiceXMinusOne() {
    ActivationFunction t = ActivationFunction.PLAN_TANH;
    assertThat(t.name()).isEqualTo("plan-tanh");
    assertThat(t.apply(0)).isEqualTo(0.0);
    assertThat(t.apply(0.5)).isEqualTo(0.5);
    assertThat(t.apply(-0.5)).isEqualTo(-0.5);
    assertThat(t.apply(1)).isEqualTo(0.75);
    assertThat(t.apply(2.5)).isEqualTo(1.0);
    assertThat(t.apply(-3)).isEqualTo(-1.0);
    Random r = new Random(6);
    for (int i = 0; i < 1000; i++) {
      double x = (r.nextDouble() - 0.5) * 16;
      assertThat(t.apply(x)).isEqualTo(2 * ActivationFunction.PLAN_SIGMOID.apply(2 * x) - 1);
      assertThat(t.apply(-x)).isEqualTo(-t.apply(x));
    }
    assertThat(t.derivative(0.2)).isEqualTo(1.0);
    assertThat(t.derivative(0.5)).isEqualTo(0.5);
    assertThat(t.derivative(2)).isEqualTo(0.125);
  }

  /** Derivatives against central differences, away from the breakpoints. */
  @Test
  void derivativesMatchCentralDifferences() {
    record Case(ActivationFunction f, double[] breakpoints) {}
    List<Case> cases = List.of(
        new Case(SIG, new double[0]), new Case(TANH, new double[0]),
        new Case(ActivationFunction.HARD_SIGMOID, new double[] {-2, 2}),
        new Case(ActivationFunction.HARD_TANH, new double[] {-1, 1}),
        new Case(ActivationFunction.HARD_TANH_ORIGINAL, new double[] {-1, 1}),
        new Case(ActivationFunction.PLAN_SIGMOID, new double[] {-5, -2.375, -1, 1, 2.375, 5}),
        new Case(ActivationFunction.PLAN_TANH, new double[] {-2.5, -1.1875, -0.5, 0.5, 1.1875, 2.5}),
        new Case(new Lut(SIG, 8, 33), new Lut(SIG, 8, 33).table().breakpoints()),
        new Case(new Lut(TANH, 4, 20), new Lut(TANH, 4, 20).table().breakpoints()));
    Random r = new Random(11);
    double h = 1e-6;
    for (Case c : cases) {
      int checked = 0;
      for (int i = 0; i < 2000; i++) {
        double x = (r.nextDouble() - 0.5) * 18;
        boolean near = false;
        for (double b : c.breakpoints()) {
          near |= Math.abs(x - b) < 1e-4;
        }
        if (near) {
          continue;
        }
        double numeric = (c.f().apply(x + h) - c.f().apply(x - h)) / (2 * h);
        assertThat(c.f().derivative(x)).as(c.f().name() + "'(" + x + ")").isCloseTo(numeric, within(1e-7));
        checked++;
      }
      assertThat(checked).isGreaterThan(1900);
    }
  }
}
