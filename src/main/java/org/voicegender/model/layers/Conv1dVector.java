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
 *       inputs), 4 p by 3 vectors of t in registers on a machine with 32 of them, 2 p by 4 on
 *       one with 16. The forward pass ({@code off[j] = j}) and,
 *       with the weights transposed per tap and {@code off[j] = K − 1 − j}, the gradient at the
 *       input.
 *   <li>{@link #correlateGradient}: {@code g[(j·Q + q)·P + p] = Σ_b Σ_t in[b][q][off[j] + t] ·
 *       d[b][p][dOff + t]}, lane-wise sums over t for 4 rows (j, q) by 4 p in registers (by 2 p
 *       with 16 registers), reduced at the end: the gradient at the weights where P is not a
 *       whole number of vectors.
 *   <li>{@link #weightGradient}: the same sums vectorised over p instead (a broadcast input
 *       times a vector of δ over p, taken from rows transposed a few examples at a time), 16 rows
 *       by one vector of p in registers, or 6 by two with 16 registers: each sum is the plain
 *       loop over examples and t < T in order, with no lanes to reduce and no padded t. The
 *       first layer's gradient (P = 16) ran at 33-37 G multiply-adds/s this way on either
 *       machine, against 29 (AVX-512) and 22 (AVX2) for {@link #correlateGradient}.
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
    return wide ? 3 : 4;
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
            tile4x3(in, i, rowStart, c, p, p0, bias, out, o, outRow, relu);
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
   * One tile of {@link #correlate} for 32 registers: 4 p by 3 vectors of t. A method of its own
   * with one loop: the JDK 17 JIT keeps vectors in registers across a single loop, but boxes
   * them (an allocation per iteration) across nested ones or an on-stack-replaced loop. (A 4 × 6
   * tile, 31 registers, was 10 % faster alone but 30-40 % slower inside a training step.)
   */
  private static void tile4x3(float[] in, int inStart, int[] rowStart, float[] c, int p, int p0, float[] bias,
      float[] out, int o, int outRow, boolean relu) {
    FloatVector a00, a01, a02, a10, a11, a12, a20, a21, a22, a30, a31, a32;
    a00 = a01 = a02 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0]);
    a10 = a11 = a12 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0 + 1]);
    a20 = a21 = a22 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0 + 2]);
    a30 = a31 = a32 = FloatVector.broadcast(S, bias == null ? 0f : bias[p0 + 3]);
    for (int r = 0, ci = p0; r < rowStart.length; r++, ci += p) {
      int row = inStart + rowStart[r];
      FloatVector x0 = FloatVector.fromArray(S, in, row);
      FloatVector x1 = FloatVector.fromArray(S, in, row + L);
      FloatVector x2 = FloatVector.fromArray(S, in, row + 2 * L);
      FloatVector w = FloatVector.broadcast(S, c[ci]);
      a00 = x0.fma(w, a00);
      a01 = x1.fma(w, a01);
      a02 = x2.fma(w, a02);
      w = FloatVector.broadcast(S, c[ci + 1]);
      a10 = x0.fma(w, a10);
      a11 = x1.fma(w, a11);
      a12 = x2.fma(w, a12);
      w = FloatVector.broadcast(S, c[ci + 2]);
      a20 = x0.fma(w, a20);
      a21 = x1.fma(w, a21);
      a22 = x2.fma(w, a22);
      w = FloatVector.broadcast(S, c[ci + 3]);
      a30 = x0.fma(w, a30);
      a31 = x1.fma(w, a31);
      a32 = x2.fma(w, a32);
    }
    store(a00, a01, a02, out, o, relu);
    store(a10, a11, a12, out, o + outRow, relu);
    store(a20, a21, a22, out, o + 2 * outRow, relu);
    store(a30, a31, a32, out, o + 3 * outRow, relu);
  }

  private static void store(FloatVector v0, FloatVector v1, FloatVector v2, float[] out, int o, boolean relu) {
    if (relu) {
      v0 = v0.max(0f);
      v1 = v1.max(0f);
      v2 = v2.max(0f);
    }
    v0.intoArray(out, o);
    v1.intoArray(out, o + L);
    v2.intoArray(out, o + 2 * L);
  }

  /**
   * One tile of {@link #correlate} for 16 registers: 2 p by 4 vectors of t (see {@link #tile4x3}).
   * ReLU is a max with 0, or with −∞ for none (the identity, NaN kept), not a branch.
   */
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

  /** Whether {@link #weightGradient} takes {@code p} sums (p a whole number of its tiles' vectors). */
  static boolean vectorsOverP(int p) {
    return vectorsOverP(WIDE, p);
  }

  static boolean vectorsOverP(boolean wide, int p) {
    return p % ((wide ? 1 : 2) * L) == 0;
  }

  /**
   * (Example, t) pairs {@link #weightGradient} sums before the next rows: a few examples of a
   * convolution ({@value #CHUNK} of 84 frames, in the first cache levels), a whole minibatch of a
   * dense layer (one "frame" an example).
   */
  private static final int CHUNK_PAIRS = CHUNK * 84;

  private static int chunkExamples(int length) {
    return Math.max(1, CHUNK_PAIRS / length);
  }

  /** Floats of scratch {@link #weightGradient} needs for rows of {@code length}. */
  static int weightGradientScratch(int p, int length) {
    return chunkExamples(length) * length * p;
  }

  /**
   * The weight gradient into {@code g} ({@code off.length · q · p} elements, overwritten) over
   * examples {@code first..last − 1}: {@code g[(j·Q + k)·P + o] = Σ_b Σ_{t < length} in[b][k][off[j]
   * + t] · d[b][o][dOff + t]}, each sum in that order. {@code p} must satisfy {@link
   * #vectorsOverP}; {@code scratch} holds {@link #weightGradientScratch} floats.
   */
  static void weightGradient(float[] in, int first, int last, int q, int inRow, float[] d, int p, int dRow,
      int dOff, int length, int[] off, float[] g, float[] scratch) {
    weightGradient(WIDE, in, first, last, q, inRow, d, p, dRow, dOff, length, off, g, scratch);
  }

  /**
   * {@code g[r·p + o] = Σ_i in[i·rows + r] · d[i·p + o]} over {@code pairs} rows of each (a dense
   * layer's or the LSTM's weight gradient): {@link #weightGradient} with one frame a pair, whose
   * δ rows are already the layout its tiles read (no scratch).
   */
  static void outerProducts(float[] in, int rows, float[] d, int p, int pairs, float[] g) {
    weightGradientTransposed(WIDE, in, 0, pairs, rows, 1, d, p, 1, ONE_TAP, g);
  }

  private static final int[] ONE_TAP = {0};

  /** {@link #weightGradient} in the tiles for 32 registers ({@code wide}) or 16. */
  static void weightGradient(boolean wide, float[] in, int first, int last, int q, int inRow, float[] d, int p,
      int dRow, int dOff, int length, int[] off, float[] g, float[] scratch) {
    weightSums(wide, in, first, last, q, inRow, d, p, dRow, dOff, length, off, g, scratch);
  }

  /**
   * {@link #weightGradient} from δ already laid out as {@code dT[(b·length + t)·p + o]} for every
   * example b of the minibatch ({@link #transposeDeltas}, or a dense layer's rows with {@code
   * length} 1): two threads that share the transposed rows need not each make their own.
   */
  static void weightGradientTransposed(boolean wide, float[] in, int first, int last, int q, int inRow, float[] dT,
      int p, int length, int[] off, float[] g) {
    weightSums(wide, in, first, last, q, inRow, dT, p, -1, 0, length, off, g, null);
  }

  /**
   * δ rows {@code d[(b·p + o)·dRow + dOff + t]} of examples {@code first..last − 1} as {@code
   * dT[((b − base)·length + t)·p + o]}, t < length.
   */
  static void transposeDeltas(float[] d, int first, int last, int p, int dRow, int dOff, int length, float[] dT,
      int base) {
    for (int b = first; b < last; b++) {
      for (int o = 0; o < p; o++) {
        int from = (b * p + o) * dRow + dOff;
        int to = (b - base) * length * p + o;
        for (int t = 0; t < length; t++) {
          dT[to + t * p] = d[from + t];
        }
      }
    }
  }

  /** Both: δ transposed a chunk at a time into {@code scratch}, or already so when {@code dRow < 0}. */
  private static void weightSums(boolean wide, float[] in, int first, int last, int q, int inRow, float[] d, int p,
      int dRow, int dOff, int length, int[] off, float[] g, float[] scratch) {
    if (!vectorsOverP(wide, p)) {
      throw new IllegalArgumentException(p + " outputs are not a whole number of " + (wide ? 1 : 2) + " vectors of "
          + L);
    }
    boolean transposed = dRow < 0;
    int rows = off.length * q;
    int[] rowStart = rowStarts(q, inRow, off);
    java.util.Arrays.fill(g, 0, rows * p, 0f);
    // where each (example, t) pair's inputs start, for the examples of a chunk
    int chunk = chunkExamples(length);
    int[] xAt = new int[chunk * length];
    for (int b0 = first; b0 < last; b0 += chunk) {
      int n = Math.min(last, b0 + chunk) - b0;
      float[] dT = transposed ? d : scratch; // δ of the chunk as [example][t][p]
      int dT0 = transposed ? b0 * length * p : 0;
      if (!transposed) {
        transposeDeltas(d, b0, b0 + n, p, dRow, dOff, length, scratch, b0);
      }
      for (int b = 0; b < n; b++) {
        for (int t = 0; t < length; t++) {
          xAt[b * length + t] = (b0 + b) * q * inRow + t;
        }
      }
      if (length > 1) {
        prefetch(in, b0 * q * inRow, (b0 + n) * q * inRow);
      }
      int pairs = n * length;
      int r0 = 0;
      if (wide) {
        for (; r0 + 16 <= rows; r0 += 16) {
          for (int p0 = 0; p0 < p; p0 += L) {
            weightTile16(in, rowStart, r0, xAt, pairs, dT, dT0, p0, p, g);
          }
        }
      } else {
        for (; r0 + 6 <= rows; r0 += 6) {
          for (int p0 = 0; p0 < p; p0 += 2 * L) {
            weightTile6x2(in, rowStart, r0, xAt, pairs, dT, dT0, p0, p, g);
          }
        }
      }
      for (; r0 + 4 <= rows; r0 += 4) { // rows left over from the tiles: 4 sums a loop, then 1
        for (int p0 = 0; p0 < p; p0 += L) {
          weightTile4(in, rowStart, r0, xAt, pairs, dT, dT0, p0, p, g);
        }
      }
      for (; r0 < rows; r0++) {
        for (int p0 = 0; p0 < p; p0 += L) {
          weightRow(in, rowStart[r0], xAt, pairs, dT, dT0, p0, p, g, r0 * p + p0);
        }
      }
    }
  }

  /** Where {@link #prefetch} leaves its sum, so that the JIT keeps its loads. */
  @SuppressWarnings("unused")
  private static float prefetched;

  /**
   * Reads {@code a[from..to)} in order, a vector per cache line, so that the hardware prefetcher
   * brings a chunk of a convolution's input into the caches before {@link #weightGradient}'s tiles
   * read it: they read 6-16 rows of it at once, each for only an example's frames (5 cache lines),
   * too short a stream for the prefetcher to follow. The input was written in the forward pass
   * and is out of the first cache levels by the backward pass (3.3 MB at batch 200): the first
   * layer's weight gradient took 1.7-1.9 ms a minibatch from cold caches, 1.5 ms with this pass
   * (1.4 ms from warm ones), AVX2 vectors.
   */
  private static void prefetch(float[] a, int from, int to) {
    FloatVector sum = FloatVector.zero(S);
    int step = Math.max(L, 16); // 64-byte lines
    for (int i = from; i + L <= to; i += step) {
      sum = sum.add(FloatVector.fromArray(S, a, i));
    }
    prefetched = sum.lane(0);
  }

  /** Rows r0..r0+3 by one vector of p of {@link #weightGradient}, over a chunk's {@code pairs}. */
  private static void weightTile4(float[] in, int[] rowStart, int r0, int[] xAt, int pairs, float[] dT,
      int dT0, int p0, int p, float[] g) {
    int s0 = rowStart[r0];
    int s1 = rowStart[r0 + 1];
    int s2 = rowStart[r0 + 2];
    int s3 = rowStart[r0 + 3];
    int o = r0 * p + p0;
    FloatVector a0 = FloatVector.fromArray(S, g, o);
    FloatVector a1 = FloatVector.fromArray(S, g, o + p);
    FloatVector a2 = FloatVector.fromArray(S, g, o + 2 * p);
    FloatVector a3 = FloatVector.fromArray(S, g, o + 3 * p);
    for (int i = 0; i < pairs; i++) {
      int x = xAt[i];
      FloatVector e = FloatVector.fromArray(S, dT, dT0 + i * p + p0);
      a0 = FloatVector.broadcast(S, in[x + s0]).fma(e, a0);
      a1 = FloatVector.broadcast(S, in[x + s1]).fma(e, a1);
      a2 = FloatVector.broadcast(S, in[x + s2]).fma(e, a2);
      a3 = FloatVector.broadcast(S, in[x + s3]).fma(e, a3);
    }
    a0.intoArray(g, o);
    a1.intoArray(g, o + p);
    a2.intoArray(g, o + 2 * p);
    a3.intoArray(g, o + 3 * p);
  }

  /** One row by one vector of p of {@link #weightGradient}, over a chunk's {@code pairs}. */
  private static void weightRow(float[] in, int rowStart, int[] xAt, int pairs, float[] dT, int dT0, int p0, int p,
      float[] g,
      int acc) {
    FloatVector a = FloatVector.fromArray(S, g, acc);
    for (int i = 0; i < pairs; i++) {
      a = FloatVector.broadcast(S, in[xAt[i] + rowStart]).fma(FloatVector.fromArray(S, dT, dT0 + i * p + p0), a);
    }
    a.intoArray(g, acc);
  }

  /**
   * One tile of {@link #weightGradient} for 32 registers: rows r0..r0+15 by the vector of p at
   * p0, over a chunk's {@code pairs} in one loop (see {@link #tile4x3}).
   */
  private static void weightTile16(float[] in, int[] rowStart, int r0, int[] xAt, int pairs, float[] dT,
      int dT0, int p0, int p, float[] g) {
    int s0 = rowStart[r0];
    int s1 = rowStart[r0 + 1];
    int s2 = rowStart[r0 + 2];
    int s3 = rowStart[r0 + 3];
    int s4 = rowStart[r0 + 4];
    int s5 = rowStart[r0 + 5];
    int s6 = rowStart[r0 + 6];
    int s7 = rowStart[r0 + 7];
    int s8 = rowStart[r0 + 8];
    int s9 = rowStart[r0 + 9];
    int s10 = rowStart[r0 + 10];
    int s11 = rowStart[r0 + 11];
    int s12 = rowStart[r0 + 12];
    int s13 = rowStart[r0 + 13];
    int s14 = rowStart[r0 + 14];
    int s15 = rowStart[r0 + 15];
    int o = r0 * p + p0;
    FloatVector a0 = FloatVector.fromArray(S, g, o);
    FloatVector a1 = FloatVector.fromArray(S, g, o + p);
    FloatVector a2 = FloatVector.fromArray(S, g, o + 2 * p);
    FloatVector a3 = FloatVector.fromArray(S, g, o + 3 * p);
    FloatVector a4 = FloatVector.fromArray(S, g, o + 4 * p);
    FloatVector a5 = FloatVector.fromArray(S, g, o + 5 * p);
    FloatVector a6 = FloatVector.fromArray(S, g, o + 6 * p);
    FloatVector a7 = FloatVector.fromArray(S, g, o + 7 * p);
    FloatVector a8 = FloatVector.fromArray(S, g, o + 8 * p);
    FloatVector a9 = FloatVector.fromArray(S, g, o + 9 * p);
    FloatVector a10 = FloatVector.fromArray(S, g, o + 10 * p);
    FloatVector a11 = FloatVector.fromArray(S, g, o + 11 * p);
    FloatVector a12 = FloatVector.fromArray(S, g, o + 12 * p);
    FloatVector a13 = FloatVector.fromArray(S, g, o + 13 * p);
    FloatVector a14 = FloatVector.fromArray(S, g, o + 14 * p);
    FloatVector a15 = FloatVector.fromArray(S, g, o + 15 * p);
    for (int i = 0; i < pairs; i++) {
      int x = xAt[i];
      FloatVector e = FloatVector.fromArray(S, dT, dT0 + i * p + p0);
      a0 = FloatVector.broadcast(S, in[x + s0]).fma(e, a0);
      a1 = FloatVector.broadcast(S, in[x + s1]).fma(e, a1);
      a2 = FloatVector.broadcast(S, in[x + s2]).fma(e, a2);
      a3 = FloatVector.broadcast(S, in[x + s3]).fma(e, a3);
      a4 = FloatVector.broadcast(S, in[x + s4]).fma(e, a4);
      a5 = FloatVector.broadcast(S, in[x + s5]).fma(e, a5);
      a6 = FloatVector.broadcast(S, in[x + s6]).fma(e, a6);
      a7 = FloatVector.broadcast(S, in[x + s7]).fma(e, a7);
      a8 = FloatVector.broadcast(S, in[x + s8]).fma(e, a8);
      a9 = FloatVector.broadcast(S, in[x + s9]).fma(e, a9);
      a10 = FloatVector.broadcast(S, in[x + s10]).fma(e, a10);
      a11 = FloatVector.broadcast(S, in[x + s11]).fma(e, a11);
      a12 = FloatVector.broadcast(S, in[x + s12]).fma(e, a12);
      a13 = FloatVector.broadcast(S, in[x + s13]).fma(e, a13);
      a14 = FloatVector.broadcast(S, in[x + s14]).fma(e, a14);
      a15 = FloatVector.broadcast(S, in[x + s15]).fma(e, a15);
    }
    a0.intoArray(g, o);
    a1.intoArray(g, o + p);
    a2.intoArray(g, o + 2 * p);
    a3.intoArray(g, o + 3 * p);
    a4.intoArray(g, o + 4 * p);
    a5.intoArray(g, o + 5 * p);
    a6.intoArray(g, o + 6 * p);
    a7.intoArray(g, o + 7 * p);
    a8.intoArray(g, o + 8 * p);
    a9.intoArray(g, o + 9 * p);
    a10.intoArray(g, o + 10 * p);
    a11.intoArray(g, o + 11 * p);
    a12.intoArray(g, o + 12 * p);
    a13.intoArray(g, o + 13 * p);
    a14.intoArray(g, o + 14 * p);
    a15.intoArray(g, o + 15 * p);
  }

  /** One tile of {@link #weightGradient} for 16 registers: rows r0..r0+5 by the two vectors of p at p0. */
  private static void weightTile6x2(float[] in, int[] rowStart, int r0, int[] xAt, int pairs, float[] dT,
      int dT0, int p0, int p, float[] g) {
    int s0 = rowStart[r0];
    int s1 = rowStart[r0 + 1];
    int s2 = rowStart[r0 + 2];
    int s3 = rowStart[r0 + 3];
    int s4 = rowStart[r0 + 4];
    int s5 = rowStart[r0 + 5];
    int o = r0 * p + p0;
    FloatVector a00 = FloatVector.fromArray(S, g, o);
    FloatVector a01 = FloatVector.fromArray(S, g, o + L);
    FloatVector a10 = FloatVector.fromArray(S, g, o + p);
    FloatVector a11 = FloatVector.fromArray(S, g, o + p + L);
    FloatVector a20 = FloatVector.fromArray(S, g, o + 2 * p);
    FloatVector a21 = FloatVector.fromArray(S, g, o + 2 * p + L);
    FloatVector a30 = FloatVector.fromArray(S, g, o + 3 * p);
    FloatVector a31 = FloatVector.fromArray(S, g, o + 3 * p + L);
    FloatVector a40 = FloatVector.fromArray(S, g, o + 4 * p);
    FloatVector a41 = FloatVector.fromArray(S, g, o + 4 * p + L);
    FloatVector a50 = FloatVector.fromArray(S, g, o + 5 * p);
    FloatVector a51 = FloatVector.fromArray(S, g, o + 5 * p + L);
    for (int i = 0; i < pairs; i++) {
      int x = xAt[i];
      FloatVector e0 = FloatVector.fromArray(S, dT, dT0 + i * p + p0);
      FloatVector e1 = FloatVector.fromArray(S, dT, dT0 + i * p + p0 + L);
      FloatVector v = FloatVector.broadcast(S, in[x + s0]);
      a00 = v.fma(e0, a00);
      a01 = v.fma(e1, a01);
      v = FloatVector.broadcast(S, in[x + s1]);
      a10 = v.fma(e0, a10);
      a11 = v.fma(e1, a11);
      v = FloatVector.broadcast(S, in[x + s2]);
      a20 = v.fma(e0, a20);
      a21 = v.fma(e1, a21);
      v = FloatVector.broadcast(S, in[x + s3]);
      a30 = v.fma(e0, a30);
      a31 = v.fma(e1, a31);
      v = FloatVector.broadcast(S, in[x + s4]);
      a40 = v.fma(e0, a40);
      a41 = v.fma(e1, a41);
      v = FloatVector.broadcast(S, in[x + s5]);
      a50 = v.fma(e0, a50);
      a51 = v.fma(e1, a51);
    }
    a00.intoArray(g, o);
    a01.intoArray(g, o + L);
    a10.intoArray(g, o + p);
    a11.intoArray(g, o + p + L);
    a20.intoArray(g, o + 2 * p);
    a21.intoArray(g, o + 2 * p + L);
    a30.intoArray(g, o + 3 * p);
    a31.intoArray(g, o + 3 * p + L);
    a40.intoArray(g, o + 4 * p);
    a41.intoArray(g, o + 4 * p + L);
    a50.intoArray(g, o + 5 * p);
    a51.intoArray(g, o + 5 * p + L);
  }
}
