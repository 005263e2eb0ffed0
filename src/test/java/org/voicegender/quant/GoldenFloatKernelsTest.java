package org.voicegender.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.TrainedModel;

/**
 * The golden model's float32 convolutions (used where every partial sum of integer products stays
 * within 2^24, so float arithmetic is exact) give the integer kernels' codes at every stage, on
 * random and real windows at every width from 4 to 16 bits, and are used exactly where the bound
 * holds.
 */
class GoldenFloatKernelsTest {
  private static final int[] BITS = {4, 6, 8, 10, 12, 16};

  @Test
  void floatKernelsGiveTheIntegerCodesOnRandomWindows() {
    RandomNetwork n = RandomNetwork.create(16);
    assertSameCodes(n.weights(), n.windows(), "random");
  }

  @Test
  void floatKernelsGiveTheIntegerCodesOnRealWindows() throws Exception {
    TrainedModel model = TrainedModel.load(Path.of("artifacts/run/model.zip"));
    assertSameCodes(NetworkWeights.of(model), RealWindows.preparedBy(model), "real");
  }

  @Test
  void theBoundDecidesWhereFloatKernelsRun() {
    // 8 bits: conv_0 sums at most 160 · 128 · 128 = 2.6 M < 2^24
    long[][][] eightBit = filled(16, 40, 4, 128);
    assertThat(GoldenModel.floatExact(eightBit, 128)).isTrue();
    assertThat(GoldenModel.floatExact(filled(16, 40, 4, 1 << 15), 1 << 15)).isFalse();
    assertThat(GoldenModel.floatExact(filled(1, 1, 1, 1 << 12), 1 << 12)).isTrue(); // exactly 2^24
    assertThat(GoldenModel.floatExact(filled(1, 2, 1, 1 << 12), 1 << 12)).isFalse();
    RandomNetwork n = RandomNetwork.create(8);
    Map<String, Double> ranges = Calibration.ranges(n.weights(), n.windows());
    assertThat(golden(n.weights(), ranges, 8, true).floatConvolutions()).containsExactly("conv_0", "conv_2");
    assertThat(golden(n.weights(), ranges, 16, true).floatConvolutions()).isEmpty();
    assertThat(golden(n.weights(), ranges, 8, false).floatConvolutions()).isEmpty();
  }

  private static void assertSameCodes(NetworkWeights weights, List<float[][]> windows, String what) {
    Map<String, Double> ranges = Calibration.ranges(weights, windows);
    List<String> floatLayers = new ArrayList<>();
    for (int bits : BITS) {
      GoldenModel fast = golden(weights, ranges, bits, true);
      GoldenModel exact = golden(weights, ranges, bits, false);
      floatLayers.addAll(fast.floatConvolutions().stream().map(l -> bits + "-bit " + l).toList());
      for (float[][] w : windows) {
        int[][] x = exact.inputCodes(w, weights.normalizer());
        GoldenModel.Trace a = fast.trace(x);
        GoldenModel.Trace e = exact.trace(x);
        String at = what + ", " + bits + " bits";
        assertThat(a.conv0()).as(at + " conv_0").isDeepEqualTo(e.conv0());
        assertThat(a.conv2()).as(at + " conv_2").isDeepEqualTo(e.conv2());
        assertThat(a.pool()).as(at + " pool").isDeepEqualTo(e.pool());
        assertThat(a.z()).as(at + " lstm.z").isDeepEqualTo(e.z());
        assertThat(a.hidden()).as(at + " hidden").isDeepEqualTo(e.hidden());
        for (int d = 0; d < e.dense().size(); d++) {
          assertThat(a.dense().get(d)).as(at + " fc_" + (d + 1)).containsExactly(e.dense().get(d));
        }
        assertThat(fast.scores(x)).as(at + " scores").containsExactly(e.scores());
      }
    }
    // both paths were exercised: float at the narrow widths, integer kernels at 16 bits
    assertThat(floatLayers).contains("4-bit conv_0", "8-bit conv_0", "8-bit conv_2").doesNotContain("16-bit conv_0");
  }

  private static GoldenModel golden(NetworkWeights weights, Map<String, Double> ranges, int bits, boolean floatKernels) {
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(bits, bits), weights, ranges);
    return new GoldenModel(weights, plan, LstmActivations.exact(), IntegerMatrix.Matrices.DENSE, floatKernels);
  }

  private static long[][][] filled(int out, int in, int k, long v) {
    long[][][] w = new long[out][in][k];
    for (long[][] a : w) {
      for (long[] b : a) {
        java.util.Arrays.fill(b, v);
      }
    }
    return w;
  }
}
