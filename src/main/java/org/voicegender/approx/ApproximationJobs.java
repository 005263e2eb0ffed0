package org.voicegender.approx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.voicegender.activation.LstmActivations;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.layers.CompactLstm;
import org.voicegender.output.Figures;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationAwareTraining;
import org.voicegender.quant.QuantizationJobs;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.ReferenceModel;
import org.voicegender.train.EpochStats;
import org.voicegender.train.Trainer;
import org.voicegender.train.TrainingJobs;

/**
 * Exact against approximate LSTM activations on a trained network: the pre-activations the
 * network actually visits (to fit piecewise-linear functions to), where the error enters and how
 * it grows through the gates and time steps, the accuracy on unseen readers, and fine-tuning with
 * the approximation in the loop.
 */
public final class ApproximationJobs {
  private ApproximationJobs() {}

  /**
   * Pre-activations observed with exact functions: gate inputs (f, o, i), cell-input inputs (g)
   * and cell states, over every step of the given windows.
   */
  public record Samples(double[] gate, double[] input, double[] cell) {}

  public static Samples observe(NetworkWeights weights, List<float[][]> windows) {
    ReferenceModel exact = ReferenceModel.exact(weights);
    var gate = new java.util.ArrayList<Double>();
    var input = new java.util.ArrayList<Double>();
    var cell = new java.util.ArrayList<Double>();
    for (float[][] w : windows) {
      ReferenceModel.Trace t = exact.forward(w);
      int n = t.cell()[0].length;
      for (int s = 0; s < t.z().length; s++) {
        for (int u = 0; u < n; u++) {
          input.add(t.z()[s][u]);
          gate.add(t.z()[s][n + u]);
          gate.add(t.z()[s][2 * n + u]);
          gate.add(t.z()[s][3 * n + u]);
          cell.add(t.cell()[s][u]);
        }
      }
    }
    return new Samples(toArray(gate), toArray(input), toArray(cell));
  }

  /** The named approximation, fitted to {@code samples} when it is a pwl-N. */
  public static LstmActivations named(String name, Samples samples) {
    var m = java.util.regex.Pattern.compile("pwl-(\\d+)(-pow2)?").matcher(name);
    if (m.matches()) {
      return LstmActivations.pwl(Integer.parseInt(m.group(1)), m.group(2) != null,
          samples.gate(), samples.input(), samples.cell());
    }
    return LstmActivations.byName(name);
  }

  /** The comparison set: exact, the original's two, PLAN, fitted PWLs and a LUT. */
  public static List<String> standardNames() {
    return List.of("exact", "hard-original", "hard", "plan", "pwl-4", "pwl-4-pow2", "pwl-8", "pwl-8-pow2", "lut");
  }

  /**
   * Where an approximation's error enters and grows: for each LSTM step and site (gates g, f, o,
   * i; cell c; hidden h) and for the output scores, the largest and mean absolute difference
   * between the network run with exact and with approximate functions.
   */
  public record SiteError(String site, int step, double maxAbs, double meanAbs) {}

  /** Errors per site and step as a table, three significant digits. */
  public static tech.tablesaw.api.Table errorTable(String title, List<SiteError> errors) {
    return tech.tablesaw.api.Table.create(title,
        tech.tablesaw.api.StringColumn.create("site", errors.stream().map(SiteError::site)),
        tech.tablesaw.api.IntColumn.create("step", errors.stream().mapToInt(SiteError::step).toArray()),
        Figures.asSignificant(tech.tablesaw.api.DoubleColumn.create("max_abs", errors.stream().mapToDouble(SiteError::maxAbs))),
        Figures.asSignificant(tech.tablesaw.api.DoubleColumn.create("mean_abs", errors.stream().mapToDouble(SiteError::meanAbs))));
  }

  public static List<SiteError> compare(NetworkWeights weights, LstmActivations approx, List<float[][]> windows) {
    ReferenceModel exact = ReferenceModel.exact(weights);
    ReferenceModel other = new ReferenceModel(weights, QuantizationPlan.none(), approx);
    Map<String, double[]> acc = new LinkedHashMap<>(); // site@step -> {max, sum, count}
    String[] gates = {"g", "f", "o", "i"};
    for (float[][] w : windows) {
      ReferenceModel.Trace a = exact.forward(w);
      ReferenceModel.Trace b = other.forward(w);
      int n = a.cell()[0].length;
      for (int s = 0; s < a.z().length; s++) {
        for (int k = 0; k < 4; k++) {
          for (int u = 0; u < n; u++) {
            add(acc, gates[k] + "@" + s, a.gates()[s][k * n + u] - b.gates()[s][k * n + u]);
          }
        }
        for (int u = 0; u < n; u++) {
          add(acc, "c@" + s, a.cell()[s][u] - b.cell()[s][u]);
          add(acc, "h@" + s, a.hidden()[s][u] - b.hidden()[s][u]);
        }
      }
      double[] sa = a.scores();
      double[] sb = b.scores();
      for (int j = 0; j < sa.length; j++) {
        add(acc, "scores@-1", sa[j] - sb[j]);
      }
      add(acc, "P(male)@-1", a.maleProbability() - b.maleProbability());
    }
    List<SiteError> out = new ArrayList<>();
    acc.forEach((key, v) -> {
      String[] p = key.split("@");
      out.add(new SiteError(p[0], Integer.parseInt(p[1]), v[0], v[1] / v[2]));
    });
    return out;
  }

  /** Accuracy on the setup's unseen readers with the given functions (float arithmetic). */
  public static SpeakerEvaluation.Result evaluate(QuantizationJobs.Setup s, LstmActivations functions) {
    double[] p = new ReferenceModel(s.weights(), QuantizationPlan.none(), functions).maleProbabilities(s.testWindows());
    return s.evaluation(p);
  }

  /**
   * A copy of the model trained on with {@code functions} in its LSTM (forward and backward), on
   * the readers it trained on; the copy keeps the functions in its configuration.
   */
  public static Trainer.Result fineTune(
      TrainedModel model, org.voicegender.model.WindowDataset data, LstmActivations functions,
      QuantizationAwareTraining.Settings settings, Consumer<EpochStats> progress) {
    return TrainingJobs.fineTune(model, data, settings.epochs(), settings.learningRate(),
        graph -> ((CompactLstm) graph.getLayer("lstm").conf().getLayer()).use(functions), progress);
  }

  /** metrics.json of one approximation: evaluate's figures plus the error statistics. */
  public static Map<String, Object> write(SpeakerEvaluation.Result r, LstmActivations functions,
      List<SiteError> errors, Map<String, Object> extra, Path out) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("activation", functions.name());
    m.put("functions", functions.toJson());
    Map<String, Object> e = new LinkedHashMap<>();
    for (SiteError s : errors) {
      e.put(s.site() + (s.step() >= 0 ? "_step" + s.step() : ""), Map.of("max_abs", s.maxAbs(), "mean_abs", s.meanAbs()));
    }
    m.put("errors", e);
    m.putAll(extra);
    return Evaluation.writeEvaluation(r, m, out);
  }

  private static void add(Map<String, double[]> acc, String key, double diff) {
    double[] v = acc.computeIfAbsent(key, k -> new double[3]);
    v[0] = Math.max(v[0], Math.abs(diff));
    v[1] += Math.abs(diff);
    v[2]++;
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
