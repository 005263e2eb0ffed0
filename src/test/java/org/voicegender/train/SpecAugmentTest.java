package org.voicegender.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voicegender.model.TrainingConfig;

class SpecAugmentTest {
  static final int CHANNELS = 40;
  static final int FRAMES = 87;

  /** The masks as SpecAugment drew them before mask counts and widths were knobs (one band, one span). */
  static void maskAsBefore(float[] data, int examples, int channels, int frames, Random random) {
    for (int e = 0; e < examples; e++) {
      int base = e * channels * frames;
      int bandWidth = random.nextInt(5 + 1);
      int band = random.nextInt(channels - bandWidth + 1);
      for (int c = band; c < band + bandWidth; c++) {
        Arrays.fill(data, base + c * frames, base + (c + 1) * frames, 0f);
      }
      int spanWidth = random.nextInt(15 + 1);
      int span = random.nextInt(frames - spanWidth + 1);
      for (int c = 0; c < channels; c++) {
        Arrays.fill(data, base + c * frames + span, base + c * frames + span + spanWidth, 0f);
      }
    }
  }

  static float[] ones(int examples) {
    float[] data = new float[examples * CHANNELS * FRAMES];
    Arrays.fill(data, 1f);
    return data;
  }

  @Test
  void oneBandAndOneSpanOfTheDefaultWidthsMaskAsBefore() {
    float[] before = ones(300);
    float[] now = ones(300);
    float[] viaRecipe = ones(300);
    maskAsBefore(before, 300, CHANNELS, FRAMES, new Random(9));
    SpecAugment.mask(now, 300, CHANNELS, FRAMES, 1, 1, SpecAugment.MAX_COEFFICIENTS, SpecAugment.MAX_FRAMES,
        new Random(9));
    TrainingConfig d = TrainingConfig.defaults();
    SpecAugment.mask(viaRecipe, 300, CHANNELS, FRAMES, d.maskBands(), d.maskSpans(), d.maskMaxCoefficients(),
        d.maskMaxFrames(), new Random(9));
    assertThat(now).isEqualTo(before);
    assertThat(viaRecipe).isEqualTo(before);
  }

  @Test
  void widerMasksReachTheirWidestAndNoFurther() {
    int n = 400;
    float[] data = ones(n);
    SpecAugment.mask(data, n, CHANNELS, FRAMES, 1, 1, 8, 25, new Random(4));
    int widestBand = 0;
    int widestSpan = 0;
    for (int e = 0; e < n; e++) {
      Masked m = Masked.of(data, e);
      assertThat(m.bandRuns()).isLessThanOrEqualTo(1);
      assertThat(m.spanRuns()).isLessThanOrEqualTo(1);
      widestBand = Math.max(widestBand, m.rows());
      widestSpan = Math.max(widestSpan, m.columns());
    }
    assertThat(widestBand).isEqualTo(8);
    assertThat(widestSpan).isEqualTo(25);
  }

  @Test
  void moreMasksMaskMoreInSeparateBandsAndSpans() {
    int n = 400;
    float[] one = ones(n);
    float[] more = ones(n);
    SpecAugment.mask(one, n, CHANNELS, FRAMES, 1, 1, SpecAugment.MAX_COEFFICIENTS, SpecAugment.MAX_FRAMES,
        new Random(4));
    SpecAugment.mask(more, n, CHANNELS, FRAMES, 2, 3, 5, 15, new Random(4));
    int severalBands = 0;
    int severalSpans = 0;
    for (int e = 0; e < n; e++) {
      Masked m = Masked.of(more, e);
      assertThat(m.bandRuns()).isLessThanOrEqualTo(2);
      assertThat(m.spanRuns()).isLessThanOrEqualTo(3);
      assertThat(m.rows()).isLessThanOrEqualTo(2 * 5);
      assertThat(m.columns()).isLessThanOrEqualTo(3 * 15);
      severalBands += m.bandRuns() == 2 ? 1 : 0;
      severalSpans += m.spanRuns() == 3 ? 1 : 0;
    }
    assertThat(severalBands).isPositive();
    assertThat(severalSpans).isPositive();
    assertThat(zeros(more)).isGreaterThan(zeros(one) * 3 / 2);
  }

  @Test
  void aBandWiderThanTheCoefficientsMasksAtMostAllOfThem() {
    float[] data = ones(200);
    SpecAugment.mask(data, 200, CHANNELS, FRAMES, 1, 1, 100, 15, new Random(2));
    int all = 0;
    for (int e = 0; e < 200; e++) {
      all += Masked.of(data, e).rows() == CHANNELS ? 1 : 0;
    }
    assertThat(all).isPositive();
  }

  static long zeros(float[] data) {
    long z = 0;
    for (float v : data) {
      z += v == 0 ? 1 : 0;
    }
    return z;
  }

  /** The coefficients and frames masked whole in one example, after checking nothing else is masked. */
  record Masked(boolean[] row, boolean[] column) {
    static Masked of(float[] data, int example) {
      int base = example * CHANNELS * FRAMES;
      boolean[] row = new boolean[CHANNELS];
      boolean[] column = new boolean[FRAMES];
      for (int c = 0; c < CHANNELS; c++) {
        row[c] = true;
        for (int f = 0; f < FRAMES; f++) {
          row[c] &= data[base + c * FRAMES + f] == 0;
        }
      }
      for (int f = 0; f < FRAMES; f++) {
        column[f] = true;
        for (int c = 0; c < CHANNELS; c++) {
          column[f] &= data[base + c * FRAMES + f] == 0;
        }
      }
      int stray = 0; // a zero outside the whole bands and spans, or a value changed otherwise
      for (int c = 0; c < CHANNELS; c++) {
        for (int f = 0; f < FRAMES; f++) {
          float v = data[base + c * FRAMES + f];
          stray += (v == 0 ? row[c] || column[f] : v == 1) ? 0 : 1;
        }
      }
      assertThat(stray).as("example %d", example).isZero();
      return new Masked(row, column);
    }

    int rows() {
      return count(row);
    }

    int columns() {
      return count(column);
    }

    int bandRuns() {
      return runs(row);
    }

    int spanRuns() {
      return runs(column);
    }

    static int count(boolean[] b) {
      int n = 0;
      for (boolean x : b) {
        n += x ? 1 : 0;
      }
      return n;
    }

    static int runs(boolean[] b) {
      int n = 0;
      for (int i = 0; i < b.length; i++) {
        n += b[i] && (i == 0 || !b[i - 1]) ? 1 : 0;
      }
      return n;
    }
  }
}
