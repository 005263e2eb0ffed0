package org.voicegender.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.model.layers.CoalescedL2;

/**
 * Trains the network on the windows of training readers, with an optional validation set of
 * other readers for early stopping (the best epoch's weights are kept). Deterministic for a
 * fixed seed on one machine: the graph is seeded and minibatches are shuffled with {@code new
 * Random(seed)}.
 */
public final class Trainer {
  private Trainer() {}

  /**
   * @param fitSeconds time spent in {@code fit} (the training steps alone)
   * @param iterations parameter updates made
   */
  public record Result(
      TrainedModel model, List<EpochStats> history, int bestEpoch, double fitSeconds,
      int iterations) {
    public double secondsPerEpoch() {
      return fitSeconds / history.size();
    }

    public double msPerIteration() {
      return 1000 * fitSeconds / iterations;
    }
  }

  public static Result train(
      WindowDataset data, int[] trainRows, int[] validationRows, FeatureConfig features,
      NetworkConfig net, TrainingConfig cfg, Consumer<EpochStats> progress) {
    return train(data, trainRows, validationRows, new int[0], features, net, cfg, progress);
  }

  /**
   * {@link #train(WindowDataset, int[], int[], FeatureConfig, NetworkConfig, TrainingConfig,
   * Consumer)}, also measuring each epoch on {@code heldOutRows}: readers kept out of training and
   * of the recipe's selection, watched only (the same parameters result with or without them).
   */
  public static Result train(
      WindowDataset data, int[] trainRows, int[] validationRows, int[] heldOutRows,
      FeatureConfig features, NetworkConfig net, TrainingConfig cfg, Consumer<EpochStats> progress) {
    if (trainRows.length == 0) {
      throw new IllegalArgumentException("no training windows");
    }
    // A teacher first: building the network below seeds DL4J's generator again, so the
    // network trains from the same state whether it has a teacher or not.
    // The windows as the model takes them, made once: fit and the teacher get them as they are.
    WindowDataset inputs = data.withCepstralMean(cfg.cepstralMean(), cfg.cepstralMeanFraction());
    ComputationGraph teacher = cfg.distills()
        ? train(inputs, trainRows, validationRows, features, NetworkConfig.preset(cfg.teacher()), cfg.teacherRecipe(),
            null).model().graph()
        : null;
    FeatureNormalizer normalizer =
        cfg.normalize() ? FeatureNormalizer.fit(inputs, trainRows) : FeatureNormalizer.identity(features.nMfcc());
    ComputationGraph graph = GenderNetwork.build(
        net, new GenderNetwork.Regularisation(cfg.learningRate(), cfg.l2(), cfg.dropout()), cfg.seed());
    java.util.Set<Integer> readers = new java.util.TreeSet<>();
    for (int[] rows : List.of(trainRows, validationRows)) {
      for (int r : rows) {
        readers.add(data.utteranceOf(r).speaker());
      }
    }
    TrainedModel model = new TrainedModel(graph, features, normalizer, net, cfg, List.copyOf(readers));

    return fit(model, inputs, trainRows, validationRows, heldOutRows, cfg, teacher, progress);
  }

  /**
   * Trains {@code model}'s graph further in place: {@code cfg}'s epochs, batch size, schedule,
   * regularisers, model selection and seed (its learning rate is the graph's own unless set on it
   * beforehand; a schedule scales that rate), ending with the parameters the recipe's {@link
   * TrainingConfig.Selection} picks: the best validation epoch's, the last epoch's, or the
   * average of the last epochs'. The targets are the labels (a recipe's teacher takes part only
   * in {@link #train}).
   */
  public static Result fit(
      TrainedModel model, WindowDataset data, int[] trainRows, int[] validationRows,
      TrainingConfig cfg, Consumer<EpochStats> progress) {
    return fit(model, data, trainRows, validationRows, new int[0], cfg.withDistillation(null, 0), null, progress);
  }

