package org.voicegender.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exact LSTM (sigmoid gates, tanh cell input and cell) of {@link CompactLstmLayer}'s training
 * passes in SIMD registers, L units a vector: the forward pass from the gate sums (every
 * example's of a step in one {@link FloatConvolution} product). Floats, as DL4J's own LSTM
 * computes; the functions as {@code ActivationFunction.SIGMOID} and {@code TANH} define them, on
 * {@link VectorMath}'s exp (basic operations only, so the same bits before and after the JIT
 * compiles them). Every vector lives inside one loop of its own method (see {@link
 * Conv1dVector#correlate}).
 *
 * <p>Layouts: {@code wr [nIn + n][4n]} the input weights then the recurrent ones, row-major, gate
 * blocks g, f, o, i; {@code in [nIn + n]} the step's input then the previous output (zeros at
 * the first step); the gate sums {@code z [4n]}; per example and step the activations {@code gates [4][n]} (a, f, o, i), the
 * cell state and its tanh {@code [n]}.
 */
final class LstmVector {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();

  private LstmVector() {}

  /** Whether the layer's units fill whole vectors. */
  static boolean fits(int units) {
    return units % L == 0;
  }

  /**
   * One step of one example from its gate sums {@code z[zo..zo+4n)} ({@code b + in·wr}, gate
   * blocks g, f, o, i): the gates into {@code gates[g..]}, the cell state from {@code
   * cells[prev..]} (none when {@code prev < 0}) into {@code cells[c..]}, its tanh and the output
   * {@code h = o·tanh(c)}. Each function over whole blocks ({@link VectorMath}'s array forms), each
   * other sum in a loop of its own method.
   */
  static void step(float[] z, int zo, int n, float[] gates, int g, float[] cells, int prev, int c, float[] cellTanh,
      float[] h, int ho) {
    VectorMath.tanh(z, zo, gates, g, n);
    VectorMath.sigmoid(z, zo + n, gates, g + n, 3 * n);
    if (prev < 0) {
      firstCell(n, gates, g, cells, c);
    } else {
      cell(n, gates, g, cells, prev, c);
    }
    VectorMath.tanh(cells, c, cellTanh, c, n);
    output(n, gates, g, cellTanh, c, h, ho);
  }

  /** {@code c = i·a}: the first step's cell. */
  private static void firstCell(int n, float[] gates, int g, float[] cells, int c) {
    for (int u0 = 0; u0 < n; u0 += L) {
      FloatVector a = FloatVector.fromArray(S, gates, g + u0);
      FloatVector i = FloatVector.fromArray(S, gates, g + 3 * n + u0);
      i.mul(a).intoArray(cells, c + u0);
    }
  }

  /** {@code c = f·c_prev + i·a}. */
  private static void cell(int n, float[] gates, int g, float[] cells, int prev, int c) {
    for (int u0 = 0; u0 < n; u0 += L) {
      FloatVector a = FloatVector.fromArray(S, gates, g + u0);
      FloatVector f = FloatVector.fromArray(S, gates, g + n + u0);
      FloatVector i = FloatVector.fromArray(S, gates, g + 3 * n + u0);
      f.mul(FloatVector.fromArray(S, cells, prev + u0)).add(i.mul(a)).intoArray(cells, c + u0);
    }
  }

  /** {@code h = o·tanh(c)}. */
  private static void output(int n, float[] gates, int g, float[] cellTanh, int c, float[] h, int ho) {
    for (int u0 = 0; u0 < n; u0 += L) {
      FloatVector o = FloatVector.fromArray(S, gates, g + 2 * n + u0);
      o.mul(FloatVector.fromArray(S, cellTanh, c + u0)).intoArray(h, ho + u0);
    }
  }

  /**
   * Backpropagation through one step of units {@code u0..u0+L−1}: from the gradient at the
   * output {@code dh} (this step's, the next step's added) and at the cell {@code dcNext} (the
   * next step's), the gradient at the pre-activations into {@code dz [4n]} and the cell's
   * gradient for the step before into {@code dcNext}.
   */
  static void backward(int n, float[] gates, int g, float[] cells, int prev, int c, float[] cellTanh, float[] dh,
      float[] dcNext, int u0, float[] dz) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector a = FloatVector.fromArray(S, gates, g + u0);
    FloatVector f = FloatVector.fromArray(S, gates, g + n + u0);
    FloatVector o = FloatVector.fromArray(S, gates, g + 2 * n + u0);
    FloatVector i = FloatVector.fromArray(S, gates, g + 3 * n + u0);
    FloatVector tc = FloatVector.fromArray(S, cellTanh, c + u0);
    FloatVector previous = prev >= 0 ? FloatVector.fromArray(S, cells, prev + u0) : FloatVector.zero(S);
    FloatVector h = FloatVector.fromArray(S, dh, u0);
    FloatVector dc = h.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dcNext, u0));
    dc.mul(i).mul(one.sub(a.mul(a))).intoArray(dz, u0);
    dc.mul(previous).mul(f.mul(one.sub(f))).intoArray(dz, n + u0);
    h.mul(tc).mul(o.mul(one.sub(o))).intoArray(dz, 2 * n + u0);
    dc.mul(a).mul(i.mul(one.sub(i))).intoArray(dz, 3 * n + u0);
    dc.mul(f).intoArray(dcNext, u0);
  }

  /** {@code dwr[r][·] += in[r] · dz} for every row, and {@code db += dz}. */
  static void accumulate(float[] in, int rows, float[] dz, int n4, float[] dwr, float[] db) {
    add(dz, 0, n4, db);
    for (int r = 0; r < rows; r++) {
      float s = in[r];
      if (s != 0f) {
        rowAxpy(s, dz, dwr, r * n4, n4);
      }
    }
  }

  /** {@code db += dz[dzo..dzo+n4)}. */
  static void add(float[] dz, int dzo, int n4, float[] db) {
    for (int j = 0; j < n4; j += L) {
      FloatVector.fromArray(S, db, j).add(FloatVector.fromArray(S, dz, dzo + j)).intoArray(db, j);
    }
  }

  private static void rowAxpy(float s, float[] dz, float[] dwr, int base, int n4) {
    FloatVector sv = FloatVector.broadcast(S, s);
    for (int j = 0; j < n4; j += L) {
      FloatVector.fromArray(S, dz, j).fma(sv, FloatVector.fromArray(S, dwr, base + j)).intoArray(dwr, base + j);
    }
  }

  /**
   * The gradient at the step's input and previous output, {@code out[r] = Σ_j wrT[j][r] · dz[j]}
   * for {@code r < rowsPadded} (a multiple of L): {@code wrT [4n][rowsPadded]}, the transpose of
   * {@code wr}, zero past its rows.
   */
  static void inputGradient(float[] wrT, int rowsPadded, float[] dz, int n4, float[] out) {
    for (int r0 = 0; r0 < rowsPadded; r0 += L) {
      column(wrT, rowsPadded, dz, n4, out, r0);
    }
  }

  private static void column(float[] wrT, int rowsPadded, float[] dz, int n4, float[] out, int r0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    int j = 0;
    for (; j + 1 < n4; j += 2) {
      s0 = FloatVector.fromArray(S, wrT, j * rowsPadded + r0).fma(FloatVector.broadcast(S, dz[j]), s0);
      s1 = FloatVector.fromArray(S, wrT, (j + 1) * rowsPadded + r0).fma(FloatVector.broadcast(S, dz[j + 1]), s1);
    }
    if (j < n4) {
      s0 = FloatVector.fromArray(S, wrT, j * rowsPadded + r0).fma(FloatVector.broadcast(S, dz[j]), s0);
    }
    s0.add(s1).intoArray(out, r0);
  }
}
