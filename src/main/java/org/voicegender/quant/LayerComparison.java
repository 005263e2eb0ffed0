package org.voicegender.quant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.activation.LstmActivations;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;

/**
 * The golden model against DL4J's own float forward pass, layer by layer: the largest absolute
 * difference of each layer's output over a set of windows, next to the largest magnitude DL4J
 * produced there. DL4J gives the output probabilities, so the scores are compared as P(male).
 */
public final class LayerComparison {
  private LayerComparison() {}

  /** One layer's figures. */
  public record Row(String layer, double maxAbsDifference, double maxAbsDl4j) {}

  public static List<Row> compare(ComputationGraph graph, NetworkWeights weights, QuantizationPlan plan,
      LstmActivations functions, List<float[][]> windows) {
    GoldenModel golden = new GoldenModel(weights, plan, functions);
    Map<String, double[]> m = new LinkedHashMap<>(); // layer -> {max diff, max |dl4j|}
    for (float[][] w : windows) {
      Map<String, INDArray> acts = graph.feedForward(weights.normalizer().apply(java.util.Collections.singletonList(w)), false);
      GoldenModel.Trace codes = golden.trace(golden.inputCodes(w, weights.normalizer()));
      ReferenceModel.Trace g = golden.toReal(codes);
      update(m, "conv_0", g.conv0(), acts.get("conv_0"));
      update(m, "conv_2", g.conv2(), acts.get("conv_2"));
      update(m, "pool", g.pool(), acts.get("pool"));
      int steps = g.hidden().length;
      int n = g.hidden()[0].length;
      double[][] h = new double[n][steps]; // DL4J's [units, steps]
      for (int t = 0; t < steps; t++) {
        for (int u = 0; u < n; u++) {
          h[u][t] = g.hidden()[t][u];
        }
      }
      update(m, "lstm", h, acts.get("lstm"));
      for (int d = 0; d < g.dense().size() - 1; d++) {
        update(m, "fc_" + (d + 1), new double[][] {g.dense().get(d)}, acts.get("fc_" + (d + 1)));
      }
      String out = "fc_" + g.dense().size();
      double p = golden.maleProbability(codes.scores());
      update(m, out + " P(male)", new double[][] {{p}}, acts.get(out).getColumn(1).reshape(1, 1));
    }
    List<Row> rows = new ArrayList<>();
    m.forEach((k, v) -> rows.add(new Row(k, v[0], v[1])));
    return rows;
  }

  private static void update(Map<String, double[]> m, String layer, double[][] golden, INDArray dl4j) {
    INDArray d = dl4j.reshape(golden.length, golden[0].length);
    double[] v = m.computeIfAbsent(layer, k -> new double[2]);
    for (int i = 0; i < golden.length; i++) {
      for (int j = 0; j < golden[i].length; j++) {
        double x = d.getDouble(i, j);
        v[0] = Math.max(v[0], Math.abs(golden[i][j] - x));
        v[1] = Math.max(v[1], Math.abs(x));
      }
    }
  }

  public static FigureTable table(List<Row> rows, String title) {
    FigureTable t = new FigureTable(title, "layer", "max |golden − DL4J|", "max |DL4J|", "relative");
    for (Row r : rows) {
      t.row(r.layer(), Figures.significant(r.maxAbsDifference()), Figures.significant(r.maxAbsDl4j()),
          String.format("%.2g", r.maxAbsDifference() / Math.max(r.maxAbsDl4j(), 1e-12)));
    }
    return t;
  }
}
