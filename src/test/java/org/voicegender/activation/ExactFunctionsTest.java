package org.voicegender.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactFunctionsTest {
  @Test
  void tanhIsWithinAFewUlpsOfTheLibraryOneEverywhere() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      // uniform over the range the LSTM visits and beyond, and tiny values near 0
      double x = i % 2 == 0 ? random.nextDouble() * 60 - 30 : random.nextGaussian() * Math.pow(10, -random.nextInt(15));
      assertThat(ActivationFunction.TANH.apply(x)).as("tanh(%s)", x).isCloseTo(Math.tanh(x), within(3e-16));
    }
    assertThat(ActivationFunction.TANH.apply(0.0)).isEqualTo(0.0);
    assertThat(1 / ActivationFunction.TANH.apply(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(ActivationFunction.TANH.apply(800)).isEqualTo(1.0);
    assertThat(ActivationFunction.TANH.apply(-800)).isEqualTo(-1.0);
    assertThat(ActivationFunction.TANH.apply(Double.NaN)).isNaN();
  }

  @Test
  void derivativesFollowFromTheValues() {
    for (double x = -6; x <= 6; x += 0.25) {
      double t = Math.tanh(x);
      assertThat(ActivationFunction.TANH.derivative(x)).isCloseTo(1 - t * t, within(1e-15));
      double s = 1 / (1 + Math.exp(-x));
      assertThat(ActivationFunction.SIGMOID.derivative(x)).isCloseTo(s * (1 - s), within(1e-15));
    }
  }
}
