package org.voicegender.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.train.EpochStats;
import org.voicegender.train.TrainingJobs;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainedModel;
import org.voicegender.train.Trainer;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;

/**
 * Training that keeps a block-circulant structure, on the project's fine-tuning loop ({@link
 * TrainingJobs.fineTune}: the model's readers, its recipe's minibatches, augmentation and schedule)
 * with a DL4J training listener in it:
 *
 * <ul>
 *   <li>{@link Method#PROJECTED}: the weights are projected onto the structure before training
 *       and after every optimizer step (projected gradient descent);
 *   <li>{@link Method#ADMM} (E-RNN, Wang et al., HPCA 2019): the weights train freely with the
 *       penalty {@code ρ/2 ‖W − Z + U‖²} added to the loss gradient; every {@code interval} steps
 *       {@code Z = Π(W + U)}, {@code U += W − Z}; a hard projection at the end.
 * </ul>
 *
 * Either way the result is projected once more at the end, so it is exactly block-circulant.
 */
public final class CirculantTraining {
  private CirculantTraining() {}

  public enum Method {
    PROJECTED,
    ADMM
  }

  /**
   * How to fine-tune: {@code rho} and {@code interval} are ADMM's penalty and its steps between
   * updates of Z and U.
   */
  public record Settings(Method method, int epochs, double learningRate, double rho, int interval) {
    public Settings {
      if (epochs < 1 || !(learningRate > 0) || !(rho > 0) || interval < 1) {
        throw new IllegalArgumentException("invalid circulant fine-tuning settings: epochs " + epochs
            + ", learning rate " + learningRate + ", rho " + rho + ", interval " + interval
            + " (epochs and interval >= 1, rates > 0)");
      }
    }

    /** Projected fine-tuning for {@code epochs} at half the recipe's learning rate. */
    public static Settings projected(TrainingConfig recipe, int epochs) {
      return new Settings(Method.PROJECTED, epochs, recipe.learningRate() / 2, 0.1, 10);
    }

    public Settings withMethod(Method m) {
      return new Settings(m, epochs, learningRate, rho, interval);
    }
  }

  /**
   * A fine-tuned compressed copy, the training run that made it, and how far each matrix was
   * from its structure before the final projection (0 for projected fine-tuning; ADMM's
   * remaining gap).
   */
  public record Result(CompressedModel model, Trainer.Result training, Map<String, Double> gapBeforeProjection) {}

  /** A compressed copy of {@code model} fine-tuned as {@code settings} say; {@code model} is left as it was. */
  public static Result fineTune(
      TrainedModel model, WindowDataset data, CirculantSpec spec, Settings settings,
      Consumer<EpochStats> progress) {
    NetworkConfig net = model.network();
    spec.requireMatches(net);
    TrainingListener listener = settings.method() == Method.PROJECTED
        ? new Projection(spec, net)
        : new Admm(spec, net, settings.rho(), settings.interval());
    ComputationGraph[] tuned = new ComputationGraph[1];
    Trainer.Result r;
    try {
      r = TrainingJobs.fineTune(model, data, settings.epochs(), settings.learningRate(), graph -> {
        tuned[0] = graph;
        if (settings.method() == Method.PROJECTED) {
          CirculantWeights.project(graph, spec, net);
        }
        graph.addListeners(listener);
      }, progress);
    } finally {
      if (tuned[0] != null) {
        List<TrainingListener> others = new ArrayList<>(tuned[0].getListeners());
        others.remove(listener);
        tuned[0].setListeners(others);
      }
    }
    // The recipe's epoch averaging keeps the structure exactly (equal values average equally);
    // ADMM's weights are near it only: project.
    Map<String, Double> gap = CirculantWeights.deviations(r.model().graph(), spec, net);
    CirculantWeights.project(r.model().graph(), spec, net);
    return new Result(new CompressedModel(r.model(), spec), r, gap);
  }

  /** Projects the weights after every optimizer step. */
  static final class Projection extends BaseTrainingListener {
    private final CirculantSpec spec;
    private final NetworkConfig net;

    Projection(CirculantSpec spec, NetworkConfig net) {
      this.spec = spec;
      this.net = net;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
      CirculantWeights.project((ComputationGraph) model, spec, net);
    }
  }

