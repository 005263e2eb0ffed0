package org.voicegender.train;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.layers.ExampleHalves;
import org.voicegender.model.layers.FloatConvolution;
import org.voicegender.model.FloatInference;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.layers.NdArrays;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainingConfig;

/**
 * Training and inference speed of the network on random data: seconds per epoch of 2,397
 * windows (the every-window mini corpus) timed the way {@link Trainer} runs it (shuffled
 * minibatches gathered from the training arrays, the last one partial), and inference clips per
 * second in batches and one at a time. {@code bench.TrainingSpeed} sets these beside PyTorch's.
 */
public final class TrainingBenchmark {
  /** Windows of the every-window mini corpus, the epoch the PyTorch peer times too. */
  public static final int EPOCH_WINDOWS = 2_397;

  private static final int BLOCKS = 5;

  private TrainingBenchmark() {}

  /**
   * Inference clips per second at {@code batch} on the path {@code TrainedModel.maleProbabilities}
   * takes ({@link TrainedModel#forwardPass}: the project's float forward pass, or DL4J's {@code
   * outputSingle} for a graph it does not compute), from standardised windows prepared once: the
   * median of {@value #BLOCKS} timed blocks after 50 unmeasured calls.
   */
  public static double inferenceClipsPerSecond(NetworkConfig net, int batch) {
    ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 1);
    TrainedModel model = new TrainedModel(g, FeatureConfig.seed(), FeatureNormalizer.identity(net.inputChannels()),
        net, TrainingConfig.defaults(), List.of());
    INDArray x = randomBatch(net, batch).getFeatures();
    float[] xf = NdArrays.toFloats(x);
    Runnable infer = () -> model.forwardPass().ifPresentOrElse(
        f -> f.maleProbabilities(xf, batch), () -> g.outputSingle(false, x));
    for (int i = 0; i < 50; i++) {
      infer.run();
    }
    int reps = Math.max(20, 2000 / batch);
    double[] blocks = new double[BLOCKS];
    for (int b = 0; b < BLOCKS; b++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        infer.run();
      }
      blocks[b] = (System.nanoTime() - t0) / 1e9 / reps;
    }
    return batch / median(blocks);
  }

  /** The engine {@link #inferenceClipsPerSecond} measures for {@code net}. */
  public static String inferenceEngine(NetworkConfig net) {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "DL4J outputSingle (no Vector API)";
    }
    ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 1);
    return FloatInference.unsupported(g, net).map(why -> "DL4J outputSingle (" + why + ")")
        .orElse("the project's float forward pass (model.FloatInference, " + FloatConvolution.LANES
            + " float lanes, " + (ExampleHalves.threads() == 2
                ? "two threads for " + ExampleHalves.MIN_EXAMPLES + " windows or more, one below"
                : "one thread") + ")");
  }

  /** Epochs run before timing: the JIT compiles the step and the heap settles. */
  public static final int WARM_UP_EPOCHS = 5;
  /** Epochs timed after the warm-up. */
  public static final int TIMED_EPOCHS = 15;

  /** Seconds per epoch: the median and the mean of the timed epochs. */
  public record EpochTimes(double median, double mean) {}

  /**
   * Epochs as {@link Trainer#fit} runs them on {@link #EPOCH_WINDOWS} random windows: a shuffle,
   * then each minibatch gathered by {@link Minibatches} (without augmentation, as PyTorch's
   * figure has none) and fitted. {@value #WARM_UP_EPOCHS} epochs warm up, {@value #TIMED_EPOCHS}
   * are timed.
   */
  public static EpochTimes secondsPerEpoch(NetworkConfig net, int batch) {
    ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 1e-4, 0), 1);
    DataSet all = randomBatch(net, EPOCH_WINDOWS);
    Minibatches minibatches = new Minibatches(all.getFeatures(), all.getLabels(), null, TrainingConfig.original());
    Random random = new Random(1);
    double[] epochs = new double[TIMED_EPOCHS];
    for (int e = -WARM_UP_EPOCHS; e < epochs.length; e++) {
      long t0 = System.nanoTime();
      int[] order = Trainer.permutation(EPOCH_WINDOWS, random);
      for (int from = 0; from < order.length; from += batch) {
        g.fit(minibatches.batch(Arrays.copyOfRange(order, from, Math.min(order.length, from + batch)), random));
      }
      if (e >= 0) {
        epochs[e] = (System.nanoTime() - t0) / 1e9;
      }
    }
    return new EpochTimes(median(epochs), Arrays.stream(epochs).average().orElseThrow());
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static DataSet randomBatch(NetworkConfig net, int batch) {
    Nd4j.getRandom().setSeed(batch);
    INDArray x = Nd4j.randn(DataType.FLOAT, batch, net.inputChannels(), net.frames());
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, net.classes());
    for (int i = 0; i < batch; i++) {
      y.putScalar(i, i % net.classes(), 1);
    }
    return new DataSet(x, y);
  }
}
