package org.voicegender.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 1-D convolution over time-major float frames in SIMD registers (the Vector API: load this
 * class only when the module {@code jdk.incubator.vector} is there). Frame t of an input
 * with channel stride s is {@code x[t·s .. t·s + s)}, so the k frames an output frame reads are
 * one contiguous run of {@code k·s} values; weights are {@code w[q·outStride + o]} for q = tap·s +
 * input channel, outputs {@code y[t·outStride + o] = b[o] + Σ_q w[q·outStride + o]·x[t·s + q]}.
 * A dense layer is the same with one frame per example ({@code s} = its input width). Each
 * output frame is a sum of weight rows scaled by one input value, a register or two of output
 * channels for a block of frames at a time, so that each weight row is loaded once for the block:
 * no horizontal sums (a last short block is computed as the last whole one, which recomputes a
 * few frames rather than running a tail of dependent multiply-adds one frame at a time). Every
 * product is added with one fused multiply-add.
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
    run(x, xo, inStride, null, w.length / outStride, frames, w, b, outStride, y, yo, relu);
  }

  /**
   * The same convolution of a channel-major input (DL4J's NCW window, as it comes), no
   * transposition needed: {@code y[yo + t·outStride + o] = b[o] + Σ_q w[q·outStride + o]·x[xo +
   * offsets[q] + t]} for t < frames, where {@link #channelMajorOffsets} gives {@code offsets[q]} of
   * q = input channel · taps + tap. The frames of a block read consecutive values.
   */
  public static void convolveChannelMajor(float[] x, int xo, int[] offsets, int frames, float[] w, float[] b,
      int outStride, float[] y, int yo, boolean relu) {
    run(x, xo, 1, offsets, offsets.length, frames, w, b, outStride, y, yo, relu);
  }

  /**
   * Both layouts: input value q of frame t at {@code x[xo + t·step + (offsets == null ? q :
   * offsets[q])]}. Output channels two registers at a time where there are two (6 frames a block:
   * 12 sums, 2 weight registers and a broadcast fill 15 of AVX2's 16 registers), each broadcast
   * input value then feeds two multiply-adds instead of one; with 16 channels on a 256-bit machine
   * (conv_0) that doubled the rate (12 → 25 G multiply-adds/s). A last single register of
   * channels, 8 frames a block. The sums of each output are the same either way (q ascending, one
   * fused multiply-add each), so the bits do not depend on the blocking.
   */
  private static void run(float[] x, int xo, int step, int[] offsets, int width, int frames, float[] w, float[] b,
      int outStride, float[] y, int yo, boolean relu) {
    if (outStride % LANES != 0) {
      throw new IllegalArgumentException("output stride " + outStride + " is not a multiple of " + LANES);
    }
    if (w.length != width * outStride) {
      throw new IllegalArgumentException(
          w.length + " weights are not " + width + " inputs × " + outStride + " output channels");
    }
    int oc = 0;
    if (frames >= 6) {
      for (; oc + 2 * LANES <= outStride; oc += 2 * LANES) {
        pairs(x, xo, step, offsets, width, frames, w, b, outStride, y, yo, relu, oc);
      }
    }
    for (; oc < outStride; oc += LANES) {
      single(x, xo, step, offsets, width, frames, w, b, outStride, y, yo, relu, oc);
    }
  }

  /** Output channels oc .. oc + 2·LANES, 6 frames a block (frames ≥ 6). */
  private static void pairs(float[] x, int xo, int step, int[] offsets, int width, int frames, float[] w,
      float[] b, int outStride, float[] y, int yo, boolean relu, int oc) {
    int od = oc + LANES;
    float[] bias = b == null ? zeros(outStride) : b;
    FloatVector biasC = FloatVector.fromArray(SPECIES, bias, oc);
    FloatVector biasD = FloatVector.fromArray(SPECIES, bias, od);
    FloatVector floor = FloatVector.broadcast(SPECIES, relu ? 0f : Float.NEGATIVE_INFINITY);
    for (int t = 0; t < frames; t += 6) {
      t = Math.min(t, frames - 6); // the last block overlaps the one before: its frames get the same sums again
      FloatVector c0 = biasC;
      FloatVector c1 = biasC;
      FloatVector c2 = biasC;
      FloatVector c3 = biasC;
      FloatVector c4 = biasC;
      FloatVector c5 = biasC;
      FloatVector d0 = biasD;
      FloatVector d1 = biasD;
      FloatVector d2 = biasD;
      FloatVector d3 = biasD;
      FloatVector d4 = biasD;
      FloatVector d5 = biasD;
      int x0 = xo + t * step;
      for (int q = 0; q < width; q++) {
        FloatVector wc = FloatVector.fromArray(SPECIES, w, q * outStride + oc);
        FloatVector wd = FloatVector.fromArray(SPECIES, w, q * outStride + od);
        int at = x0 + (offsets == null ? q : offsets[q]);
        FloatVector v = FloatVector.broadcast(SPECIES, x[at]);
        c0 = wc.fma(v, c0);
        d0 = wd.fma(v, d0);
        v = FloatVector.broadcast(SPECIES, x[at + step]);
        c1 = wc.fma(v, c1);
        d1 = wd.fma(v, d1);
        v = FloatVector.broadcast(SPECIES, x[at + 2 * step]);
        c2 = wc.fma(v, c2);
        d2 = wd.fma(v, d2);
        v = FloatVector.broadcast(SPECIES, x[at + 3 * step]);
        c3 = wc.fma(v, c3);
        d3 = wd.fma(v, d3);
        v = FloatVector.broadcast(SPECIES, x[at + 4 * step]);
        c4 = wc.fma(v, c4);
        d4 = wd.fma(v, d4);
        v = FloatVector.broadcast(SPECIES, x[at + 5 * step]);
        c5 = wc.fma(v, c5);
        d5 = wd.fma(v, d5);
      }
      int y0 = yo + t * outStride;
      store(c0, floor, y, y0 + oc);
      store(d0, floor, y, y0 + od);
      store(c1, floor, y, y0 + outStride + oc);
      store(d1, floor, y, y0 + outStride + od);
      store(c2, floor, y, y0 + 2 * outStride + oc);
      store(d2, floor, y, y0 + 2 * outStride + od);
      store(c3, floor, y, y0 + 3 * outStride + oc);
      store(d3, floor, y, y0 + 3 * outStride + od);
      store(c4, floor, y, y0 + 4 * outStride + oc);
      store(d4, floor, y, y0 + 4 * outStride + od);
      store(c5, floor, y, y0 + 5 * outStride + oc);
      store(d5, floor, y, y0 + 5 * outStride + od);
    }
  }

  /** Output channels oc .. oc + LANES, 8 frames a block (or one at a time when fewer than 8). */
  private static void single(float[] x, int xo, int step, int[] offsets, int width, int frames, float[] w,
      float[] b, int outStride, float[] y, int yo, boolean relu, int oc) {
    FloatVector bias = FloatVector.fromArray(SPECIES, b == null ? zeros(outStride) : b, oc);
    FloatVector floor = FloatVector.broadcast(SPECIES, relu ? 0f : Float.NEGATIVE_INFINITY);
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
      int x0 = xo + t * step;
      for (int q = 0; q < width; q++) {
        FloatVector wv = FloatVector.fromArray(SPECIES, w, q * outStride + oc);
        int at = x0 + (offsets == null ? q : offsets[q]);
        a0 = wv.fma(FloatVector.broadcast(SPECIES, x[at]), a0);
        a1 = wv.fma(FloatVector.broadcast(SPECIES, x[at + step]), a1);
        a2 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 2 * step]), a2);
        a3 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 3 * step]), a3);
        a4 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 4 * step]), a4);
        a5 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 5 * step]), a5);
        a6 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 6 * step]), a6);
        a7 = wv.fma(FloatVector.broadcast(SPECIES, x[at + 7 * step]), a7);
      }
      int y0 = yo + t * outStride + oc;
      store(a0, floor, y, y0);
      store(a1, floor, y, y0 + outStride);
      store(a2, floor, y, y0 + 2 * outStride);
      store(a3, floor, y, y0 + 3 * outStride);
      store(a4, floor, y, y0 + 4 * outStride);
      store(a5, floor, y, y0 + 5 * outStride);
      store(a6, floor, y, y0 + 6 * outStride);
      store(a7, floor, y, y0 + 7 * outStride);
    }
    for (; t < frames; t++) { // fewer than eight frames in all
      FloatVector a = bias;
      int x0 = xo + t * step;
      for (int q = 0; q < width; q++) {
        int at = x0 + (offsets == null ? q : offsets[q]);
        a = FloatVector.fromArray(SPECIES, w, q * outStride + oc).fma(FloatVector.broadcast(SPECIES, x[at]), a);
      }
      store(a, floor, y, yo + t * outStride + oc);
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

  /** Zeros for no bias: loaded like a bias, since a vector chosen by a branch was boxed. */
  private static volatile float[] zeros = new float[0];

  private static float[] zeros(int n) {
    float[] z = zeros;
    if (z.length < n) {
      zeros = z = new float[n];
    }
    return z;
  }

  /**
   * ReLU is a max with {@code floor}: 0, or −∞ for none (the identity, NaN kept). A vector chosen
   * by a branch ({@code relu ? a.max(0) : a}) was boxed on a 256-bit machine.
   */
  private static void store(FloatVector a, FloatVector floor, float[] y, int at) {
    a.max(floor).intoArray(y, at);
  }
}
