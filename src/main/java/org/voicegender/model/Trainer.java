package org.voicegender.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.features.FeatureConfig;

/**
 * Trains the network on the windows of training readers, with an optional validation set of
 * other readers for early stopping (the best epoch's weights are kept). Deterministic for a
 * fixed seed on one machine: the graph is seeded and minibatches are shuffled with {@code new
 * Random(seed)}.
 */
public final class Trainer {
  private Trainer() {}

  /** One epoch's figures; validation figures are NaN without validation readers. */
  public record EpochStats(
      int epoch, double trainLoss, double trainAccuracy, double validationLoss,
      double validationAccuracy, double fitSeconds) {}

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
    if (trainRows.length == 0) {
      throw new IllegalArgumentException("no training windows");
    }
    FeatureNormalizer normalizer =
        cfg.normalize() ? FeatureNormalizer.fit(data, trainRows)
            : FeatureNormalizer.identity(features.nMfcc());
    ComputationGraph graph = GenderNetwork.build(
        net, new GenderNetwork.Regularisation(cfg.learningRate(), cfg.l2(), cfg.dropout()), cfg.seed());
    java.util.Set<Integer> readers = new java.util.TreeSet<>();
    for (int[] rows : List.of(trainRows, validationRows)) {
      for (int r : rows) {
        readers.add(data.utteranceOf(r).speaker());
      }
    }
    TrainedModel model = new TrainedModel(graph, features, normalizer, net, cfg, List.copyOf(readers));

    return fit(model, data, trainRows, validationRows, cfg, progress);
  }

  /**
   * Trains {@code model}'s graph further in place: {@code cfg}'s epochs, batch size, early
   * stopping and seed (its learning rate is the graph's own unless set on it beforehand), keeping
   * the parameters of the epoch with the lowest validation loss.
   */
  public static Result fit(
      TrainedModel model, WindowDataset data, int[] trainRows, int[] validationRows,
      TrainingConfig cfg, Consumer<EpochStats> progress) {
    ComputationGraph graph = model.graph();
    FeatureNormalizer normalizer = model.normalizer();
    NetworkConfig net = model.network();
    // Arrays are built once; a minibatch is a row gather of them.
    INDArray trainX = data.features(trainRows, normalizer);
    INDArray trainY = data.labels(trainRows, net.classes());
    INDArray valX = validationRows.length > 0 ? data.features(validationRows, normalizer) : null;
    INDArray valY = validationRows.length > 0 ? data.labels(validationRows, net.classes()) : null;
    int batch = cfg.batchSize() == 0 ? trainRows.length : Math.min(cfg.batchSize(), trainRows.length);
    Random random = new Random(cfg.seed());
    List<EpochStats> history = new ArrayList<>();
    double bestLoss = Double.POSITIVE_INFINITY;
    INDArray bestParams = null;
    int bestEpoch = 0;
    long fitNanos = 0;
    int iterations = 0;
    DataSet full = new DataSet(trainX, trainY);
    float[] flatX = trainX.data().asFloat();
    float[] flatY = trainY.data().asFloat();
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
      long t0 = System.nanoTime();
      if (batch == trainRows.length) {
        graph.fit(full);
        iterations++;
      } else {
        int[] order = permutation(trainRows.length, random);
        for (int from = 0; from < order.length; from += batch) {
          int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batch));
          INDArray x = cfg.augment()
              ? SpecAugment.apply(flatX, trainX.shape(), idx, random)
              : gather(flatX, trainX.shape(), idx);
          graph.fit(new DataSet(x, gather(flatY, trainY.shape(), idx)));
          iterations++;
        }
      }
      long fit = System.nanoTime() - t0;
      fitNanos += fit;
      double[] train = lossAndAccuracy(graph, trainX, trainY);
      double[] val = valX == null ? new double[] {Double.NaN, Double.NaN} : lossAndAccuracy(graph, valX, valY);
      EpochStats stats = new EpochStats(epoch, train[0], train[1], val[0], val[1], fit / 1e9);
      history.add(stats);
      if (progress != null) {
        progress.accept(stats);
      }
      if (valX != null && val[0] < bestLoss) {
        bestLoss = val[0];
        bestParams = graph.params().dup();
        bestEpoch = epoch;
      }
      if (cfg.patience() > 0 && epoch - bestEpoch >= cfg.patience()) {
        break;
      }
    }
    if (bestParams != null) {
      graph.setParams(bestParams);
    } else {
      bestEpoch = history.size();
    }
    return new Result(model, List.copyOf(history), bestEpoch, fitNanos / 1e9, iterations);
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

  /** The examples {@code idx} (first axis) of a C-order array held as {@code flat}. */
  static INDArray gather(float[] flat, long[] shape, int[] idx) {
    int stride = (int) (flat.length / shape[0]);
    float[] out = new float[idx.length * stride];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(flat, idx[i] * stride, out, i * stride, stride);
    }
    long[] s = shape.clone();
    s[0] = idx.length;
    return Nd4j.create(out, s, 'c');
  }
}
