package org.voicegender.train;

import java.util.Random;
import org.voicegender.model.TrainingConfig;

/**
 * SpecAugment-style masking (Park et al. 2019) of standardised MFCC windows: per example, bands of
 * consecutive coefficients and spans of frames are set to 0 (the training mean), so the network
 * cannot lean on any one band or moment of a voice. By default one band of up to {@value
 * #MAX_COEFFICIENTS} coefficients and one span of up to {@value #MAX_FRAMES} frames; a recipe can
 * ask for more or wider masks ({@link TrainingConfig#maskBands()} and the knobs beside it).
 */
final class SpecAugment {
  static final int MAX_COEFFICIENTS = TrainingConfig.DEFAULT_MASK_MAX_COEFFICIENTS;
  static final int MAX_FRAMES = TrainingConfig.DEFAULT_MASK_MAX_FRAMES;

  private SpecAugment() {}

  /**
   * Masks each of the {@code examples} windows ({@code [examples, channels, frames]}) of {@code
   * data} in place, with {@code bands} bands of 0 to {@code maxCoefficients} coefficients
   * (at most all of them) and then {@code spans} spans of 0 to {@code maxFrames} frames, each
   * width and position drawn uniformly; masks may overlap. One band of up to {@link
   * #MAX_COEFFICIENTS} and one span of up to {@link #MAX_FRAMES} draw exactly what the masks
   * before these knobs drew.
   */
  static void mask(float[] data, int examples, int channels, int frames, int bands, int spans,
      int maxCoefficients, int maxFrames, Random random) {
    int widestBand = Math.min(maxCoefficients, channels);
    int widestSpan = Math.min(maxFrames, frames);
    for (int e = 0; e < examples; e++) {
      int base = e * channels * frames;
      for (int b = 0; b < bands; b++) {
        int bandWidth = random.nextInt(widestBand + 1);
        int band = random.nextInt(channels - bandWidth + 1);
        for (int c = band; c < band + bandWidth; c++) {
          java.util.Arrays.fill(data, base + c * frames, base + (c + 1) * frames, 0f);
        }
      }
      for (int s = 0; s < spans; s++) {
        int spanWidth = random.nextInt(widestSpan + 1);
        int span = random.nextInt(frames - spanWidth + 1);
        for (int c = 0; c < channels; c++) {
          java.util.Arrays.fill(data, base + c * frames + span, base + c * frames + span + spanWidth, 0f);
        }
      }
    }
  }
}
