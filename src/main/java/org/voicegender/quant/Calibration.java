package org.voicegender.quant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The largest magnitude each activation stage reaches over calibration windows, from the float
 * network with exact activations: what {@link QuantizationPlan#calibrate} sizes the activation
 * formats from. Calibrate on training readers' windows, never on the test readers'.
 */
public final class Calibration {
  private Calibration() {}

  public static Map<String, Double> ranges(NetworkWeights weights, List<float[][]> windows) {
    return ranges(weights, windows, org.voicegender.activation.LstmActivations.exact());
  }

  /** Ranges of the float network computing {@code functions} in its LSTM. */
  public static Map<String, Double> ranges(NetworkWeights weights, List<float[][]> windows,
      org.voicegender.activation.LstmActivations functions) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("no calibration windows");
    }
    ReferenceModel model = new ReferenceModel(weights, QuantizationPlan.none(), functions);
    List<String> stages = QuantizationPlan.stages(weights.network());
    return windows.parallelStream()
        .map(w -> ranges(model.forward(w), stages))
        .reduce(Calibration::max)
        .orElseThrow();
  }

  private static Map<String, Double> ranges(ReferenceModel.Trace t, List<String> stages) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(QuantizationPlan.INPUT, maxAbs(t.input()));
    m.put("conv_0", maxAbs(t.conv0()));
    m.put("conv_2", maxAbs(t.conv2()));
    m.put(QuantizationPlan.LSTM_Z, maxAbs(t.z()));
    m.put(QuantizationPlan.LSTM_GATE, maxAbs(t.gates()));
    m.put(QuantizationPlan.LSTM_CELL, maxAbs(t.cell()));
    m.put(QuantizationPlan.LSTM_HIDDEN, maxAbs(t.hidden()));
    for (int i = 0; i < t.dense().size(); i++) {
      m.put("fc_" + (i + 1), NetworkWeights.maxAbs(t.dense().get(i)));
    }
    if (!m.keySet().containsAll(stages)) {
      throw new IllegalStateException("calibration misses stages: " + stages);
    }
    return m;
  }

  private static Map<String, Double> max(Map<String, Double> a, Map<String, Double> b) {
    Map<String, Double> m = new LinkedHashMap<>(a);
    b.forEach((k, v) -> m.merge(k, v, Math::max));
    return m;
  }

  static double maxAbs(double[][] v) {
    double m = 0;
    for (double[] row : v) {
      m = Math.max(m, NetworkWeights.maxAbs(row));
    }
    return m;
  }
}
