package org.voicegender.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.report.FigureTable;

/**
 * Training and inference speed of the network on random data, as in ../shared/docs/FIGURES.md:
 * ms per training iteration for a batch size, the epoch time that gives for 2,397 windows (the
 * every-window mini corpus), and inference clips per second in batches and one at a time.
 */
public final class TrainingBenchmark {
  /** Windows of the every-window mini corpus, the epoch FIGURES.md times PyTorch on. */
  public static final int EPOCH_WINDOWS = 2_397;

  private TrainingBenchmark() {}

  public record Row(String what, int batch, double msPerIteration, double secondsPerEpoch, double clipsPerSecond) {}

  public static FigureTable run(NetworkConfig net, int[] batches, int iterations) {
    FigureTable t = new FigureTable("Training and inference speed (" + net.flattened() + "-wide flatten, "
        + Runtime.getRuntime().availableProcessors() + " cores, OMP_NUM_THREADS="
        + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset") + ")",
        "what", "batch", "ms/iteration", "s/epoch (2,397 windows)", "clips/s");
    for (int batch : batches) {
      ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 1e-4, 0), 1);
      DataSet ds = randomBatch(net, batch);
      for (int i = 0; i < 20; i++) {
        g.fit(ds);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        g.fit(ds);
      }
      double ms = (System.nanoTime() - t0) / 1e6 / iterations;
      int perEpoch = (EPOCH_WINDOWS + batch - 1) / batch;
      t.row("train", batch, String.format("%.2f", ms), String.format("%.3f", ms * perEpoch / 1000),
          String.format("%.0f", 1000.0 * batch / ms));
    }
    ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 1);
    for (int batch : new int[] {1, 256}) {
      INDArray x = randomBatch(net, batch).getFeatures();
      for (int i = 0; i < 50; i++) {
        g.outputSingle(false, x);
      }
      int reps = Math.max(20, 2000 / batch);
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        g.outputSingle(false, x);
      }
      double ms = (System.nanoTime() - t0) / 1e6 / reps;
      t.row("inference", batch, String.format("%.2f", ms), "", String.format("%.0f", 1000.0 * batch / ms));
    }
    t.note("PyTorch on this kind of machine (../shared/docs/FIGURES.md): 7 ms/iteration at batch 64,"
        + " 0.26 s per epoch of 2,397 windows; 8.5 ms for a full batch of 200.");
    return t;
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
