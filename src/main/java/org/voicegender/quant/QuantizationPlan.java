package org.voicegender.quant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voicegender.model.NetworkConfig;

/**
 * Every format of a quantized network, resolved: one per weight tensor ({@code conv_0.w},
 * {@code lstm.rw}, …) and one per activation stage ({@link #stages}); an empty map leaves that
 * side in floating point. Weight formats come from each tensor's range (or the spec's fixed
 * integer bits), activation formats from the ranges a calibration pass observed.
 *
 * <p>Stages: {@code input} (the standardised MFCCs), {@code conv_0}, {@code conv_2} (also the
 * max-pool's output; these and the hidden dense layers hold ReLU outputs and are unsigned), {@code lstm.z} (gate pre-activations), {@code lstm.gate} (σ and tanh
 * outputs, also tanh of the cell), {@code lstm.cell}, {@code lstm.hidden}, {@code fc_1} … the
 * output scores {@code fc_N}.
 *
 * <p>Sums of products are exact: a layer accumulates at the sum of its input's and weights'
 * fraction bits (the LSTM at the larger of its two products'), then the sum saturates (two's
 * complement, whatever the spec's overflow mode) to {@code accumulatorBits}; biases are brought
 * to that precision first. Then one rounding into the stage's format. The LSTM's cell update
 * {@code f·c' + i·g} and output {@code o·tanh(c)} are exact products of two codes (at most twice
 * the activation width, plus one bit for the sum) rounded straight into {@code lstm.cell} and
 * {@code lstm.hidden}: no accumulator there.
 */
public record QuantizationPlan(
    QuantizationSpec spec,
    Map<String, FixedPointFormat> weights,
    Map<String, FixedPointFormat> activations,
    int accumulatorBits) {

  public static final String INPUT = "input";
  public static final String LSTM_Z = "lstm.z";
  public static final String LSTM_GATE = "lstm.gate";
  public static final String LSTM_CELL = "lstm.cell";
  public static final String LSTM_HIDDEN = "lstm.hidden";

  public QuantizationPlan {
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    activations = Collections.unmodifiableMap(new LinkedHashMap<>(activations));
  }

  /** The activation stages of a network, in order. */
  public static List<String> stages(NetworkConfig net) {
    List<String> s = new ArrayList<>(List.of(INPUT, "conv_0", "conv_2", LSTM_Z, LSTM_GATE, LSTM_CELL, LSTM_HIDDEN));
    for (int i = 1; i <= net.dense().size() + 1; i++) {
      s.add("fc_" + i);
    }
    return s;
  }

  /**
   * Formats for {@code spec}: weights from their own ranges, activations from {@code ranges}
   * (stage → largest magnitude seen on calibration data; gates are bounded by 1).
   */
  public static QuantizationPlan calibrate(QuantizationSpec spec, NetworkWeights w, Map<String, Double> ranges) {
    Map<String, FixedPointFormat> weights = new LinkedHashMap<>();
    if (spec.quantizesWeights()) {
      w.ranges().forEach((name, max) -> weights.put(name, spec.weightFormat(max)));
    }
    Map<String, FixedPointFormat> acts = new LinkedHashMap<>();
    if (spec.quantizesActivations()) {
      for (String stage : stages(w.network())) {
        Double max = stage.equals(LSTM_GATE) ? Double.valueOf(1.0) : ranges.get(stage);
        if (max == null) {
          throw new IllegalArgumentException("no calibration range for stage " + stage);
        }
        acts.put(stage, spec.activationFormat(max, isRelu(stage, w.network())));
      }
    }
    return new QuantizationPlan(spec, weights, acts, spec.effectiveAccumulatorBits());
  }

  /**
   * Whether a stage holds ReLU outputs (never negative), which get unsigned formats: the sign
   * bit would be wasted on them, one bit of resolution at any width.
   */
  public static boolean isRelu(String stage, NetworkConfig net) {
    return stage.equals("conv_0") || stage.equals("conv_2")
        || (stage.startsWith("fc_") && Integer.parseInt(stage.substring(3)) <= net.dense().size());
  }

  /** The plan with no quantization at all: the float reference. */
  public static QuantizationPlan none() {
    return new QuantizationPlan(QuantizationSpec.of(0, 0), Map.of(), Map.of(), 0);
  }

  /** A stage's format, or null when activations stay in floating point. */
  public FixedPointFormat activation(String stage) {
    return activations.get(stage);
  }

  /** A weight tensor's format, or null when weights stay in floating point. */
  public FixedPointFormat weight(String tensor) {
    return weights.get(tensor);
  }

  /** True when weights and activations are both fixed point: what the golden model runs. */
  public boolean isFixedPoint() {
    return !weights.isEmpty() && !activations.isEmpty();
  }

  /** The stage a layer reads from. */
  public static String inputStageOf(String layer, NetworkConfig net) {
    return switch (layer) {
      case "conv_0" -> INPUT;
      case "conv_2" -> "conv_0";
      case "lstm" -> "conv_2";
      case "fc_1" -> LSTM_HIDDEN;
      default -> "fc_" + (Integer.parseInt(layer.substring(3)) - 1);
    };
  }

  /**
   * The accumulator of a layer (conv, lstm or fc) when the plan is fixed point: {@code
   * accumulatorBits} wide, at the finest fraction its products have; else null.
   */
  public FixedPointFormat accumulator(String layer, NetworkConfig net) {
    if (!isFixedPoint()) {
      return null;
    }
    int f = activation(inputStageOf(layer, net)).fractionBits() + weight(layer + ".w").fractionBits();
    if (layer.equals("lstm")) {
      f = Math.max(f, activation(LSTM_HIDDEN).fractionBits() + weight("lstm.rw").fractionBits());
    }
    return new FixedPointFormat(accumulatorBits, f, FixedPointFormat.Representation.TWOS_COMPLEMENT,
        spec.weightRounding(), FixedPointFormat.Overflow.SATURATE);
  }

  /**
   * The weights as the quantized network sees them, as doubles: each rounded to its format, and
   * biases, in a fixed-point plan, further brought to their layer's accumulator precision.
   */
  public NetworkWeights apply(NetworkWeights w) {
    if (weights.isEmpty()) {
      return w;
    }
    NetworkConfig net = w.network();
    return w.map((tensor, v) -> {
      double q = weight(tensor).round(v);
      if (tensor.endsWith(".b") && isFixedPoint()) {
        q = accumulator(tensor.substring(0, tensor.length() - 2), net).round(q);
      }
      return q;
    });
  }

  /** A one-line description: the spec and the formats chosen. */
  public String describe() {
    StringBuilder s = new StringBuilder(spec.name());
    weights.forEach((k, f) -> s.append("; ").append(k).append(' ').append(f.label()));
    activations.forEach((k, f) -> s.append("; ").append(k).append(' ').append(f.label()));
    return s.toString();
  }
}
