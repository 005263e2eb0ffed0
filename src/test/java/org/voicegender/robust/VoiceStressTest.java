package org.voicegender.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicegender.audio.YinPitchTracker;
import org.voicegender.corpus.Gender;

/** The stress table's figures, against sums done by hand. */
class VoiceStressTest {
  @Test
  void ranksTiesByTheirMeanRank() {
    assertThat(VoiceStress.ranks(new double[] {10, 30, 20, 30, 5})).containsExactly(2, 4.5, 3, 4.5, 1);
  }

  @Test
  void spearmanIsMinusOneWhenHigherVoicesAlwaysSoundLessMale() {
    List<VoiceStress.Voice> voices = List.of(
        voice(1, Gender.MALE, 0.99, 95), voice(2, Gender.MALE, 0.9, 120), voice(3, Gender.FEMALE, 0.4, 150),
        voice(4, Gender.FEMALE, 0.01, 230), voice(5, Gender.FEMALE, 0.2, Double.NaN));
    var r = new VoiceStress.Result(voices, null, YinPitchTracker.Config.speech());
    assertThat(r.spearmanF0MaleProbability()).isCloseTo(-1.0, offset(1e-12));
    assertThat(r.medianF0(Gender.FEMALE)).isEqualTo(190.0); // (150 + 230) / 2, the reader without F0 left out
    assertThat(r.medianF0(Gender.MALE)).isEqualTo(107.5);
  }

  @Test
  void pearsonMatchesAHandComputedValue() {
    // x = 1, 2, 3, 4; y = 2, 1, 4, 3: sum dx dy = 3, sum dx^2 = sum dy^2 = 5
    assertThat(VoiceStress.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 1, 4, 3})).isCloseTo(0.6, offset(1e-12));
  }

  private static VoiceStress.Voice voice(int reader, Gender g, double pMale, double f0) {
    double confidence = g == Gender.MALE ? pMale : 1 - pMale;
    return new VoiceStress.Voice(reader, g, 1, pMale, confidence, confidence > 0.5, f0, 0.3);
  }
}
