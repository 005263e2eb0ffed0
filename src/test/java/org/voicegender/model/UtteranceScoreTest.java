package org.voicegender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class UtteranceScoreTest {
  @Test
  void meanProbabilityIsTheArithmeticMean() {
    assertThat(UtteranceScore.MEAN_PROBABILITY.combine(new double[] {0.02, 0.7, 0.7, 0.7})).isCloseTo(0.53, offset(1e-12));
  }

  @Test
  void meanLogOddsLetsAConfidentWindowOutweighHesitantOnes() {
    double[] p = {0.02, 0.7, 0.7, 0.7};
    // log(0.02/0.98) = -3.892, log(0.7/0.3) = 0.847: mean -0.338, sigmoid 0.416 (female), where the
    // mean probability 0.53 says male
    double expected = 1 / (1 + Math.exp(-(Math.log(0.02 / 0.98) + 3 * Math.log(0.7 / 0.3)) / 4));
    assertThat(UtteranceScore.MEAN_LOG_ODDS.combine(p)).isCloseTo(expected, offset(1e-12)).isLessThan(0.5);
    assertThat(UtteranceScore.MEAN_LOG_ODDS.combine(new double[] {0.8})).isCloseTo(0.8, offset(1e-12));
  }

  @Test
  void saturatedWindowsStayFinite() {
    double p = UtteranceScore.MEAN_LOG_ODDS.combine(new double[] {1.0, 0.0, 1.0});
    assertThat(p).isGreaterThan(0.5).isLessThan(1.0);
    assertThatThrownBy(() -> UtteranceScore.MEAN_LOG_ODDS.combine(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
