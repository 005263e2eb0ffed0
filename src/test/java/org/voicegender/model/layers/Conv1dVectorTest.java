package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both tilings of {@link Conv1dVector} (for 32 vector registers and for 16), whichever the
 * machine runs: the forward sum is, bit for bit, the plain loop of fused multiply-adds over the
 * rows (j, q) in order; the weight gradient is the same in both tilings, bit for bit, and the
 * exact sum to float rounding; the weight gradient over p is the plain loop over examples and t.
 * Sizes leave rows over from the tiles and start part-way through a minibatch.
 */
class Conv1dVectorTest {
  private static final int L = Conv1dVector.L;

  @Test
  void forwardSumIsThePlainLoopInBothTilings() {
    Random r = new Random(3);
    int q = 5;
    int p = 8;
    int batch = 3;
    int blocks = 12; // a multiple of both tilings' vectors of t
    int[][] offsets = {{0, 1, 2}, {2, 1, 0}};
    for (boolean wide : new boolean[] {true, false}) {
      for (int[] off : offsets) {
        for (boolean relu : new boolean[] {false, true}) {
          int inRow = blocks * L + L;
          float[] in = random(r, batch * q * inRow);
          float[] c = random(r, off.length * q * p);
          float[] bias = relu ? random(r, p) : null;
          int outRow = blocks * L;
          float[] out = new float[batch * p * outRow];
          Conv1dVector.correlate(wide, in, 1, batch, q, inRow, c, p, off, bias, out, outRow, blocks, relu);
          for (int b = 0; b < batch; b++) {
            for (int o = 0; o < p; o++) {
              for (int t = 0; t < outRow; t++) {
                float expected = 0f;
                if (b > 0) { // example 0 lies before the range: left alone
                  float sum = bias == null ? 0f : bias[o];
                  for (int j = 0; j < off.length; j++) {
                    for (int k = 0; k < q; k++) {
                      sum = Math.fma(in[(b * q + k) * inRow + off[j] + t], c[(j * q + k) * p + o], sum);
                    }
                  }
                  expected = relu ? Math.max(sum, 0f) : sum;
                }
                assertThat(out[(b * p + o) * outRow + t])
                    .as("wide %s, offsets %s, relu %s: example %d, channel %d, t %d", wide,
                        java.util.Arrays.toString(off), relu, b, o, t)
                    .isEqualTo(expected);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void weightGradientIsTheSameInBothTilingsAndTheExactSum() {
    Random r = new Random(5);
    int q = 5; // 3 taps x 5 = 15 rows: three tiles of 4 and 3 rows left over
    int p = 8;
    int batch = 7;
    int blocks = 3;
    int[] off = {0, 1, 2};
    int inRow = blocks * L + L;
    int dRow = blocks * L + L;
    int dOff = 2;
    int rows = off.length * q;
    float[] in = random(r, batch * q * inRow);
    float[] d = random(r, batch * p * dRow);
    float[] wideG = new float[rows * p];
    float[] narrowG = new float[rows * p];
    Conv1dVector.correlateGradient(true, in, 2, batch, q, inRow, d, p, dRow, dOff, off, blocks, wideG,
        new float[rows * p * L]);
    Conv1dVector.correlateGradient(false, in, 2, batch, q, inRow, d, p, dRow, dOff, off, blocks, narrowG,
        new float[rows * p * L]);
    assertThat(narrowG).containsExactly(wideG);
    for (int j = 0; j < off.length; j++) {
      for (int k = 0; k < q; k++) {
        for (int o = 0; o < p; o++) {
          double sum = 0;
          double size = 0;
          for (int b = 2; b < batch; b++) {
            for (int t = 0; t < blocks * L; t++) {
              double term = (double) in[(b * q + k) * inRow + off[j] + t] * d[(b * p + o) * dRow + dOff + t];
              sum += term;
              size += Math.abs(term);
            }
          }
          assertThat((double) wideG[(j * q + k) * p + o])
              .as("tap %d, input %d, output %d", j, k, o)
              .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-5 * size));
        }
      }
    }
  }

  @Test
  void weightGradientOverPIsThePlainLoopInBothTilings() {
    Random r = new Random(9);
    int q = 3; // 3 taps x 3 = 9 rows: fewer than a wide tile, one narrow tile and rows left over
    int p = 2 * L; // a whole number of vectors for both tilings
    int batch = 7; // chunks of 4 and a partial one
    int length = 11;
    int[] off = {0, 1, 2};
    int inRow = length + L;
    int dRow = length + 2 * L;
    int dOff = 2;
    for (int qq : new int[] {q, 6, 7}) { // 18 rows: also a whole wide tile; 21: wide tile, 4-row tile, one row
      int rs = off.length * qq;
      float[] in = random(r, batch * qq * inRow);
      float[] d = random(r, batch * p * dRow);
      for (boolean wide : new boolean[] {true, false}) {
        float[] g = random(r, rs * p); // overwritten
        Conv1dVector.weightGradient(wide, in, 1, batch, qq, inRow, d, p, dRow, dOff, length, off, g,
            new float[Conv1dVector.weightGradientScratch(p, length)]);
        // the same from δ transposed beforehand, in two parts as two threads make it
        float[] dT = new float[batch * length * p];
        Conv1dVector.transposeDeltas(d, 0, 3, p, dRow, dOff, length, dT, 0);
        Conv1dVector.transposeDeltas(d, 3, batch, p, dRow, dOff, length, dT, 0);
        float[] fromTransposed = random(r, rs * p);
        Conv1dVector.weightGradientTransposed(wide, in, 1, batch, qq, inRow, dT, p, length, off, fromTransposed);
        assertThat(fromTransposed).as("wide %s, %d rows, from transposed δ", wide, rs).containsExactly(g);
        for (int j = 0; j < off.length; j++) {
          for (int k = 0; k < qq; k++) {
            for (int o = 0; o < p; o++) {
              float sum = 0f;
              for (int b = 1; b < batch; b++) {
                for (int t = 0; t < length; t++) {
                  sum = Math.fma(in[(b * qq + k) * inRow + off[j] + t], d[(b * p + o) * dRow + dOff + t], sum);
                }
              }
              assertThat(g[(j * qq + k) * p + o]).as("wide %s, %d rows: tap %d, input %d, output %d", wide, rs, j, k, o)
                  .isEqualTo(sum);
            }
          }
        }
      }
    }
    assertThat(Conv1dVector.vectorsOverP(false, L)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Conv1dVector.weightGradient(false, new float[0], 0, 0, 1,
        1, new float[0], L, 1, 0, 1, off, new float[0], new float[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outerProductsAreThePlainLoopOverPairsInOrder() {
    Random r = new Random(10);
    int p = 4 * L;
    for (int rows : new int[] {3, 24, 80}) { // rows left over only; tiles and leftovers; several tiles
      for (int pairs : new int[] {1, 200, 700}) { // one pair; a minibatch; more than a chunk
        float[] in = random(r, pairs * rows);
        float[] d = random(r, pairs * p);
        float[] g = random(r, rows * p); // overwritten
        Conv1dVector.outerProducts(in, rows, d, p, pairs, g);
        for (int k = 0; k < rows; k++) {
          for (int o = 0; o < p; o++) {
            float sum = 0f;
            for (int i = 0; i < pairs; i++) {
              sum = Math.fma(in[i * rows + k], d[i * p + o], sum);
            }
            assertThat(g[k * p + o]).as("%d rows, %d pairs: row %d, output %d", rows, pairs, k, o).isEqualTo(sum);
          }
        }
      }
    }
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
