package org.voicegender.quant;

/**
 * The golden model's convolutions: in int arithmetic when the caller guarantees that no sum leaves
 * 32 bits, else in long arithmetic; with the Vector API ({@code --add-modules
 * jdk.incubator.vector}, which {@code bin/voicegender}, the tests and the kernel pass) in SIMD
 * registers, else in plain loops. All are exact. Input codes are ints either way (activation
 * formats have at most 24 bits).
 *
 * <p>Layouts are time-major with a channel stride: frame t of an input with stride s is {@code
 * x[t·s .. t·s + s)}, so the k frames an output frame reads are one contiguous run of {@code k·s}
 * values. Weights are {@code w[q·outStride + o]} for q = tap·inStride + input channel (zero for
 * padding channels), and outputs {@code y[t·outStride + o]}: each output frame is a sum of
 * weight rows, each scaled by one input value, which the vector code computes {@link #LANES}
 * output channels at a time with no horizontal reduction.
 */
final class IntKernels {
  /** Whether the Vector API is there (it is an incubator module in JDK 17). */
  static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /** Output channels are padded to a multiple of this: the int lanes of the preferred vector. */
  static final int LANES = VECTOR ? VectorKernels.LANES : 8;

  private IntKernels() {}

  /** n rounded up to a multiple of {@link #LANES}. */
  static int padded(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /**
   * {@code y[t·outStride + o] = b[o] + Σ_q w[q·outStride + o]·x[t·inStride + q]} for t < frames,
   * o < outStride, q < w.length / outStride.
   */
  static void convolve(int[] x, int inStride, int frames, int[] w, int[] b, int outStride, int[] y) {
    if (VECTOR && outStride % LANES == 0) {
      VectorKernels.convolve(x, inStride, frames, w, b, outStride, y);
    } else {
      convolveScalar(x, inStride, frames, w, b, outStride, y);
    }
  }

  /**
   * {@code out[t·stride + c] = max_j y[(t·pool + j)·stride + c]} for t < steps, c < stride, j <
   * pool: a max-pool over time of a time-major output.
   */
  static void maxPool(int[] y, int stride, int pool, int steps, int[] out) {
    if (VECTOR && stride % LANES == 0) {
      VectorKernels.maxPool(y, stride, pool, steps, out);
      return;
    }
    for (int t = 0; t < steps; t++) {
      for (int c = 0; c < stride; c++) {
        int m = Integer.MIN_VALUE;
        for (int j = 0; j < pool; j++) {
          m = Math.max(m, y[(t * pool + j) * stride + c]);
        }
        out[t * stride + c] = m;
      }
    }
  }

  /** {@link #convolve} with long weights and sums, for formats whose sums may need 64 bits. */
  static void convolveLong(int[] x, int inStride, int frames, long[] w, long[] b, int outStride, long[] y) {
    if (VECTOR && outStride % VectorKernels.LONG_LANES == 0) {
      VectorKernels.convolveLong(x, inStride, frames, w, b, outStride, y);
    } else {
      convolveLongScalar(x, inStride, frames, w, b, outStride, y);
    }
  }

  /** {@link #convolveLong} in plain loops. */
  static void convolveLongScalar(int[] x, int inStride, int frames, long[] w, long[] b, int outStride, long[] y) {
    int width = w.length / outStride;
    for (int t = 0; t < frames; t++) {
      int row = t * outStride;
      System.arraycopy(b, 0, y, row, outStride);
      int base = t * inStride;
      for (int q = 0; q < width; q++) {
        long xv = x[base + q];
        int wq = q * outStride;
        for (int o = 0; o < outStride; o++) {
          y[row + o] += w[wq + o] * xv;
        }
      }
    }
  }

  /** {@link #convolve} in plain loops (the fallback, and the check of the vector code). */
  static void convolveScalar(int[] x, int inStride, int frames, int[] w, int[] b, int outStride, int[] y) {
    int width = w.length / outStride;
    for (int t = 0; t < frames; t++) {
      int row = t * outStride;
      System.arraycopy(b, 0, y, row, outStride);
      int base = t * inStride;
      for (int q = 0; q < width; q++) {
        int xv = x[base + q];
        int wq = q * outStride;
        for (int o = 0; o < outStride; o++) {
          y[row + o] += w[wq + o] * xv;
        }
      }
    }
  }
}
