package org.voicegender.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.activation.LstmActivations;
import org.voicegender.quant.FixedPointFormat.Overflow;
import org.voicegender.quant.FixedPointFormat.Representation;
import org.voicegender.quant.FixedPointFormat.Rounding;

/**
 * The float reference reproduces DL4J layer by layer; the integer golden model reproduces the
 * fake-quantized reference bit for bit, and at 16 bits stays close to DL4J.
 */
class GoldenModelTest {
  static ComputationGraph graph;
  static NetworkWeights weights;
  static List<float[][]> windows;

  @BeforeAll
  static void network() {
    RandomNetwork n = RandomNetwork.create(24);
    graph = n.graph();
    weights = n.weights();
    windows = n.windows();
  }

  @Test
  void floatReferenceMatchesDl4jLayerByLayer() {
    ReferenceModel ref = ReferenceModel.exact(weights);
    for (float[][] w : windows.subList(0, 6)) {
      ReferenceModel.Trace t = ref.forward(w);
      Map<String, INDArray> acts = graph.feedForward(weights.normalizer().apply(java.util.Collections.singletonList(w)), false);
      assertClose(t.conv0(), acts.get("conv_0"), "conv_0");
      assertClose(t.conv2(), acts.get("conv_2"), "conv_2");
      assertClose(t.pool(), acts.get("pool"), "pool");
      double[][] h = new double[16][5]; // DL4J: [units, steps]
      for (int s = 0; s < 5; s++) {
        for (int u = 0; u < 16; u++) {
          h[u][s] = t.hidden()[s][u];
        }
      }
      assertClose(h, acts.get("lstm"), "lstm");
      assertClose(new double[][] {t.flat()}, acts.get("flatten"), "flatten");
      assertClose(new double[][] {t.dense().get(0)}, acts.get("fc_1"), "fc_1");
      assertClose(new double[][] {t.dense().get(1)}, acts.get("fc_2"), "fc_2");
      assertThat(t.maleProbability()).isCloseTo(acts.get("fc_3").getDouble(0, 1),
          org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void goldenModelEqualsFakeQuantizedReferenceBitForBit() {
    Map<String, Double> ranges = Calibration.ranges(weights, windows.subList(0, 12));
    List<QuantizationSpec> specs = List.of(
        QuantizationSpec.of(8, 8), QuantizationSpec.of(4, 6), QuantizationSpec.of(16, 16),
        QuantizationSpec.original().withActivationBits(12),
        new QuantizationSpec("narrow", 6, null, Representation.SIGN_MAGNITUDE, Rounding.TOWARD_ZERO,
            5, Rounding.FLOOR, Overflow.WRAP, 14),
        new QuantizationSpec("saturating", 8, 1, Representation.TWOS_COMPLEMENT, Rounding.NEAREST_AWAY,
            8, Rounding.NEAREST_EVEN, Overflow.SATURATE, 12));
    for (QuantizationSpec spec : specs) {
      QuantizationPlan plan = QuantizationPlan.calibrate(spec, weights, ranges);
      ReferenceModel ref = new ReferenceModel(weights, plan, LstmActivations.exact());
      GoldenModel golden = new GoldenModel(weights, plan, LstmActivations.exact());
      for (float[][] w : windows) {
        ReferenceModel.Trace expected = ref.forward(w);
        GoldenModel.Trace codes = golden.trace(golden.inputCodes(w, weights.normalizer()));
        ReferenceModel.Trace actual = golden.toReal(codes);
        String what = spec.name();
        assertThat(actual.input()).as(what + " input").isDeepEqualTo(expected.input());
        assertThat(actual.conv0()).as(what + " conv_0").isDeepEqualTo(expected.conv0());
        assertThat(actual.conv2()).as(what + " conv_2").isDeepEqualTo(expected.conv2());
        assertThat(actual.z()).as(what + " lstm.z").isDeepEqualTo(expected.z());
        assertThat(actual.gates()).as(what + " gates").isDeepEqualTo(expected.gates());
        assertThat(actual.cell()).as(what + " cell").isDeepEqualTo(expected.cell());
        assertThat(actual.hidden()).as(what + " hidden").isDeepEqualTo(expected.hidden());
        for (int d = 0; d < 3; d++) {
          assertThat(actual.dense().get(d)).as(what + " fc_" + (d + 1)).containsExactly(expected.dense().get(d));
        }
        assertThat(golden.scores(golden.inputCodes(w, weights.normalizer()))).containsExactly(codes.scores());
      }
    }
  }

  @Test
  void sixteenBitGoldenModelStaysCloseToDl4j() {
    Map<String, Double> ranges = Calibration.ranges(weights, windows);
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(16, 16), weights, ranges);
    GoldenModel golden = new GoldenModel(weights, plan, LstmActivations.exact());
    ReferenceModel exact = ReferenceModel.exact(weights);
    for (float[][] w : windows) {
      ReferenceModel.Trace f = exact.forward(w);
      ReferenceModel.Trace q = golden.toReal(golden.trace(golden.inputCodes(w, weights.normalizer())));
      assertThat(maxDiff(q.conv0(), f.conv0())).as("conv_0").isLessThan(2e-3 * (1 + ranges.get("conv_0")));
      assertThat(maxDiff(q.hidden(), f.hidden())).as("hidden").isLessThan(2e-3);
      assertThat(maxDiff(new double[][] {q.scores()}, new double[][] {f.scores()}))
          .as("scores").isLessThan(1e-2 * (1 + ranges.get("fc_3")));
    }
  }

  @Test
  void floatPlansAreRefused() {
    QuantizationPlan weightsOnly = QuantizationPlan.calibrate(QuantizationSpec.original(), weights, Map.of());
    assertThatThrownBy(() -> new GoldenModel(weights, weightsOnly, LstmActivations.exact()))
        .hasMessageContaining("activations in floating point");
  }

  static double maxDiff(double[][] a, double[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return m;
  }

  private static void assertClose(double[][] expected, INDArray actual, String layer) {
    INDArray a = actual.reshape(expected.length, expected[0].length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        double tolerance = 1e-4 * (1 + Math.abs(expected[i][j]));
        assertThat(a.getDouble(i, j)).as("%s[%d][%d]", layer, i, j)
            .isCloseTo(expected[i][j], org.assertj.core.data.Offset.offset(tolerance));
      }
    }
  }
}
