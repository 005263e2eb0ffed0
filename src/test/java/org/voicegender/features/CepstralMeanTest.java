package org.voicegender.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CepstralMeanTest {
  /** Three windows of one recording, 4 coefficients by 5 frames, each coefficient offset differently. */
  static float[][][] recording() {
    Random random = new Random(7);
    float[][][] w = new float[3][4][5];
    for (float[][] window : w) {
      for (int c = 0; c < 4; c++) {
        for (int t = 0; t < 5; t++) {
          window[c][t] = (float) (100 * c - 250 + 10 * random.nextGaussian());
        }
      }
    }
    return w;
  }

  /** The mean of coefficient {@code c} over all 15 frames, summed by hand. */
  static double mean(float[][][] w, int c) {
    double sum = 0;
    for (float[][] window : w) {
      for (float v : window[c]) {
        sum += v;
      }
    }
    return sum / 15;
  }

  @Test
  void allRemovesEachCoefficientsMeanOverEveryFrameOfTheRecording() {
    float[][][] in = recording();
    float[][][] copy = recording();
    float[][][] out = CepstralMean.ALL.subtract(in);
    for (int c = 0; c < 4; c++) {
      double m = mean(in, c);
      assertThat(Math.abs(m)).isGreaterThan(20); // there was a mean to remove
      assertThat(mean(out, c)).isCloseTo(0, offset(1e-4));
      for (int w = 0; w < 3; w++) {
        for (int t = 0; t < 5; t++) {
          assertThat(out[w][c][t]).isCloseTo((float) (in[w][c][t] - m), offset(1e-4f));
        }
      }
    }
    assertThat(in).isDeepEqualTo(copy); // the recording's own arrays are left as they were
  }

  @Test
  void aFractionOfTheMeanLeavesTheRestOfIt() {
    float[][][] in = recording();
    float[][][] half = CepstralMean.ALL.subtract(in, 0.5);
    for (int c = 0; c < 4; c++) {
      assertThat(mean(half, c)).isCloseTo(mean(in, c) / 2, offset(1e-4));
      assertThat(half[1][c][2] - half[0][c][3]).isCloseTo(in[1][c][2] - in[0][c][3], offset(1e-4f));
    }
    assertThat(CepstralMean.ALL.subtract(in, 1)).isDeepEqualTo(CepstralMean.ALL.subtract(in));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CepstralMean.ALL.subtract(in, 0))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CepstralMean.C0.subtract(in, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void c0RemovesOnlyTheEnergyMean() {
    float[][][] in = recording();
    float[][][] out = CepstralMean.C0.subtract(in);
    assertThat(mean(out, 0)).isCloseTo(0, offset(1e-4));
    for (int w = 0; w < 3; w++) {
      for (int c = 1; c < 4; c++) {
        assertThat(out[w][c]).containsExactly(in[w][c]);
      }
    }
  }

  @Test
  void noneAndAnEmptyRecordingAreLeftAsTheyAre() {
    float[][][] in = recording();
    assertThat(CepstralMean.NONE.subtract(in)).isSameAs(in);
    assertThat(CepstralMean.ALL.subtract(new float[0][][])).isEmpty();
  }

  @Test
  void aRecordingOfOneConstantFrameBecomesZero() {
    float[][][] in = {{{3, 3}, {-2, -2}}};
    assertThat(CepstralMean.ALL.subtract(in)).isDeepEqualTo(new float[][][] {{{0, 0}, {0, 0}}});
  }
}
