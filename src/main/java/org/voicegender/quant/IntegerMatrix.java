package org.voicegender.quant;

/**
 * A weight matrix of the golden model as an integer product in the {@code [in][out]} layout:
 * {@code acc[j] += Σ_i x[i]·W[i][j]}, exact in 64 bits. {@link #dense} is the ordinary one; a
 * structured matrix (e.g. block-circulant, computed from its defining vectors) plugs in through
 * {@link Matrices} and must give the same sums for the same codes.
 */
public interface IntegerMatrix {
  int rows();

  int cols();

  /** {@code acc[j] += Σ_i x[i]·W[i][j]}. */
  void multiplyAdd(long[] x, long[] acc);

  /** The plain matrix of codes {@code w[in][out]}. */
  static IntegerMatrix dense(long[][] w) {
    return new IntegerMatrix() {
      @Override
      public int rows() {
        return w.length;
      }

      @Override
      public int cols() {
        return w[0].length;
      }

      @Override
      public void multiplyAdd(long[] x, long[] acc) {
        int width = w[0].length;
        for (int i = 0; i < w.length; i++) {
          long xv = x[i];
          long[] row = w[i];
          for (int j = 0; j < width; j++) {
            acc[j] += xv * row[j];
          }
        }
      }
    };
  }

  /**
   * How a golden model makes the integer matrix of a weight tensor ({@code lstm.w}, {@code
   * lstm.rw}, {@code fc_N.w}) from its float weights {@code [in][out]} and format.
   */
  @FunctionalInterface
  interface Matrices {
    IntegerMatrix of(String tensor, double[][] weights, FixedPointFormat format);

    /** Each weight's code, a plain matrix. */
    Matrices DENSE = (tensor, weights, format) -> {
      long[][] codes = new long[weights.length][weights[0].length];
      for (int i = 0; i < weights.length; i++) {
        for (int j = 0; j < weights[i].length; j++) {
          codes[i][j] = format.quantize(weights[i][j]);
        }
      }
      return dense(codes);
    };
  }
}