  /** ADMM's penalty gradient and its Z, U updates. */
  static final class Admm extends BaseTrainingListener {
    private final CirculantSpec spec;
    private final NetworkConfig net;
    private final double rho;
    private final int interval;
    private Map<String, double[][][]> z;
    private Map<String, double[][][]> u;
    private int steps;

    Admm(CirculantSpec spec, NetworkConfig net, double rho, int interval) {
      this.spec = spec;
      this.net = net;
      this.rho = rho;
      this.interval = interval;
    }

    /**
     * Adds {@code ρ (W − Z + U)} to each spec'd gradient, times the minibatch size: DL4J divides
     * the gradient by it after this point (in the updater), before the L2 term and Adam.
     */
    @Override
    public void onGradientCalculation(Model model) {
      ComputationGraph graph = (ComputationGraph) model;
      if (z == null) {
        start(graph);
      }
      double scale = rho * Math.max(1, graph.batchSize());
      for (String tensor : spec.blocks().keySet()) {
        WeightShape s = WeightShape.of(net, tensor);
        double[][][] w = CirculantWeights.read(CirculantWeights.parameter(graph, tensor), s);
        INDArray gradient = gradientOf(graph, tensor);
        double[][][] g = CirculantWeights.read(gradient, s);
        double[][][] zt = z.get(tensor);
        double[][][] ut = u.get(tensor);
        for (int t = 0; t < g.length; t++) {
          for (int i = 0; i < g[t].length; i++) {
            for (int j = 0; j < g[t][i].length; j++) {
              g[t][i][j] += scale * (w[t][i][j] - zt[t][i][j] + ut[t][i][j]);
            }
          }
        }
        CirculantWeights.write(gradient, g);
      }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
      if (++steps % interval == 0) {
        update((ComputationGraph) model);
      }
    }

    private void start(ComputationGraph graph) {
      z = new java.util.LinkedHashMap<>();
      u = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : spec.blocks().entrySet()) {
        WeightShape s = WeightShape.of(net, e.getKey());
        double[][][] w = CirculantWeights.read(CirculantWeights.parameter(graph, e.getKey()), s);
        z.put(e.getKey(), CirculantWeights.expand(CirculantWeights.project(w, e.getValue())));
        u.put(e.getKey(), new double[s.taps()][s.rows()][s.cols()]);
      }
    }

    /** Z = Π(W + U), U += W − Z. */
    private void update(ComputationGraph graph) {
      for (Map.Entry<String, Integer> e : spec.blocks().entrySet()) {
        WeightShape s = WeightShape.of(net, e.getKey());
        double[][][] w = CirculantWeights.read(CirculantWeights.parameter(graph, e.getKey()), s);
        double[][][] ut = u.get(e.getKey());
        double[][][] sum = new double[w.length][][];
        for (int t = 0; t < w.length; t++) {
          sum[t] = new double[w[t].length][];
          for (int i = 0; i < w[t].length; i++) {
            sum[t][i] = new double[w[t][i].length];
            for (int j = 0; j < w[t][i].length; j++) {
              sum[t][i][j] = w[t][i][j] + ut[t][i][j];
            }
          }
        }
        double[][][] zt = CirculantWeights.expand(CirculantWeights.project(sum, e.getValue()));
        for (int t = 0; t < w.length; t++) {
          for (int i = 0; i < w[t].length; i++) {
            for (int j = 0; j < w[t][i].length; j++) {
              ut[t][i][j] += w[t][i][j] - zt[t][i][j];
            }
          }
        }
        z.put(e.getKey(), zt);
      }
    }

    static INDArray gradientOf(ComputationGraph graph, String tensor) {
      String layer = tensor.substring(0, tensor.indexOf('.'));
      INDArray g = graph.gradient().getGradientFor(layer + "_" + CirculantWeights.key(tensor));
      if (g == null) {
        throw new IllegalStateException("no gradient for " + tensor + " (" + layer + "_" + CirculantWeights.key(tensor)
            + ") in " + graph.gradient().gradientForVariable().keySet());
      }
      return g;
    }
  }

}
