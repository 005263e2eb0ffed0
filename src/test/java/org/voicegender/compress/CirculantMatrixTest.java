package org.voicegender.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voicegender.model.NetworkConfig;

class CirculantMatrixTest {
  private static double[][] random(int rows, int cols, long seed) {
    Random r = new Random(seed);
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return m;
  }

  /** Naive DFT, independent of JTransforms: {re, im}. */
  private static double[][] dft(double[] x) {
    int n = x.length;
    double[][] out = new double[2][n];
    for (int f = 0; f < n; f++) {
      for (int t = 0; t < n; t++) {
        out[0][f] += x[t] * Math.cos(-2 * Math.PI * f * t / n);
        out[1][f] += x[t] * Math.sin(-2 * Math.PI * f * t / n);
      }
    }
    return out;
  }

  private static double[] idftOfProduct(double[][] a, double[][] b) {
    int n = a[0].length;
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      for (int f = 0; f < n; f++) {
        double re = a[0][f] * b[0][f] - a[1][f] * b[1][f];
        double im = a[0][f] * b[1][f] + a[1][f] * b[0][f];
        y[t] += (re * Math.cos(2 * Math.PI * f * t / n) - im * Math.sin(2 * Math.PI * f * t / n)) / n;
      }
    }
    return y;
  }

  @Test
  void dl4jLayoutBlockIsTheCircularConvolutionOfItsVector() {
    int k = 8;
    double[] w = random(1, k, 1)[0];
    double[] x = random(1, k, 2)[0];
    CirculantMatrix block = new CirculantMatrix(k, k, k, new double[][][] {{w}});
    double[] y = block.multiply(x); // y = x·W, W[i][j] = w[(j − i) mod k]
    double[] viaFft = idftOfProduct(dft(w), dft(x));
    for (int j = 0; j < k; j++) {
      assertThat(y[j]).isCloseTo(viaFft[j], within(1e-12));
    }
    assertThat(block.expand()[0]).containsExactly(w); // the first row of W is w
  }

  @Test
  void firstRowConventionForMatrixTimesVectorNeedsTheVectorReversed() {
    int k = 8;
    double[] w = random(1, k, 3)[0];
    double[] x = random(1, k, 4)[0];
    // M[r][c] = w[(c − r) mod k] (first row w), y = M·x.
    double[] y = new double[k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        y[r] += w[Math.floorMod(c - r, k)] * x[c];
      }
    }
    double[] plain = idftOfProduct(dft(w), dft(x));
    double[] reversed = new double[k];
    for (int m = 0; m < k; m++) {
      reversed[m] = w[Math.floorMod(-m, k)];
    }
    double[] withReversed = idftOfProduct(dft(reversed), dft(x));
    double worstPlain = 0;
    for (int r = 0; r < k; r++) {
      assertThat(y[r]).isCloseTo(withReversed[r], within(1e-12));
      worstPlain = Math.max(worstPlain, Math.abs(y[r] - plain[r]));
    }
    assertThat(worstPlain).isGreaterThan(0.1);
  }

  @Test
  void expandsPaddedBlocksAndCutsThePaddingOff() {
    double[][][] v = new double[2][1][4]; // 5 x 3 in blocks of 4: 2 x 1 blocks
    for (int d = 0; d < 4; d++) {
      v[0][0][d] = d + 1;
      v[1][0][d] = 10 * (d + 1);
    }
    CirculantMatrix m = new CirculantMatrix(5, 3, 4, v);
    double[][] e = m.expand();
    assertThat(e).hasDimensions(5, 3);
    assertThat(e[0]).containsExactly(1, 2, 3);
    assertThat(e[1]).containsExactly(4, 1, 2);
    assertThat(e[3]).containsExactly(2, 3, 4);
    assertThat(e[4]).containsExactly(10, 20, 30);
    assertThat(m.storedWeights()).isEqualTo(8);
  }

  @Test
  void projectionIsTheLeastSquaresMinimiser() {
    for (int[] shape : new int[][] {{8, 64, 4}, {80, 64, 16}, {32, 2, 4}, {40, 16, 16}, {5, 3, 4}}) {
      double[][] m = random(shape[0], shape[1], shape[0] * 100L + shape[2]);
      int k = shape[2];
      CirculantMatrix p = CirculantMatrix.project(m, k);
      double[][] e = p.expand();
      // Normal equations: the residual is orthogonal to every basis matrix of the structure (the
      // indicator of one block's wrapped diagonal), i.e. sums to 0 along each.
      double[][][] residualSums = new double[p.rowBlocks()][p.colBlocks()][k];
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < m[0].length; j++) {
          residualSums[i / k][j / k][Math.floorMod(j - i, k)] += m[i][j] - e[i][j];
        }
      }
      for (double[][] a : residualSums) {
        for (double[] b : a) {
          for (double s : b) {
            assertThat(s).isCloseTo(0, within(1e-12));
          }
        }
      }
      // and no other block-circulant matrix is nearer: random ones around it are all farther.
      double best = distance(m, e);
      Random r = new Random(5);
      for (int trial = 0; trial < 20; trial++) {
        double[][][] v = new double[p.rowBlocks()][p.colBlocks()][];
        for (int a = 0; a < v.length; a++) {
          for (int b = 0; b < v[0].length; b++) {
            v[a][b] = p.vectors()[a][b].clone();
            v[a][b][r.nextInt(k)] += 0.01 * r.nextGaussian();
          }
        }
        assertThat(distance(m, new CirculantMatrix(m.length, m[0].length, k, v).expand())).isGreaterThan(best);
      }
    }
  }

  @Test
  void projectionIsIdempotentAndKeepsACirculantMatrixExactly() {
    double[][] m = random(80, 64, 11);
    CirculantMatrix once = CirculantMatrix.project(m, 8);
    CirculantMatrix twice = CirculantMatrix.project(once.expand(), 8);
    assertThat(twice.vectors()).isDeepEqualTo(once.vectors());
    assertThat(CirculantMatrix.deviation(once.expand(), 8)).isZero();
    assertThat(CirculantMatrix.deviation(m, 8)).isGreaterThan(0.1);
    assertThat(CirculantMatrix.deviation(m, 1)).isZero();
  }

  private static double distance(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        s += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
      }
    }
    return s;
  }

  @Test
  void specRoundTripsThroughJsonInNetworkOrder() {
    CirculantSpec spec = CirculantSpec.of(CirculantSpec.Scope.WHOLE_NETWORK, 8, NetworkConfig.shipped())
        .withBlock("fc_3.w", 2).withBlock("conv_0.w", 1);
    assertThat(CirculantSpec.fromJson(spec.toJson())).isEqualTo(spec);
    assertThat(spec.blocks().keySet()).containsExactly("conv_2.w", "lstm.w", "lstm.rw", "fc_1.w", "fc_2.w", "fc_3.w");
    assertThat(spec.blockOf("conv_0.w")).isEqualTo(1);
    assertThat(CirculantSpec.dense().isDense()).isTrue();
  }

  @Test
  void parsesLayerListsIntoTensors() {
    NetworkConfig net = NetworkConfig.shipped();
    assertThat(CirculantSpec.parse("lstm, fc_1", 4, net).blocks())
        .isEqualTo(Map.of("lstm.w", 4, "lstm.rw", 4, "fc_1.w", 4));
    assertThat(CirculantSpec.parse("lstm.rw,dense", 4, net).blocks().keySet())
        .containsExactly("lstm.rw", "fc_1.w", "fc_2.w", "fc_3.w");
    assertThat(CirculantSpec.parse("all", 4, net)).isEqualTo(CirculantSpec.of(CirculantSpec.Scope.WHOLE_NETWORK, 4, net));
    assertThatThrownBy(() -> CirculantSpec.parse("fc_9", 4, net)).hasMessageContaining("no weight matrix 'fc_9'");
    CirculantSpec mixed = CirculantSpec.parse("all, conv_0=2, lstm.rw=1", 8, net);
    assertThat(mixed.blockOf("conv_0.w")).isEqualTo(2);
    assertThat(mixed.blockOf("lstm.rw")).isEqualTo(1);
    assertThat(mixed.blockOf("fc_1.w")).isEqualTo(8);
  }

  @Test
  void refusesBlockSizesThatAreNotPowersOfTwoAndUnknownTensors() {
    assertThatThrownBy(() -> new CirculantSpec(Map.of("lstm.w", 6)))
        .hasMessageContaining("block size 6 for lstm.w").hasMessageContaining("power of two");
    assertThatThrownBy(() -> new CirculantSpec(Map.of("lstm.b", 4))).hasMessageContaining("'lstm.b' is not a weight matrix");
  }
}
