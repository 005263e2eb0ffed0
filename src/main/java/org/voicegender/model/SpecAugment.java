package org.voicegender.model;

import java.util.Random;

/**
 * SpecAugment-style masking (Park et al. 2019) of standardised MFCC windows: per example, one
 * band of up to {@value #MAX_COEFFICIENTS} consecutive coefficients and one span of up to
 * {@value #MAX_FRAMES} frames are set to 0 (the training mean), so the network cannot lean on
 * any one band or moment of a voice.
 */
final class SpecAugment {
  static final int MAX_COEFFICIENTS = 5;
  static final int MAX_FRAMES = 15;

  private SpecAugment() {}

  /** Masks each of the {@code examples} windows ({@code [examples, channels, frames]}) of {@code data} in place. */
  static void mask(float[] data, int examples, int channels, int frames, Random random) {
    for (int e = 0; e < examples; e++) {
      int base = e * channels * frames;
      int bandWidth = random.nextInt(MAX_COEFFICIENTS + 1);
      int band = random.nextInt(channels - bandWidth + 1);
      for (int c = band; c < band + bandWidth; c++) {
        java.util.Arrays.fill(data, base + c * frames, base + (c + 1) * frames, 0f);
      }
      int spanWidth = random.nextInt(MAX_FRAMES + 1);
      int span = random.nextInt(frames - spanWidth + 1);
      for (int c = 0; c < channels; c++) {
        java.util.Arrays.fill(data, base + c * frames + span, base + c * frames + span + spanWidth, 0f);
      }
    }
  }
}
