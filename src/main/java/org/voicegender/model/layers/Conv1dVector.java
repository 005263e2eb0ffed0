package org.voicegender.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two sums of a 1-D convolution ({@link Conv1dPass}) in SIMD registers, over row-major float
 * arrays of rows padded to whole vectors. Loaded only when the Vector API is there ({@link
 * RowAxpy#VECTOR}).
 *
 * <ul>
 *   <li>{@link #correlate}: {@code out[b][p][t] = bias[p] + Σ_j Σ_q c[(j·Q + q)·P + p] ·
 *       in[b][q][off[j] + t]}, vectorised over t (a broadcast coefficient times a vector of
 *       inputs), 4 p by 6 vectors of t in registers on a machine with 32 of them, 2 p by 4 on
 *       one with 16. The forward pass ({@code off[j] = j}) and,
 *       with the weights transposed per tap and {@code off[j] = K − 1 − j}, the gradient at the
 *       input.
 *   <li>{@link #correlateGradient}: {@code g[(j·Q + q)·P + p] = Σ_b Σ_t in[b][q][off[j] + t] ·
 *       d[b][p][dOff + t]}, lane-wise sums over t for 4 rows (j, q) by 4 p in registers (by 2 p
 *       with 16 registers), reduced at the end: the gradient at the weights.
 * </ul>
 *
 * The tiles are as large as the registers allow: one that needs more than the machine has makes
 * the JIT spill accumulators to the stack in the inner loop. On an AVX2 machine (16 registers)
 * the 4 × 3 forward tile and 4 × 4 gradient tile that suit AVX-512 ran at 20 and 14 G
 * multiply-adds/s on the first layer; 2 × 4 and 4 × 2 at 34 and 22.
 *
 * Sums are fused multiply-adds in another order than BLAS's, so results agree with DL4J's op to
 * float rounding.
 */
final class Conv1dVector {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Floats per vector. */
  static final int L = S.length();
  /** Examples whose rows are summed before the next rows: they stay in the first cache levels. */
  private static final int CHUNK = 4;
  /**
   * Whether the tiles are sized for 32 vector registers (AVX-512, whose vectors are 16 floats)
   * rather than AVX2's 16.
   */
  static final boolean WIDE = L >= 16;
  /** Vectors of t a forward tile covers: {@code blocks} must be a multiple of it. */
  static final int TILE_VECTORS = tileVectors(WIDE);

  static int tileVectors(boolean wide) {
    return wide ? 6 : 4;
  }

  private Conv1dVector() {}

  /**
   * The forward sum. {@code P} must be a multiple of 4 (pad {@code c} with zero columns) and
   * {@code blocks} of {@link #TILE_VECTORS}; rows of {@code in} are {@code inRow} floats, at least {@code max(off) +
   * blocks·L}; rows of {@code out} are {@code outRow ≥ blocks·L}. {@code bias} has P elements or
   * is null for none.
   */
  static void correlate(float[] in, int batch, int q, int inRow, float[] c, int p, int[] off, float[] bias,
      float[] out, int outRow, int blocks, boolean relu) {
    correlate(in, 0, batch, q, inRow, c, p, off, bias, out, outRow, blocks, relu);
  }

  /** {@link #correlate} of examples {@code from..to − 1} only. */
  static void correlate(float[] in, int from, int to, int q, int inRow, float[] c, int p, int[] off, float[] bias,
      float[] out, int outRow, int blocks, boolean relu) {
    correlate(WIDE, in, from, to, q, inRow, c, p, off, bias, out, outRow, blocks, relu);
  }

  /** {@link #correlate} in the tiles for 32 registers ({@code wide}) or 16, whatever the machine's. */
  static void correlate(boolean wide, float[] in, int from, int to, int q, int inRow, float[] c, int p, int[] off,
      float[] bias, float[] out, int outRow, int blocks, boolean relu) {
    int[] rowStart = rowStarts(q, inRow, off);
    int pStep = wide ? 4 : 2;
    int tStep = tileVectors(wide) * L;
    for (int b = from; b < to; b++) {
      for (int p0 = 0; p0 < p; p0 += pStep) {
        for (int t0 = 0; t0 < blocks * L; t0 += tStep) {
          int i = b * q * inRow + t0;
          int o = (b * p + p0) * outRow + t0;
          if (wide) {
            tile4x6(in, i, rowStart, c, p, p0, bias, out, o, outRow, relu);
          } else {
            tile2x4(in, i, rowStart, c, p, p0, bias, out, o, outRow, relu);
          }
        }
      }
    }
  }

  /**
   * ReLU's backward pass on one row, in place: {@code d[dr + t] = 0} where {@code y[yr + t] ≤ 0},
   * for {@code t < n} (a multiple of L); returns the row's sum.
   */
  static float reluBackward(float[] d, int dr, float[] y, int yr, int n, boolean relu) {
    FloatVector sum = FloatVector.zero(S);
    for (int t = 0; t < n; t += L) {
      FloatVector e = FloatVector.fromArray(S, d, dr + t);
      if (relu) {
        e = e.blend(0f, FloatVector.fromArray(S, y, yr + t).compare(VectorOperators.LE, 0f));
        e.intoArray(d, dr + t);
      }
      sum = sum.add(e);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** Where row (j, q) = r starts in an example's rows, tap j's offset included: {@code q·inRow + off[j]}. */
  private static int[] rowStarts(int q, int inRow, int[] off) {
    int[] rowStart = new int[off.length * q];
    for (int j = 0; j < off.length; j++) {
      for (int k = 0; k < q; k++) {
        rowStart[j * q + k] = k * inRow + off[j];
      }
    }
    return rowStart;
  }

  /**
   * One tile of {@link #correlate} for 32 registers: 4 p by 6 vectors of t (24 accumulators, 6
   * inputs and a coefficient). A method of its own with one loop: the JDK 17 JIT keeps vectors
   * in registers across a single loop, but boxes them (an allocation per iteration) across
   * nested ones or an on-stack-replaced loop. ReLU is a max with 0, or with −∞ for none (the
   * identity, NaN kept): a vector that is one of two values after a branch is boxed too.
   */
  private static void tile4x6(float[] in, int inStart, int[] rowStart, float[] c, int p, int p0, float[] bias,
      float[] out, int o, int outRow, boolean relu) {
    FloatVector a00, a01, a02, a03, a04, a05;
    FloatVector a10, a11, a12, a13, a14, a15;
    FloatVector a20, a21, a22, a23, a24, a25;
    FloatVector a30, a31, a32, a33, a34, a35;
    a00 = a01 = a02 = a03 = a04 = a05 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0]);
    a10 = a11 = a12 = a13 = a14 = a15 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0 + 1]);
    a20 = a21 = a22 = a23 = a24 = a25 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0 + 2]);
    a30 = a31 = a32 = a33 = a34 = a35 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0 + 3]);
    for (int r = 0, ci = p0; r < rowStart.length; r++, ci += p) {
      int row = inStart + rowStart[r];
      FloatVector x0 = FloatVector.fromArray(S, in, row);
      FloatVector x1 = FloatVector.fromArray(S, in, row + L);
      FloatVector x2 = FloatVector.fromArray(S, in, row + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, in, row + 3 * L);
      FloatVector x4 = FloatVector.fromArray(S, in, row + 4 * L);
      FloatVector x5 = FloatVector.fromArray(S, in, row + 5 * L);
      FloatVector w = FloatVector.broadcast(S, c[ci]);
      a00 = x0.fma(w, a00);
      a01 = x1.fma(w, a01);
      a02 = x2.fma(w, a02);
      a03 = x3.fma(w, a03);
      a04 = x4.fma(w, a04);
      a05 = x5.fma(w, a05);
      w = FloatVector.broadcast(S, c[ci + 1]);
      a10 = x0.fma(w, a10);
      a11 = x1.fma(w, a11);
      a12 = x2.fma(w, a12);
      a13 = x3.fma(w, a13);
      a14 = x4.fma(w, a14);
      a15 = x5.fma(w, a15);
      w = FloatVector.broadcast(S, c[ci + 2]);
      a20 = x0.fma(w, a20);
      a21 = x1.fma(w, a21);
      a22 = x2.fma(w, a22);
      a23 = x3.fma(w, a23);
      a24 = x4.fma(w, a24);
      a25 = x5.fma(w, a25);
      w = FloatVector.broadcast(S, c[ci + 3]);
      a30 = x0.fma(w, a30);
      a31 = x1.fma(w, a31);
      a32 = x2.fma(w, a32);
      a33 = x3.fma(w, a33);
      a34 = x4.fma(w, a34);
      a35 = x5.fma(w, a35);
    }
    FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
    a00.max(floor).intoArray(out, o);
    a01.max(floor).intoArray(out, o + L);
    a02.max(floor).intoArray(out, o + 2 * L);
    a03.max(floor).intoArray(out, o + 3 * L);
    a04.max(floor).intoArray(out, o + 4 * L);
    a05.max(floor).intoArray(out, o + 5 * L);
    a10.max(floor).intoArray(out, o + outRow);
    a11.max(floor).intoArray(out, o + outRow + L);
    a12.max(floor).intoArray(out, o + outRow + 2 * L);
    a13.max(floor).intoArray(out, o + outRow + 3 * L);
    a14.max(floor).intoArray(out, o + outRow + 4 * L);
    a15.max(floor).intoArray(out, o + outRow + 5 * L);
    a20.max(floor).intoArray(out, o + 2 * outRow);
    a21.max(floor).intoArray(out, o + 2 * outRow + L);
    a22.max(floor).intoArray(out, o + 2 * outRow + 2 * L);
    a23.max(floor).intoArray(out, o + 2 * outRow + 3 * L);
    a24.max(floor).intoArray(out, o + 2 * outRow + 4 * L);
    a25.max(floor).intoArray(out, o + 2 * outRow + 5 * L);
    a30.max(floor).intoArray(out, o + 3 * outRow);
    a31.max(floor).intoArray(out, o + 3 * outRow + L);
    a32.max(floor).intoArray(out, o + 3 * outRow + 2 * L);
    a33.max(floor).intoArray(out, o + 3 * outRow + 3 * L);
    a34.max(floor).intoArray(out, o + 3 * outRow + 4 * L);
    a35.max(floor).intoArray(out, o + 3 * outRow + 5 * L);
  }

  /** One tile of {@link #correlate} for 16 registers: 2 p by 4 vectors of t (see {@link #tile4x6}). */
  private static void tile2x4(float[] in, int inStart, int[] rowStart, float[] c, int p, int p0, float[] bias,
      float[] out, int o, int outRow, boolean relu) {
    FloatVector a00, a01, a02, a03;
    FloatVector a10, a11, a12, a13;
    a00 = a01 = a02 = a03 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0]);
    a10 = a11 = a12 = a13 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0 + 1]);
    for (int r = 0, ci = p0; r < rowStart.length; r++, ci += p) {
      int row = inStart + rowStart[r];
      FloatVector x0 = FloatVector.fromArray(S, in, row);
      FloatVector x1 = FloatVector.fromArray(S, in, row + L);
      FloatVector x2 = FloatVector.fromArray(S, in, row + 2 * L);
      FloatVector x3 = FloatVector.fromArray(S, in, row + 3 * L);
      FloatVector w = FloatVector.broadcast(S, c[ci]);
      a00 = x0.fma(w, a00);
      a01 = x1.fma(w, a01);
      a02 = x2.fma(w, a02);
      a03 = x3.fma(w, a03);
      w = FloatVector.broadcast(S, c[ci + 1]);
      a10 = x0.fma(w, a10);
      a11 = x1.fma(w, a11);
      a12 = x2.fma(w, a12);
      a13 = x3.fma(w, a13);
    }
    FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
    a00.max(floor).intoArray(out, o);
    a01.max(floor).intoArray(out, o + L);
    a02.max(floor).intoArray(out, o + 2 * L);
    a03.max(floor).intoArray(out, o + 3 * L);
    a10.max(floor).intoArray(out, o + outRow);
    a11.max(floor).intoArray(out, o + outRow + L);
    a12.max(floor).intoArray(out, o + outRow + 2 * L);
    a13.max(floor).intoArray(out, o + outRow + 3 * L);
  }



  /**
   * The weight gradient into {@code g} ({@code off.length · q · p} elements, overwritten). {@code
   * p} must be a multiple of 4; {@code d} zero where t is past the output's length; {@code lanes}
   * scratch of {@code off.length · q · p · L} floats.
   */
  static void correlateGradient(float[] in, int batch, int q, int inRow, float[] d, int p, int dRow, int dOff,
      int[] off, int blocks, float[] g, float[] lanes) {
    correlateGradient(in, 0, batch, q, inRow, d, p, dRow, dOff, off, blocks, g, lanes);
  }

  /** {@link #correlateGradient} over examples {@code first..last − 1} only. */
  static void correlateGradient(float[] in, int first, int last, int q, int inRow, float[] d, int p, int dRow,
      int dOff, int[] off, int blocks, float[] g, float[] lanes) {
    correlateGradient(WIDE, in, first, last, q, inRow, d, p, dRow, dOff, off, blocks, g, lanes);
  }

  /** {@link #correlateGradient} in the tiles for 32 registers ({@code wide}) or 16. */
  static void correlateGradient(boolean wide, float[] in, int first, int last, int q, int inRow, float[] d, int p,
      int dRow, int dOff, int[] off, int blocks, float[] g, float[] lanes) {
    int batch = last;
    int rows = off.length * q;
    int[] rowStart = rowStarts(q, inRow, off);
    java.util.Arrays.fill(lanes, 0, rows * p * L, 0f);
    // the (example, vector of t) pairs in order, as offsets of in's and d's rows
    int[] xAt = new int[batch * blocks];
    int[] dAt = new int[batch * blocks];
    for (int b = 0, i = 0; b < batch; b++) {
      for (int t = 0; t < blocks * L; t += L, i++) {
        xAt[i] = b * q * inRow + t;
        dAt[i] = b * p * dRow + dOff + t;
      }
    }
    for (int b0 = first; b0 < batch; b0 += CHUNK) {
      int from = b0 * blocks;
      int to = Math.min(batch, b0 + CHUNK) * blocks;
      int r0 = 0;
      for (; r0 + 4 <= rows; r0 += 4) {
        if (wide) {
          for (int p0 = 0; p0 < p; p0 += 4) {
            gradientTile(in, rowStart, r0, xAt, d, p0 * dRow, dRow, dAt, from, to, lanes, (r0 * p + p0) * L, p);
          }
        } else {
          for (int p0 = 0; p0 < p; p0 += 2) {
            gradientTile4x2(in, rowStart, r0, xAt, d, p0 * dRow, dRow, dAt, from, to, lanes, (r0 * p + p0) * L, p);
          }
        }
      }
      for (; r0 < rows; r0++) { // rows left over from the blocks of 4
        for (int p0 = 0; p0 < p; p0++) {
          gradientRow(in, rowStart[r0], xAt, d, p0 * dRow, dAt, from, to, lanes, (r0 * p + p0) * L);
        }
      }
    }
    for (int i = 0; i < rows * p; i++) {
      g[i] = FloatVector.fromArray(S, lanes, i * L).reduceLanes(VectorOperators.ADD);
    }
  }

  /** One row by one p of {@link #correlateGradient}, over pairs {@code from..to − 1}. */
  private static void gradientRow(float[] in, int rowStart, int[] xAt, float[] d, int dStart, int[] dAt, int from,
      int to, float[] lanes, int acc) {
    FloatVector a = FloatVector.fromArray(S, lanes, acc);
    for (int i = from; i < to; i++) {
      a = FloatVector.fromArray(S, in, xAt[i] + rowStart).fma(FloatVector.fromArray(S, d, dAt[i] + dStart), a);
    }
    a.intoArray(lanes, acc);
  }

  /**
   * One tile of {@link #correlateGradient}: rows r0..r0+3 by p0..p0+3 (p's rows of d from {@code
   * dStart}) over the (example, vector of t) pairs {@code from..to − 1}, in one loop (see {@link
   * #tile}).
   */
  private static void gradientTile(float[] in, int[] rowStart, int r0, int[] xAt, float[] d, int dStart, int dRow,
      int[] dAt, int from, int to, float[] lanes, int acc, int p) {
    int s0 = rowStart[r0];
    int s1 = rowStart[r0 + 1];
    int s2 = rowStart[r0 + 2];
    int s3 = rowStart[r0 + 3];
    FloatVector a00 = FloatVector.fromArray(S, lanes, acc);
    FloatVector a01 = FloatVector.fromArray(S, lanes, acc + L);
    FloatVector a02 = FloatVector.fromArray(S, lanes, acc + 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, lanes, acc + 3 * L);
    FloatVector a10 = FloatVector.fromArray(S, lanes, acc + p * L);
    FloatVector a11 = FloatVector.fromArray(S, lanes, acc + (p + 1) * L);
    FloatVector a12 = FloatVector.fromArray(S, lanes, acc + (p + 2) * L);
    FloatVector a13 = FloatVector.fromArray(S, lanes, acc + (p + 3) * L);
    FloatVector a20 = FloatVector.fromArray(S, lanes, acc + 2 * p * L);
    FloatVector a21 = FloatVector.fromArray(S, lanes, acc + (2 * p + 1) * L);
    FloatVector a22 = FloatVector.fromArray(S, lanes, acc + (2 * p + 2) * L);
    FloatVector a23 = FloatVector.fromArray(S, lanes, acc + (2 * p + 3) * L);
    FloatVector a30 = FloatVector.fromArray(S, lanes, acc + 3 * p * L);
    FloatVector a31 = FloatVector.fromArray(S, lanes, acc + (3 * p + 1) * L);
    FloatVector a32 = FloatVector.fromArray(S, lanes, acc + (3 * p + 2) * L);
    FloatVector a33 = FloatVector.fromArray(S, lanes, acc + (3 * p + 3) * L);
    for (int i = from; i < to; i++) {
      int x = xAt[i];
      int e0 = dAt[i] + dStart;
      FloatVector v0 = FloatVector.fromArray(S, in, x + s0);
      FloatVector v1 = FloatVector.fromArray(S, in, x + s1);
      FloatVector v2 = FloatVector.fromArray(S, in, x + s2);
      FloatVector v3 = FloatVector.fromArray(S, in, x + s3);
      FloatVector e = FloatVector.fromArray(S, d, e0);
      a00 = v0.fma(e, a00);
      a10 = v1.fma(e, a10);
      a20 = v2.fma(e, a20);
      a30 = v3.fma(e, a30);
      e = FloatVector.fromArray(S, d, e0 + dRow);
      a01 = v0.fma(e, a01);
      a11 = v1.fma(e, a11);
      a21 = v2.fma(e, a21);
      a31 = v3.fma(e, a31);
      e = FloatVector.fromArray(S, d, e0 + 2 * dRow);
      a02 = v0.fma(e, a02);
      a12 = v1.fma(e, a12);
      a22 = v2.fma(e, a22);
      a32 = v3.fma(e, a32);
      e = FloatVector.fromArray(S, d, e0 + 3 * dRow);
      a03 = v0.fma(e, a03);
      a13 = v1.fma(e, a13);
      a23 = v2.fma(e, a23);
      a33 = v3.fma(e, a33);
    }
    a00.intoArray(lanes, acc);
    a01.intoArray(lanes, acc + L);
    a02.intoArray(lanes, acc + 2 * L);
    a03.intoArray(lanes, acc + 3 * L);
    a10.intoArray(lanes, acc + p * L);
    a11.intoArray(lanes, acc + (p + 1) * L);
    a12.intoArray(lanes, acc + (p + 2) * L);
    a13.intoArray(lanes, acc + (p + 3) * L);
    a20.intoArray(lanes, acc + 2 * p * L);
    a21.intoArray(lanes, acc + (2 * p + 1) * L);
    a22.intoArray(lanes, acc + (2 * p + 2) * L);
    a23.intoArray(lanes, acc + (2 * p + 3) * L);
    a30.intoArray(lanes, acc + 3 * p * L);
    a31.intoArray(lanes, acc + (3 * p + 1) * L);
    a32.intoArray(lanes, acc + (3 * p + 2) * L);
    a33.intoArray(lanes, acc + (3 * p + 3) * L);
  }

  /** One tile of {@link #correlateGradient} for 16 registers: rows r0..r0+3 by p0, p0+1 (see {@link #gradientTile}). */
  private static void gradientTile4x2(float[] in, int[] rowStart, int r0, int[] xAt, float[] d, int dStart, int dRow,
      int[] dAt, int from, int to, float[] lanes, int acc, int p) {
    int s0 = rowStart[r0];
    int s1 = rowStart[r0 + 1];
    int s2 = rowStart[r0 + 2];
    int s3 = rowStart[r0 + 3];
    FloatVector a00 = FloatVector.fromArray(S, lanes, acc);
    FloatVector a01 = FloatVector.fromArray(S, lanes, acc + L);
    FloatVector a10 = FloatVector.fromArray(S, lanes, acc + p * L);
    FloatVector a11 = FloatVector.fromArray(S, lanes, acc + (p + 1) * L);
    FloatVector a20 = FloatVector.fromArray(S, lanes, acc + 2 * p * L);
    FloatVector a21 = FloatVector.fromArray(S, lanes, acc + (2 * p + 1) * L);
    FloatVector a30 = FloatVector.fromArray(S, lanes, acc + 3 * p * L);
    FloatVector a31 = FloatVector.fromArray(S, lanes, acc + (3 * p + 1) * L);
    for (int i = from; i < to; i++) {
      int x = xAt[i];
      int e0 = dAt[i] + dStart;
      FloatVector v0 = FloatVector.fromArray(S, in, x + s0);
      FloatVector v1 = FloatVector.fromArray(S, in, x + s1);
      FloatVector v2 = FloatVector.fromArray(S, in, x + s2);
      FloatVector v3 = FloatVector.fromArray(S, in, x + s3);
      FloatVector e = FloatVector.fromArray(S, d, e0);
      a00 = v0.fma(e, a00);
      a10 = v1.fma(e, a10);
      a20 = v2.fma(e, a20);
      a30 = v3.fma(e, a30);
      e = FloatVector.fromArray(S, d, e0 + dRow);
      a01 = v0.fma(e, a01);
      a11 = v1.fma(e, a11);
      a21 = v2.fma(e, a21);
      a31 = v3.fma(e, a31);
    }
    a00.intoArray(lanes, acc);
    a01.intoArray(lanes, acc + L);
    a10.intoArray(lanes, acc + p * L);
    a11.intoArray(lanes, acc + (p + 1) * L);
    a20.intoArray(lanes, acc + 2 * p * L);
    a21.intoArray(lanes, acc + (2 * p + 1) * L);
    a30.intoArray(lanes, acc + 3 * p * L);
    a31.intoArray(lanes, acc + (3 * p + 1) * L);
  }
}