  /** {@link #fit}, with targets blended with {@code teacher}'s probabilities when it is not null. */
  private static Result fit(
      TrainedModel model, WindowDataset data, int[] trainRows, int[] validationRows, int[] heldOutRows,
      TrainingConfig cfg, ComputationGraph teacher, Consumer<EpochStats> progress) {
    ComputationGraph graph = model.graph();
    CoalescedL2.install(graph);
    org.voicegender.model.layers.InputGradients.skipAtNetworkInputs(graph);
    org.voicegender.model.layers.JavaAdam.install(graph);
    NetworkConfig net = model.network();
    // The windows as the model takes them (each recording's mean removed if the recipe says so):
    // time shifts read their neighbours from these.
    WindowDataset inputs = model.inputs(data);
    // Arrays are built once; a minibatch is a row gather of them.
    INDArray trainX = model.inputs(inputs, trainRows);
    INDArray trainY = data.labels(trainRows, net.classes());
    INDArray valX = validationRows.length > 0 ? model.inputs(inputs, validationRows) : null;
    INDArray valY = validationRows.length > 0 ? data.labels(validationRows, net.classes()) : null;
    INDArray heldOutX = heldOutRows.length > 0 ? model.inputs(inputs, heldOutRows) : null;
    INDArray heldOutY = heldOutRows.length > 0 ? data.labels(heldOutRows, net.classes()) : null;
    int batch = cfg.batchSize() == 0 ? trainRows.length : Math.min(cfg.batchSize(), trainRows.length);
    Random random = new Random(cfg.seed());
    Minibatches minibatches = new Minibatches(trainX, trainY,
        cfg.balanceReaders() ? Minibatches.readerWeights(data, trainRows) : null, cfg,
        cfg.timeShiftFrames() > 0 ? TimeShift.of(inputs, trainRows, model.features(), cfg.timeShiftFrames()) : null,
        teacher);
    LearningRate rate = new LearningRate(graph, cfg, (long) cfg.epochs() * ((trainRows.length + batch - 1) / batch));
    List<EpochStats> history = new ArrayList<>();
    Best best = new Best(cfg.selection());
    INDArray averaged = null;
    int averagedEpochs = 0;
    long fitNanos = 0;
    int iterations = 0;
    DataSet full = new DataSet(trainX, trainY);
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
      long t0 = System.nanoTime();
      if (batch == trainRows.length && !cfg.augments() && teacher == null) {
        rate.set(iterations);
        graph.fit(full);
        iterations++;
      } else {
        int[] order = permutation(trainRows.length, random);
        for (int from = 0, to; from < order.length; from = to) {
          to = batchEnd(from, batch, order.length, cfg.balanceReaders());
          int[] idx = Arrays.copyOfRange(order, from, to);
          rate.set(iterations);
          graph.fit(minibatches.batch(idx, random));
          iterations++;
        }
      }
      long fit = System.nanoTime() - t0;
      fitNanos += fit;
      double[] train = lossAndAccuracy(graph, trainX, trainY);
      double[] val = valX == null ? new double[] {Double.NaN, Double.NaN} : lossAndAccuracy(graph, valX, valY);
      double[] heldOut = heldOutX == null ? new double[] {Double.NaN, Double.NaN} : lossAndAccuracy(graph, heldOutX, heldOutY);
      EpochStats stats = new EpochStats(epoch, train[0], train[1], val[0], val[1], heldOut[0], heldOut[1], fit / 1e9);
      history.add(stats);
      if (progress != null) {
        progress.accept(stats);
      }
      best.offer(stats, graph);
      if (epoch > cfg.epochs() - cfg.averageEpochs()) {
        averaged = averaged == null ? graph.params().dup() : averaged.addi(graph.params());
        averagedEpochs++;
      }
      if (cfg.patience() > 0 && epoch - best.epoch >= cfg.patience()) {
        break;
      }
    }
    rate.restore();
    int bestEpoch = history.size();
    if (averaged != null) {
      graph.setParams(averaged.divi(averagedEpochs));
    } else if (best.params != null) {
      graph.setParams(best.params);
      bestEpoch = best.epoch;
    }
    return new Result(model, List.copyOf(history), bestEpoch, fitNanos / 1e9, iterations);
  }

  /**
   * Where the minibatch starting at {@code from} ends. With example weights, a last batch of one
   * joins the one before: DL4J reads a {@code [1, 1]} labels mask as per-output masking, which
   * softmax + cross-entropy refuses.
   */
  static int batchEnd(int from, int batch, int n, boolean weighted) {
    int to = Math.min(n, from + batch);
    return weighted && n - to == 1 ? n : to;
  }

  /** The best epoch so far by the recipe's selection, and its parameters (none for LAST). */
  private static final class Best {
    private final TrainingConfig.Selection selection;
    private double loss = Double.POSITIVE_INFINITY;
    private double accuracy = Double.NEGATIVE_INFINITY;
    INDArray params;
    int epoch;

    Best(TrainingConfig.Selection selection) {
      this.selection = selection;
    }

    void offer(EpochStats s, ComputationGraph graph) {
      boolean better = switch (selection) {
        case VALIDATION_LOSS -> s.validationLoss() < loss;
        case VALIDATION_ACCURACY -> s.validationAccuracy() > accuracy
            || (s.validationAccuracy() == accuracy && s.validationLoss() < loss);
        case LAST -> false;
      };
      if (better) {
        loss = s.validationLoss();
        accuracy = s.validationAccuracy();
        params = graph.params().dup();
        epoch = s.epoch();
      } else if (selection == TrainingConfig.Selection.LAST) {
        epoch = s.epoch();
      }
    }
  }

  /** The recipe's schedule applied to the graph's own learning rate, iteration by iteration. */
  private static final class LearningRate {
    private final ComputationGraph graph;
    private final TrainingConfig.Schedule schedule;
    private final double base;
    private final long total;

    LearningRate(ComputationGraph graph, TrainingConfig cfg, long total) {
      this.graph = graph;
      this.schedule = cfg.schedule();
      this.base = schedule == TrainingConfig.Schedule.CONSTANT ? Double.NaN
          : graph.getLearningRate(graph.getLayers()[0].conf().getLayer().getLayerName());
      this.total = total;
    }

    void set(long iteration) {
      if (schedule != TrainingConfig.Schedule.CONSTANT) {
        graph.setLearningRate(base * schedule.factor(iteration, total));
      }
    }

    /** Puts the graph's own rate back, so a saved model trains on as it was configured. */
    void restore() {
      if (schedule != TrainingConfig.Schedule.CONSTANT) {
        graph.setLearningRate(base);
      }
    }
  }

  /** Mean cross-entropy (without the weight-decay term) and accuracy. */
  static double[] lossAndAccuracy(ComputationGraph graph, INDArray x, INDArray y) {
    INDArray p = graph.outputSingle(false, x);
    long n = p.size(0);
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int label = y.getDouble(i, 1) > 0.5 ? 1 : 0;
      double pl = Math.max(p.getDouble(i, label), 1e-12);
      loss -= Math.log(pl);
      if ((p.getDouble(i, 1) >= 0.5 ? 1 : 0) == label) {
        correct++;
      }
    }
    return new double[] {loss / n, (double) correct / n};
  }

  static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Rows {@code idx} (each {@code stride} values) of {@code flat}, one after another. */
  static float[] gatherRows(float[] flat, int stride, int[] idx) {
    return gatherRows(flat, stride, idx, new float[idx.length * stride]);
  }

  /** {@link #gatherRows(float[], int, int[])} into {@code out}. */
  static float[] gatherRows(float[] flat, int stride, int[] idx, float[] out) {
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(flat, idx[i] * stride, out, i * stride, stride);
    }
    return out;
  }
}
