package org.voicegender.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LutTest {
  static final ActivationFunction SIG = ActivationFunction.SIGMOID;
  static final ActivationFunction TANH = ActivationFunction.TANH;

  @Test
  void samplesTheFunctionEvenlyAndInterpolates() {
    Lut l = new Lut(SIG, 8, 65); // step 0.25
    assertThat(l.name()).isEqualTo("lut-65-sigmoid");
    double[] x = l.table().breakpoints();
    assertThat(x).hasSize(65);
    assertThat(x[0]).isEqualTo(-8.0);
    assertThat(x[32]).isEqualTo(0.0);
    assertThat(x[64]).isEqualTo(8.0);
    assertThat(x[33]).isEqualTo(0.25);
    assertThat(l.apply(0)).isEqualTo(0.5);
    assertThat(l.apply(0.25)).isCloseTo(SIG.apply(0.25), within(1e-15));
    assertThat(l.apply(0.125)).isCloseTo((SIG.apply(0) + SIG.apply(0.25)) / 2, within(1e-15));
    assertThat(l.apply(20)).isEqualTo(l.apply(8));
    assertThat(l.apply(-20)).isEqualTo(l.apply(-8));
    assertThat(l.apply(8)).isCloseTo(SIG.apply(8), within(1e-15));
    assertThat(l.derivative(0.1)).isCloseTo((SIG.apply(0.25) - 0.5) / 0.25, within(1e-14));
    assertThat(l.derivative(9)).isEqualTo(0.0);
    assertThat(l.cost().tableEntries()).isEqualTo(65);
    assertThat(l.cost().multipliers()).as("a step of 1/4: the index is a shift").isEqualTo(1);
    assertThat(new Lut(SIG, 8, 64).cost().multipliers()).isEqualTo(2);
    assertThat(new Lut(TANH, 4, 32).name()).isEqualTo("lut-32-r4-tanh");
    assertThat(new Lut(TANH, 2.5, 32).name()).isEqualTo("lut-32-r2.5-tanh");
  }

  @Test
  void errorShrinksWithEntries() {
    for (ActivationFunction f : new ActivationFunction[] {SIG, TANH}) {
      double previous = Double.POSITIVE_INFINITY;
      for (int entries : new int[] {8, 16, 32, 64, 128, 256, 512}) {
        double e = ApproximationError.of(new Lut(f, 8, entries), f, null).maxGrid();
        assertThat(e).as(f.name() + " with " + entries + " entries").isLessThan(previous);
        if (entries >= 32) {
          assertThat(previous / e).as("about 4x per doubling (second order)").isGreaterThan(3);
        }
        previous = e;
      }
      assertThat(previous).isLessThan(1e-4);
    }
  }

  @Test
  void rejectsBadTables() {
    assertThatThrownBy(() -> new Lut(SIG, 8, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Lut(SIG, 0, 16)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Lut(SIG, Double.POSITIVE_INFINITY, 16)).isInstanceOf(IllegalArgumentException.class);
  }
}
