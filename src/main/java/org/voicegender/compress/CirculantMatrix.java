package org.voicegender.compress;

/**
 * A block-circulant {@code rows × cols} matrix in DL4J's {@code [nIn, nOut]} layout (y = x·W),
 * stored as its defining vectors {@code v[rowBlock][colBlock][k]}: within a block, {@code W[i][j]
 * = v[(j − i) mod k]}. Sides that are not multiples of k are zero-padded to whole blocks; the
 * padding rows and columns are cut off when expanding. Immutable by convention.
 */
public record CirculantMatrix(int rows, int cols, int k, double[][][] vectors) {
  public CirculantMatrix {
    if (rows < 1 || cols < 1 || k < 1) {
      throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix with blocks of " + k
          + ": all must be positive");
    }
    if (vectors.length != blocks(rows, k) || vectors[0].length != blocks(cols, k) || vectors[0][0].length != k) {
      throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix in blocks of " + k + " has "
          + blocks(rows, k) + " x " + blocks(cols, k) + " defining vectors of " + k + ", not " + vectors.length
          + " x " + vectors[0].length + " of " + vectors[0][0].length);
    }
  }

  /** Blocks along a side of {@code n}: ⌈n / k⌉ (the last one zero-padded). */
  public static int blocks(int n, int k) {
    return (n + k - 1) / k;
  }

  public int rowBlocks() {
    return vectors.length;
  }

  public int colBlocks() {
    return vectors[0].length;
  }

  /** Stored values: one length-k vector per block, padded blocks included. */
  public int storedWeights() {
    return rowBlocks() * colBlocks() * k;
  }

  /** Element (i, j) of the expanded matrix. */
  public double get(int i, int j) {
    return vectors[i / k][j / k][Math.floorMod(j % k - i % k, k)];
  }

  /** The dense {@code rows × cols} matrix. */
  public double[][] expand() {
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i][j] = get(i, j);
      }
    }
    return m;
  }

  /**
   * The block-circulant matrix nearest to {@code m} in the Frobenius norm (E-RNN's projection):
   * each defining value is the mean of the elements on its block's wrapped diagonal, {@code (j −
   * i) mod k = d}, over the elements that exist (not the padding). A diagonal with no element in
   * the matrix (a corner block padded on both sides) gets 0, the minimum-norm choice.
   */
  public static CirculantMatrix project(double[][] m, int k) {
    int rows = m.length;
    int cols = m[0].length;
    double[][][] v = new double[blocks(rows, k)][blocks(cols, k)][k];
    double[][][] first = new double[v.length][v[0].length][k];
    int[][][] n = new int[v.length][v[0].length][k];
    // The mean as the first element plus the mean of the differences from it: exact (not just
    // close) when the diagonal's elements are all equal, so projecting twice changes nothing.
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int d = Math.floorMod(j % k - i % k, k);
        if (n[i / k][j / k][d]++ == 0) {
          first[i / k][j / k][d] = m[i][j];
        } else {
          v[i / k][j / k][d] += m[i][j] - first[i / k][j / k][d];
        }
      }
    }
    for (int a = 0; a < v.length; a++) {
      for (int b = 0; b < v[0].length; b++) {
        for (int d = 0; d < k; d++) {
          v[a][b][d] = n[a][b][d] == 0 ? 0 : first[a][b][d] + v[a][b][d] / n[a][b][d];
        }
      }
    }
    return new CirculantMatrix(rows, cols, k, v);
  }

  /** Largest |m − projection(m)|: 0 exactly when {@code m} is block-circulant with blocks of k. */
  public static double deviation(double[][] m, int k) {
    CirculantMatrix p = project(m, k);
    double worst = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        worst = Math.max(worst, Math.abs(m[i][j] - p.get(i, j)));
      }
    }
    return worst;
  }

  /** {@code y = x·W} directly from the defining vectors (k² multiplies per block). */
  public double[] multiply(double[] x) {
    if (x.length != rows) {
      throw new IllegalArgumentException("x has " + x.length + " elements; the matrix has " + rows + " rows");
    }
    double[] y = new double[cols];
    for (int i = 0; i < rows; i++) {
      double xi = x[i];
      double[][] row = vectors[i / k];
      int r = i % k;
      for (int j = 0; j < cols; j++) {
        y[j] += xi * row[j / k][Math.floorMod(j % k - r, k)];
      }
    }
    return y;
  }
}
