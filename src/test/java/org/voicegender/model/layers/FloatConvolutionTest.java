package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both layouts of {@link FloatConvolution} give, bit for bit, the plain loop of fused
 * multiply-adds in ascending input order, whatever the blocking: one or several registers of
 * output channels (two at a time and a last single one), frame counts below, at and between the
 * block sizes, with and without bias and ReLU.
 */
class FloatConvolutionTest {
  private static final int L = FloatConvolution.LANES;

  @Test
  void timeMajorEqualsThePlainLoopForEveryBlocking() {
    Random r = new Random(7);
    for (int outStride : new int[] {L, 2 * L, 3 * L, 4 * L}) {
      for (int frames : new int[] {1, 5, 6, 7, 8, 9, 13, 84}) {
        for (boolean relu : new boolean[] {false, true}) {
          int inStride = 5;
          int taps = 3;
          int width = inStride * taps;
          float[] x = random(r, (frames + taps - 1) * inStride + 3);
          float[] w = random(r, width * outStride);
          float[] b = relu ? random(r, outStride) : null;
          float[] y = new float[2 + frames * outStride];
          FloatConvolution.convolve(x, 3, inStride, frames, w, b, outStride, y, 2, relu);
          for (int t = 0; t < frames; t++) {
            for (int o = 0; o < outStride; o++) {
              float sum = b == null ? 0f : b[o];
              for (int q = 0; q < width; q++) {
                sum = Math.fma(w[q * outStride + o], x[3 + t * inStride + q], sum);
              }
              float expected = relu ? Math.max(sum, 0f) : sum;
              assertThat(y[2 + t * outStride + o])
                  .as("outStride %d, frames %d, relu %s: frame %d, channel %d", outStride, frames, relu, t, o)
                  .isEqualTo(expected);
            }
          }
        }
      }
    }
  }

  @Test
  void channelMajorEqualsThePlainLoopForEveryBlocking() {
    Random r = new Random(11);
    for (int outStride : new int[] {L, 2 * L, 3 * L}) {
      for (int frames : new int[] {1, 6, 7, 8, 20, 84}) {
        int channels = 4;
        int taps = 2;
        int length = frames + taps - 1;
        int[] offsets = FloatConvolution.channelMajorOffsets(length, channels, taps);
        float[] x = random(r, channels * length + 1);
        float[] w = random(r, offsets.length * outStride);
        float[] b = random(r, outStride);
        float[] y = new float[frames * outStride];
        FloatConvolution.convolveChannelMajor(x, 1, offsets, frames, w, b, outStride, y, 0, true);
        for (int t = 0; t < frames; t++) {
          for (int o = 0; o < outStride; o++) {
            float sum = b[o];
            for (int q = 0; q < offsets.length; q++) {
              sum = Math.fma(w[q * outStride + o], x[1 + offsets[q] + t], sum);
            }
            assertThat(y[t * outStride + o])
                .as("outStride %d, frames %d: frame %d, channel %d", outStride, frames, t, o)
                .isEqualTo(Math.max(sum, 0f));
          }
        }
      }
    }
  }

  @Test
  void weightsThatDoNotFitTheStrideAreRefused() {
    assertThatThrownBy(() -> FloatConvolution.convolve(new float[10], 0, 2, 2, new float[L + 1], null, L,
        new float[2 * L], 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weights");
    assertThatThrownBy(() -> FloatConvolution.convolve(new float[10], 0, 2, 2, new float[L + 1], null, L + 1,
        new float[2 * L + 2], 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of " + L);
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
