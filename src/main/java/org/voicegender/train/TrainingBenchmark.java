package org.voicegender.train;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainingConfig;
import org.voicegender.output.FigureTable;

/**
 * Training and inference speed of the network on random data, as in ../shared/docs/FIGURES.md:
 * ms per training iteration for a batch size, a whole epoch of 2,397 windows (the every-window
 * mini corpus) timed the way {@link Trainer} runs it (shuffled minibatches gathered from the
 * training arrays, the last one partial), both beside PyTorch's figures, and inference clips per
 * second in batches and one at a time. Each figure is the median of several timed blocks, since
 * other work on the machine inflates single blocks.
 */
public final class TrainingBenchmark {
  /** Windows of the every-window mini corpus, the epoch FIGURES.md times PyTorch on. */
  public static final int EPOCH_WINDOWS = 2_397;

  /** PyTorch per training iteration on this kind of machine (FIGURES.md), by batch size. */
  static double pytorchMsPerIteration(int batch) {
    return switch (batch) {
      case 64 -> 7.0;
      case 200 -> 8.5;
      default -> Double.NaN;
    };
  }

  /** PyTorch per epoch of 2,397 windows (FIGURES.md: minibatch 64 only). */
  static double pytorchSecondsPerEpoch(int batch) {
    return batch == 64 ? 0.26 : Double.NaN;
  }

  private static final int BLOCKS = 5;

  private TrainingBenchmark() {}

  public static FigureTable run(NetworkConfig net, int[] batches, int iterations) {
    FigureTable t = new FigureTable("Training and inference speed (" + net.flattened() + "-wide flatten, "
        + Runtime.getRuntime().availableProcessors() + " cores, OMP_NUM_THREADS="
        + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset") + ")",
        "what", "batch", "ms/iteration", "PyTorch ms/iteration", "vs PyTorch",
        "s/epoch (2,397 windows), median", "mean", "PyTorch s/epoch", "vs PyTorch (median)", "(mean)", "clips/s");
    for (int batch : batches) {
      ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 1e-4, 0), 1);
      DataSet ds = randomBatch(net, batch);
      for (int i = 0; i < 20; i++) {
        g.fit(ds);
      }
      double[] blocks = new double[BLOCKS];
      for (int b = 0; b < BLOCKS; b++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
          g.fit(ds);
        }
        blocks[b] = (System.nanoTime() - t0) / 1e6 / iterations;
      }
      double ms = median(blocks);
      EpochTimes epoch = secondsPerEpoch(net, batch);
      double pytorchEpoch = pytorchSecondsPerEpoch(batch);
      t.row("train", batch, String.format("%.2f", ms), figure(pytorchMsPerIteration(batch), "%.1f"),
          ratio(ms, pytorchMsPerIteration(batch)), String.format("%.3f", epoch.median()),
          String.format("%.3f", epoch.mean()), figure(pytorchEpoch, "%.2f"), ratio(epoch.median(), pytorchEpoch),
          ratio(epoch.mean(), pytorchEpoch), String.format("%.0f", 1000.0 * batch / ms));
    }
    ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 1);
    for (int batch : new int[] {1, 256}) {
      INDArray x = randomBatch(net, batch).getFeatures();
      for (int i = 0; i < 50; i++) {
        g.outputSingle(false, x);
      }
      int reps = Math.max(20, 2000 / batch);
      double[] blocks = new double[BLOCKS];
      for (int b = 0; b < BLOCKS; b++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          g.outputSingle(false, x);
        }
        blocks[b] = (System.nanoTime() - t0) / 1e6 / reps;
      }
      double ms = median(blocks);
      t.row("inference", batch, String.format("%.2f", ms), "", "", "", "", "", "", "", String.format("%.0f", 1000.0 * batch / ms));
    }
    t.note("PyTorch on this kind of machine (../shared/docs/FIGURES.md): 7 ms/iteration at batch 64,"
        + " 0.26 s per epoch of 2,397 windows; 8.5 ms for a full batch of 200. \"vs PyTorch\" is our time"
        + " over PyTorch's (below 1: faster). ms/iteration: one batch fitted again and again, median of " + BLOCKS
        + " timed blocks; s/epoch: 2,397 random windows in shuffled minibatches, as Trainer runs an epoch (without"
        + " augmentation), median and mean of " + TIMED_EPOCHS + " epochs after " + WARM_UP_EPOCHS + " to warm up"
        + " (the mean includes the epochs with a garbage-collection pause).");
    return t;
  }

  /** Epochs run before timing: the JIT compiles the step and the heap settles. */
  static final int WARM_UP_EPOCHS = 5;
  /** Epochs timed after the warm-up. */
  static final int TIMED_EPOCHS = 15;

  /** Seconds per epoch: the median and the mean of the timed epochs. */
  record EpochTimes(double median, double mean) {}

  /**
   * Epochs as {@link Trainer#fit} runs them on {@link #EPOCH_WINDOWS} random windows: a shuffle,
   * then each minibatch gathered by {@link Minibatches} (without augmentation, as PyTorch's
   * figure has none) and fitted. {@value #WARM_UP_EPOCHS} epochs warm up, {@value #TIMED_EPOCHS}
   * are timed.
   */
  static EpochTimes secondsPerEpoch(NetworkConfig net, int batch) {
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

  private static String figure(double value, String format) {
    return Double.isNaN(value) ? "" : String.format(format, value);
  }

  private static String ratio(double ours, double pytorch) {
    return Double.isNaN(pytorch) ? "" : String.format("%.2f", ours / pytorch);
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
