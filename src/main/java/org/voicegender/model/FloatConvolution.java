package org.voicegender.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 1-D convolution over time-major float frames in SIMD registers (the Vector API: load this
 * class only when the module {@code jdk.incubator.vector} is there). Frame t of an input
 * with channel stride s is {@code x[t·s .. t·s + s)}, so the k frames an output frame reads are
 * one contiguous run of {@code k·s} values; weights are {@code w[q·outStride + o]} for q = tap·s +
 * input channel, outputs {@code y[t·outStride + o] = b[o] + Σ_q w[q·outStride + o]·x[t·s + q]}.
 * A dense layer is the same with one frame per example ({@code s} = its input width). Each
 * output frame is a sum of weight rows scaled by one input value, {@link #LANES} output channels
 * at a time, eight frames at a time so that each weight row is loaded once for eight: no
 * horizontal sums (a last block of fewer than eight frames is computed as the last eight, which
 * recomputes a few frames rather than running a tail of dependent multiply-adds one frame at a time). Every product is added with one fused multiply-add.
 */
public final class FloatConvolution {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Output channels are padded to a multiple of this: the float lanes of the preferred vector. */
  public static final int LANES = SPECIES.length();

  private FloatConvolution() {}

  /** n rounded up to a multiple of {@link #LANES}. */
  public static int padded(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /**
   * {@code y[yo + t·outStride + o] = b[o] + Σ_q w[q·outStride + o]·x[xo + t·inStride + q]} for t
   * < frames, o < outStride (a multiple of {@link #LANES}), q < w.length / outStride; {@code b}
   * null for no bias; ReLU on the outputs when {@code relu}.
   */
  public static void convolve(float[] x, int xo, int inStride, int frames, float[] w, float[] b, int outStride,
      float[] y, int yo, boolean relu) {
    if (outStride % LANES != 0) {
      throw new IllegalArgumentException("output stride " + outStride + " is not a multiple of " + LANES);
    }
    int width = w.length / outStride;
    FloatVector zero = FloatVector.zero(SPECIES);
    for (int oc = 0; oc < outStride; oc += LANES) {
      FloatVector bias = b == null ? zero : FloatVector.fromArray(SPECIES, b, oc);
      int t = 0;
      for (; frames >= 8 && t < frames; t += 8) {
        t = Math.min(t, frames - 8); // the last block overlaps the one before: its frames get the same sums again
        FloatVector a0 = bias;
        FloatVector a1 = bias;
        FloatVector a2 = bias;
        FloatVector a3 = bias;
        FloatVector a4 = bias;
        FloatVector a5 = bias;
        FloatVector a6 = bias;
        FloatVector a7 = bias;
        int x0 = xo + t * inStride;
        int x1 = x0 + inStride;
        int x2 = x1 + inStride;
        int x3 = x2 + inStride;
        int x4 = x3 + inStride;
        int x5 = x4 + inStride;
        int x6 = x5 + inStride;
        int x7 = x6 + inStride;
        for (int q = 0; q < width; q++) {
          FloatVector wv = FloatVector.fromArray(SPECIES, w, q * outStride + oc);
          a0 = wv.fma(FloatVector.broadcast(SPECIES, x[x0 + q]), a0);
          a1 = wv.fma(FloatVector.broadcast(SPECIES, x[x1 + q]), a1);
          a2 = wv.fma(FloatVector.broadcast(SPECIES, x[x2 + q]), a2);
          a3 = wv.fma(FloatVector.broadcast(SPECIES, x[x3 + q]), a3);
          a4 = wv.fma(FloatVector.broadcast(SPECIES, x[x4 + q]), a4);
          a5 = wv.fma(FloatVector.broadcast(SPECIES, x[x5 + q]), a5);
          a6 = wv.fma(FloatVector.broadcast(SPECIES, x[x6 + q]), a6);
          a7 = wv.fma(FloatVector.broadcast(SPECIES, x[x7 + q]), a7);
        }
        int y0 = yo + t * outStride + oc;
        store(a0, relu, y, y0);
        store(a1, relu, y, y0 + outStride);
        store(a2, relu, y, y0 + 2 * outStride);
        store(a3, relu, y, y0 + 3 * outStride);
        store(a4, relu, y, y0 + 4 * outStride);
        store(a5, relu, y, y0 + 5 * outStride);
        store(a6, relu, y, y0 + 6 * outStride);
        store(a7, relu, y, y0 + 7 * outStride);
      }
      for (; t < frames; t++) { // fewer than eight frames in all
        FloatVector a = bias;
        int x0 = xo + t * inStride;
        for (int q = 0; q < width; q++) {
          a = FloatVector.fromArray(SPECIES, w, q * outStride + oc).fma(FloatVector.broadcast(SPECIES, x[x0 + q]), a);
        }
        store(a, relu, y, yo + t * outStride + oc);
      }
    }
  }

  /**
   * The same convolution of a channel-major input (DL4J's NCW window, as it comes), no
   * transposition needed: {@code y[yo + t·outStride + o] = b[o] + Σ_q w[q·outStride + o]·x[xo +
   * offsets[q] + t]} for t < frames, where {@link #channelMajorOffsets} gives {@code offsets[q]} of
   * q = input channel · taps + tap. The eight frames of a block read eight consecutive values.
   */
  public static void convolveChannelMajor(float[] x, int xo, int[] offsets, int frames, float[] w, float[] b,
      int outStride, float[] y, int yo, boolean relu) {
    if (outStride % LANES != 0) {
      throw new IllegalArgumentException("output stride " + outStride + " is not a multiple of " + LANES);
    }
    int width = offsets.length;
    FloatVector zero = FloatVector.zero(SPECIES);
    for (int oc = 0; oc < outStride; oc += LANES) {
      FloatVector bias = b == null ? zero : FloatVector.fromArray(SPECIES, b, oc);
      int t = 0;
      for (; frames >= 8 && t < frames; t += 8) {
        t = Math.min(t, frames - 8); // the last block overlaps the one before: its frames get the same sums again
        FloatVector a0 = bias;
        FloatVector a1 = bias;
        FloatVector a2 = bias;
        FloatVector a3 = bias;
        FloatVector a4 = bias;
        FloatVector a5 = bias;
        FloatVector a6 = bias;
        FloatVector a7 = bias;
        int x0 = xo + t;
        for (int q = 0; q < width; q++) {
          FloatVector wv = FloatVector.fromArray(SPECIES, w, q * outStride + oc);
          int at = x0 + offsets[q];
          a0 = wv.fma(FloatVector.broadcast(SPECIES, x[at]), a0);
          a1 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 1]), a1);
          a2 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 2]), a2);
          a3 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 3]), a3);
          a4 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 4]), a4);
          a5 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 5]), a5);
          a6 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 6]), a6);
          a7 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 7]), a7);
        }
        int y0 = yo + t * outStride + oc;
        store(a0, relu, y, y0);
        store(a1, relu, y, y0 + outStride);
        store(a2, relu, y, y0 + 2 * outStride);
        store(a3, relu, y, y0 + 3 * outStride);
        store(a4, relu, y, y0 + 4 * outStride);
        store(a5, relu, y, y0 + 5 * outStride);
        store(a6, relu, y, y0 + 6 * outStride);
        store(a7, relu, y, y0 + 7 * outStride);
      }
      for (; t < frames; t++) { // fewer than eight frames in all
        FloatVector a = bias;
        int x0 = xo + t;
        for (int q = 0; q < width; q++) {
          a = FloatVector.fromArray(SPECIES, w, q * outStride + oc).fma(FloatVector.broadcast(SPECIES, x[x0 + offsets[q]]), a);
        }
        store(a, relu, y, yo + t * outStride + oc);
      }
    }
  }

  /** {@code offsets[i·taps + k] = i·length + k}: where tap k of channel i starts in a channel-major window. */
  public static int[] channelMajorOffsets(int length, int channels, int taps) {
    int[] offsets = new int[channels * taps];
    for (int i = 0; i < channels; i++) {
      for (int k = 0; k < taps; k++) {
        offsets[i * taps + k] = i * length + k;
      }
    }
    return offsets;
  }

  private static void store(FloatVector a, boolean relu, float[] y, int at) {
    (relu ? a.max(0f) : a).intoArray(y, at);
  }
}
