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
 * The golden model's batch path ({@link GoldenModel#scoreBatch}, {@link GoldenModel#traceBatch}:
 * float32 matrix products over a batch where exact) gives the per-clip integer path's codes at
 * every stage, at every width from 4 to 16 bits, on random and real windows, across batches.
 */
class GoldenBatchTest {
  @Test
  void batchGivesThePerClipIntegerCodesOnRandomWindows() {
    RandomNetwork n = RandomNetwork.create(12);
    assertSameCodes(n.weights(), n.windows(), "random");
  }

  @Test
  void batchGivesThePerClipIntegerCodesOnRealWindows() throws Exception {
    TrainedModel model = TrainedModel.load(Path.of("artifacts/run/model.zip"));
    assertSameCodes(NetworkWeights.of(model), RealWindows.preparedBy(model), "real");
  }

  @Test
  void scoresOfMoreClipsThanOneBatchEqualThePerClipScores() {
    RandomNetwork n = RandomNetwork.create(8);
    Map<String, Double> ranges = Calibration.ranges(n.weights(), n.windows());
    GoldenModel fast = golden(n.weights(), ranges, 8, true);
    GoldenModel exact = golden(n.weights(), ranges, 8, false);
    int count = GoldenModel.BATCH + 45;
    int[][] clips = new int[count][];
    for (int i = 0; i < count; i++) {
      clips[i] = exact.frames(exact.inputCodes(n.windows().get(i % n.windows().size()), n.weights().normalizer()));
    }
    long[] scores = new long[2 * count];
    fast.scoreBatch(clips, scores);
    for (int i = 0; i < count; i++) {
      assertThat(new long[] {scores[2 * i], scores[2 * i + 1]}).as("clip " + i).containsExactly(exact.scores(clips[i]));
    }
    assertThat(fast.floatMatrices()).containsExactly("lstm.w", "lstm.rw", "fc_1.w", "fc_2.w", "fc_3.w");
    assertThat(golden(n.weights(), ranges, 16, true).floatMatrices()).doesNotContain("lstm.w", "fc_1.w");
    assertThat(exact.floatMatrices()).isEmpty();
  }

  private static void assertSameCodes(NetworkWeights weights, List<float[][]> windows, String what) {
    Map<String, Double> ranges = Calibration.ranges(weights, windows);
    List<String> floatProducts = new ArrayList<>();
    for (int bits = 4; bits <= 16; bits++) {
      GoldenModel fast = golden(weights, ranges, bits, true);
      GoldenModel exact = golden(weights, ranges, bits, false);
      final int b = bits;
      floatProducts.addAll(fast.floatMatrices().stream().map(l -> b + "-bit " + l).toList());
      int[][] clips = new int[windows.size()][];
      for (int i = 0; i < clips.length; i++) {
        clips[i] = exact.frames(exact.inputCodes(windows.get(i), weights.normalizer()));
      }
      List<GoldenModel.Trace> batch = fast.traceBatch(clips);
      long[] scores = new long[2 * clips.length];
      fast.scoreBatch(clips, scores);
      for (int i = 0; i < clips.length; i++) {
        int[][] x = exact.inputCodes(windows.get(i), weights.normalizer());
        GoldenModel.Trace a = batch.get(i);
        GoldenModel.Trace e = exact.trace(x);
        String at = what + " window " + i + ", " + bits + " bits";
        assertThat(a.input()).as(at + " input").isDeepEqualTo(e.input());
        assertThat(a.conv0()).as(at + " conv_0").isDeepEqualTo(e.conv0());
        assertThat(a.conv2()).as(at + " conv_2").isDeepEqualTo(e.conv2());
        assertThat(a.pool()).as(at + " pool").isDeepEqualTo(e.pool());
        assertThat(a.z()).as(at + " lstm.z").isDeepEqualTo(e.z());
        assertThat(a.gates()).as(at + " gates").isDeepEqualTo(e.gates());
        assertThat(a.cell()).as(at + " cell").isDeepEqualTo(e.cell());
        assertThat(a.hidden()).as(at + " hidden").isDeepEqualTo(e.hidden());
        assertThat(a.flat()).as(at + " flat").containsExactly(e.flat());
        assertThat(a.dense()).as(at + " dense layers").hasSameSizeAs(e.dense());
        for (int d = 0; d < e.dense().size(); d++) {
          assertThat(a.dense().get(d)).as(at + " fc_" + (d + 1)).containsExactly(e.dense().get(d));
        }
        assertThat(new long[] {scores[2 * i], scores[2 * i + 1]}).as(at + " scores").containsExactly(e.scores());
      }
    }
    // both paths were exercised: float products at the narrow widths, integer ones at 16 bits
    assertThat(floatProducts).contains("4-bit lstm.w", "8-bit lstm.w", "8-bit lstm.rw", "8-bit fc_1.w")
        .doesNotContain("16-bit lstm.w");
  }

  private static GoldenModel golden(NetworkWeights weights, Map<String, Double> ranges, int bits, boolean floatKernels) {
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(bits, bits), weights, ranges);
    return new GoldenModel(weights, plan, LstmActivations.exact(), IntegerMatrix.Matrices.DENSE, floatKernels);
  }
}
