package org.voicegender.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void summarisesRoundsAsMedianAndRange() {
    Samples s = Samples.of(3, 1, 2, 10);
    assertThat(s.median()).isEqualTo(2.5);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(10);
    assertThat(s.format("%.1f")).isEqualTo("2.5 (1.0-10.0)");
    assertThat(Samples.of(4).format("%.1f")).isEqualTo("4.0");
  }

  @Test
  void takesRatiosRoundByRoundNotOfTheMedians() {
    // Round 2 ran while the machine was loaded: both sides slowed together.
    Samples peer = Samples.of(6, 12, 6);
    Samples ours = Samples.of(2, 4, 3);
    assertThat(peer.over(ours).values()).containsExactly(3, 3, 2);
    assertThat(peer.over(ours).median()).isEqualTo(3);
  }

  @Test
  void picksTheBestSettingPerRound() {
    Samples oneThread = Samples.of(0.15, 0.30);
    Samples twoThreads = Samples.of(0.40, 0.20);
    assertThat(Samples.bestOf(oneThread, twoThreads).values()).containsExactly(0.15, 0.20);
    assertThat(Samples.highestOf(oneThread, twoThreads).values()).containsExactly(0.40, 0.30);
  }

  @Test
  void refusesMissingOrNonFiniteMeasurementsAndMismatchedRounds() {
    assertThatThrownBy(() -> Samples.of()).hasMessageContaining("no measurements");
    assertThatThrownBy(() -> Samples.of(1, Double.NaN)).hasMessageContaining("not finite");
    assertThatThrownBy(() -> Samples.of(1, 2).over(Samples.of(1)))
        .hasMessageContaining("2 rounds over 1 rounds");
  }
}
