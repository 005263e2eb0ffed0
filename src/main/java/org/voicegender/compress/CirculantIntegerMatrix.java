package org.voicegender.compress;

import java.util.List;
import java.util.Map;
import org.voicegender.quant.FixedPointFormat;
import org.voicegender.quant.IntegerMatrix;

/**
 * A block-circulant matrix in the golden model, computed by direct circulant arithmetic from the
 * integer codes of its defining vectors: {@code acc[j] += Σ_i x[i]·v[i/k][j/k][(j − i) mod k]},
 * each product exact in 64 bits, so the sums equal the dense golden model's on the expanded
 * matrix of codes (quantization is element by element, and expanding copies elements).
 */
public final class CirculantIntegerMatrix implements IntegerMatrix {
  private final int rows;
  private final int cols;
  private final int k;
  private final long[][][] codes; // [rowBlock][colBlock][k]

  public CirculantIntegerMatrix(int rows, int cols, int k, long[][][] codes) {
    if (codes.length != CirculantMatrix.blocks(rows, k) || codes[0].length != CirculantMatrix.blocks(cols, k)
        || codes[0][0].length != k) {
      throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix in blocks of " + k + " needs "
          + CirculantMatrix.blocks(rows, k) + " x " + CirculantMatrix.blocks(cols, k) + " vectors of " + k);
    }
    this.rows = rows;
    this.cols = cols;
    this.k = k;
    this.codes = codes;
  }

  /** The defining vectors' codes in {@code format}. */
  public static CirculantIntegerMatrix quantize(CirculantMatrix m, FixedPointFormat format) {
    double[][][] v = m.vectors();
    long[][][] c = new long[v.length][v[0].length][m.k()];
    for (int a = 0; a < v.length; a++) {
      for (int b = 0; b < v[0].length; b++) {
        for (int d = 0; d < m.k(); d++) {
          c[a][b][d] = format.quantize(v[a][b][d]);
        }
      }
    }
    return new CirculantIntegerMatrix(m.rows(), m.cols(), m.k(), c);
  }

  /** The defining vectors' codes {@code [rowBlock][colBlock][k]} (a copy). */
  public long[][][] codes() {
    long[][][] out = new long[codes.length][codes[0].length][];
    for (int a = 0; a < codes.length; a++) {
      for (int b = 0; b < codes[0].length; b++) {
        out[a][b] = codes[a][b].clone();
      }
    }
    return out;
  }

  public int k() {
    return k;
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public int cols() {
    return cols;
  }

  @Override
  public void multiplyAdd(long[] x, long[] acc) {
    int mask = k - 1; // k is a power of two
    for (int i = 0; i < rows; i++) {
      long xv = x[i];
      long[][] blockRow = codes[i / k];
      int r = i & mask;
      for (int b = 0, j = 0; b < blockRow.length; b++) {
        long[] v = blockRow[b];
        for (int c = 0; c < k && j < cols; c++, j++) {
          acc[j] += xv * v[(c - r) & mask];
        }
      }
    }
  }

  /**
   * The golden model's matrices for a compressed model: circulant arithmetic for each dense or
   * LSTM matrix in {@code vectors} (one tap each), plain codes for the rest. Refuses weights that
   * are not the expansion of their vectors, so the two cannot silently disagree.
   */
  public static IntegerMatrix.Matrices matrices(Map<String, List<CirculantMatrix>> vectors) {
    return (tensor, weights, format) -> {
      List<CirculantMatrix> v = vectors.get(tensor);
      if (v == null) {
        return IntegerMatrix.Matrices.DENSE.of(tensor, weights, format);
      }
      CirculantMatrix m = v.get(0);
      for (int i = 0; i < weights.length; i++) {
        for (int j = 0; j < weights[0].length; j++) {
          if (weights[i][j] != m.get(i, j)) {
            throw new IllegalArgumentException(tensor + "[" + i + "][" + j + "] is " + weights[i][j]
                + " but its defining vectors give " + m.get(i, j) + "; project the weights first");
          }
        }
      }
      return quantize(m, format);
    };
  }
}
