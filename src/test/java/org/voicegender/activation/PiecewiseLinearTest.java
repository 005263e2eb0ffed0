package org.voicegender.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PiecewiseLinearTest {
  static final ActivationFunction SIG = ActivationFunction.SIGMOID;
  static final ActivationFunction TANH = ActivationFunction.TANH;

  static double[] gaussian(long seed, int n, double sigma, double mean) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = mean + sigma * r.nextGaussian();
    }
    return x;
  }

  @Test
  void interpolatesBetweenKnotsAndSaturatesOutside() {
    PiecewiseLinear p = new PiecewiseLinear("p", new double[] {-1, 0, 2}, new double[] {0, 1, 2});
    assertThat(p.apply(-5)).isEqualTo(0.0);
    assertThat(p.apply(-1)).isEqualTo(0.0);
    assertThat(p.apply(-0.5)).isEqualTo(0.5);
    assertThat(p.apply(0)).isEqualTo(1.0);
    assertThat(p.apply(1)).isEqualTo(1.5);
    assertThat(p.apply(2)).isEqualTo(2.0);
    assertThat(p.apply(50)).isEqualTo(2.0);
    assertThat(p.apply(Double.NaN)).isNaN();
    assertThat(p.derivative(-2)).isEqualTo(0.0);
    assertThat(p.derivative(-1)).as("right-hand at the first knot").isEqualTo(1.0);
    assertThat(p.derivative(-0.5)).isEqualTo(1.0);
    assertThat(p.derivative(0)).as("right-hand at a knot").isEqualTo(0.5);
    assertThat(p.derivative(1.9)).isEqualTo(0.5);
    assertThat(p.derivative(2)).as("right-hand at the last knot").isEqualTo(0.0);
    assertThat(p.slopes()).containsExactly(1.0, 0.5);
    assertThat(p.segments()).isEqualTo(4);
    assertThat(p.isSymmetric()).isFalse();
    assertThat(p.cost().multipliers()).isZero(); // 1 and 1/2 are powers of two
    assertThat(new PiecewiseLinear(new double[] {-1, 0, 1}, new double[] {0, 0.3, 1}).cost().multipliers()).isOne();
  }

  @Test
  void collinearKnotsAreOneSegment() {
    PiecewiseLinear p = new PiecewiseLinear("p", new double[] {-2, -1, 0, 1, 2}, new double[] {-1, -0.5, 0, 0.5, 1});
    assertThat(p.segments()).isEqualTo(3);
    assertThat(p.isSymmetric()).isTrue();
    assertThat(p.cost().segments()).isEqualTo(3);
  }

  @Test
  void rejectsBadKnots() {
    assertThatThrownBy(() -> new PiecewiseLinear(new double[] {0, 0}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increase");
    assertThatThrownBy(() -> new PiecewiseLinear(new double[] {0, 1}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PiecewiseLinear(new double[] {0}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PiecewiseLinear(new double[] {0, Double.NaN}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fittedKnotsBeatEvenlySpacedOnesOnTheSamples() {
    double[] gate = gaussian(1, 50_000, 2, 0);
    double[] cell = gaussian(2, 50_000, 0.7, 0.2);
    for (var c : new Object[][] {{SIG, gate}, {TANH, cell}}) {
      ActivationFunction exact = (ActivationFunction) c[0];
      double[] samples = (double[]) c[1];
      PiecewiseLinear fitted = PiecewiseLinear.fit(exact, 8, samples, false);
      PiecewiseLinear uniform = PiecewiseLinear.uniform(exact, 8, samples);
      ApproximationError f = ApproximationError.of(fitted, exact, samples);
      ApproximationError u = ApproximationError.of(uniform, exact, samples);
      assertThat(f.meanObserved()).as(exact.name() + ": fitted vs uniform mean error")
          .isLessThan(0.5 * u.meanObserved());
      assertThat(f.maxObserved()).as(exact.name() + ": fitted vs uniform max error").isLessThan(u.maxObserved());
      assertThat(fitted.segments()).isEqualTo(15);
      assertThat(fitted.name()).isEqualTo("pwl-8-" + exact.name());
      assertThat(fitted.hasPowerOfTwoSlopes()).isFalse();
      // the tails stay bounded although few samples lie there
      assertThat(f.maxGrid()).isLessThan(0.03);
    }
  }

  @Test
  void fitsUseTheSymmetry() {
    double[] samples = gaussian(3, 20_000, 1.5, 0.5); // lopsided: still mirrored
    for (boolean pow2 : new boolean[] {false, true}) {
      PiecewiseLinear s = PiecewiseLinear.fit(SIG, 6, samples, pow2);
      PiecewiseLinear t = PiecewiseLinear.fit(TANH, 6, samples, pow2);
      assertThat(s.isSymmetric()).isTrue();
      assertThat(t.isSymmetric()).isTrue();
      assertThat(s.apply(0)).isEqualTo(0.5);
      assertThat(t.apply(0)).isEqualTo(0.0);
      Random r = new Random(4);
      for (int i = 0; i < 500; i++) {
        double x = (r.nextDouble() - 0.5) * 20;
        assertThat(s.apply(-x)).isCloseTo(1 - s.apply(x), within(1e-12));
        assertThat(t.apply(-x)).isCloseTo(-t.apply(x), within(1e-12));
      }
      assertThat(s.breakpoints()).hasSize(2 * 5 + 1);
    }
  }

  @Test
  void powerOfTwoFitHasOnlyPowerOfTwoSlopes() {
    double[] gate = gaussian(1, 50_000, 2, 0);
    double[] input = gaussian(5, 50_000, 1, 0);
    PiecewiseLinear s = PiecewiseLinear.fit(SIG, 8, gate, true);
    PiecewiseLinear t = PiecewiseLinear.fit(TANH, 8, input, true);
    for (PiecewiseLinear p : new PiecewiseLinear[] {s, t}) {
      assertThat(p.name()).endsWith("-pow2-" + (p == s ? "sigmoid" : "tanh"));
      assertThat(p.hasPowerOfTwoSlopes()).isTrue();
      for (double slope : p.slopes()) {
        double m = Math.abs(slope);
        assertThat(m == 0 || (m == Math.scalb(1.0, Math.getExponent(m)))).as(p.name() + " slope " + slope).isTrue();
      }
      // continuous at every knot and values exact: v[k+1] − v[k] = slope · (b[k+1] − b[k]) exactly
      double[] b = p.breakpoints();
      double[] v = p.values();
      for (int k = 0; k + 1 < b.length; k++) {
        assertThat(v[k + 1] - v[k]).isEqualTo(p.slopes()[k] * (b[k + 1] - b[k]));
      }
      assertThat(p.cost().multipliers()).isZero();
    }
    // better on the samples than PLAN, which has the same kind of slopes
    assertThat(ApproximationError.of(s, SIG, gate).meanObserved())
        .isLessThan(ApproximationError.of(ActivationFunction.PLAN_SIGMOID, SIG, gate).meanObserved());
    assertThat(ApproximationError.of(t, TANH, input).meanObserved())
        .isLessThan(ApproximationError.of(ActivationFunction.PLAN_TANH, TANH, input).meanObserved());
  }

  @Test
  void fourPowerOfTwoSegmentsOnTheWholeRangeAreAsGoodAsPlan() {
    PiecewiseLinear p = PiecewiseLinear.fit(SIG, 4, -8, 8, true);
    assertThat(p.hasPowerOfTwoSlopes()).isTrue();
    assertThat(p.segments()).isLessThanOrEqualTo(7);
    assertThat(ApproximationError.of(p, SIG, null).maxGrid()).isLessThan(0.02);
  }

  @Test
  void fittingIsDeterministic() {
    double[] samples = gaussian(7, 10_000, 1.2, 0);
    assertThat(PiecewiseLinear.fit(TANH, 5, samples, false)).isEqualTo(PiecewiseLinear.fit(TANH, 5, samples, false));
    assertThat(PiecewiseLinear.fit(SIG, 5, samples, true)).isEqualTo(PiecewiseLinear.fit(SIG, 5, samples, true));
  }

  @Test
  void fitsAnAsymmetricFunctionOnTheWholeLine() {
    ActivationFunction squared = new ActivationFunction() {
      @Override
      public String name() {
        return "sigmoid-squared";
      }

      @Override
      public double apply(double x) {
        double s = SIG.apply(x);
        return s * s;
      }

      @Override
      public double derivative(double x) {
        return 2 * SIG.apply(x) * SIG.derivative(x);
      }

      @Override
      public HardwareCost cost() {
        return HardwareCost.EXACT;
      }
    };
    double[] samples = gaussian(8, 20_000, 2, 0);
    PiecewiseLinear p = PiecewiseLinear.fit(squared, 8, samples, false);
    assertThat(p.isSymmetric()).isFalse();
    assertThat(p.breakpoints()).hasSize(7); // 6 sloped pieces and the two saturating ones
    assertThat(ApproximationError.of(p, squared, samples).maxObserved()).isLessThan(0.02);
    PiecewiseLinear q = PiecewiseLinear.fit(squared, 8, samples, true);
    assertThat(q.hasPowerOfTwoSlopes()).isTrue();
    assertThat(ApproximationError.of(q, squared, samples).maxObserved()).isLessThan(0.05);
  }

  @Test
  void rejectsBadFits() {
    assertThatThrownBy(() -> PiecewiseLinear.fit(SIG, 1, new double[] {1, 2}, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 segments");
    assertThatThrownBy(() -> PiecewiseLinear.fit(SIG, 4, new double[0], false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample");
    assertThatThrownBy(() -> PiecewiseLinear.fit(SIG, 4, new double[] {1, Double.NaN}, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }
}
