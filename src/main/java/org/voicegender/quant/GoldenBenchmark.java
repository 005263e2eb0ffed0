package org.voicegender.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;

/**
 * Clips per second of the integer golden model on the shipped network with random weights and
 * standardised random inputs: the speed a hardware test bench gets when it runs the golden model
 * over many clips. Integer input codes are prepared once, frame after frame ({@link
 * GoldenModel#frames}); timed through the batch entry point ({@link GoldenModel#scoreBatch}, the
 * 256 clips per call) and one clip per call ({@link GoldenModel#scores(int[])}). {@code
 * bench.GoldenSpeed} sets the figures beside PyTorch's float inference.
 */
public final class GoldenBenchmark {
  private static final int WINDOWS = GoldenModel.BATCH; // one batch call

  private GoldenBenchmark() {}

  /** A golden model at {@code bits}-bit weights and activations with its clips' input codes. */
  public record Setup(GoldenModel golden, List<int[]> codes) {
    /**
     * Clips per second of {@link GoldenModel#scoreBatch}, calls of {@link GoldenModel#BATCH}
     * clips, over at least {@code clips} clips split across {@code threads}, after a warm-up.
     */
    public double clipsPerSecond(int clips, int threads) {
      int[][] batch = codes.toArray(new int[0][]);
      int calls = Math.max(1, (clips + threads * batch.length - 1) / (threads * batch.length)); // per thread
      return measure(threads, th -> {
        long[] scores = new long[2 * batch.length];
        long s = 0;
        for (int c = 0; c < calls; c++) {
          golden.scoreBatch(batch, scores);
          s += scores[0];
        }
        return s;
      }, (long) calls * threads * batch.length);
    }

    /** Clips per second of {@link GoldenModel#scores(int[])}, one clip per call. */
    public double clipsPerSecondOneByOne(int clips, int threads) {
      return measure(threads, th -> {
        long s = 0;
        for (int i = th; i < clips; i += threads) {
          s += golden.scores(codes.get(i % codes.size()))[0];
        }
        return s;
      }, clips);
    }
  }

  /** The shipped network with random weights (seed 1), calibrated on 256 random windows. */
  public static Setup setup(int bits) {
    NetworkConfig net = NetworkConfig.shipped();
    NetworkWeights weights = NetworkWeights.of(
        GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 1), net,
        FeatureNormalizer.identity(net.inputChannels()));
    Random random = new Random(1);
    List<float[][]> windows = new ArrayList<>();
    for (int i = 0; i < WINDOWS; i++) {
      float[][] w = new float[net.inputChannels()][net.frames()];
      for (float[] row : w) {
        for (int t = 0; t < row.length; t++) {
          row[t] = (float) random.nextGaussian();
        }
      }
      windows.add(w);
    }
    var ranges = Calibration.ranges(weights, windows);
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(bits, bits), weights, ranges);
    GoldenModel golden = new GoldenModel(weights, plan, LstmActivations.exact());
    List<int[]> codes = windows.stream()
        .map(w -> golden.frames(golden.inputCodes(w, weights.normalizer()))).toList();
    return new Setup(golden, codes);
  }

  /** Clips per second when each of {@code threads} threads runs {@code work} and they do {@code clips} in all. */
  private static double measure(int threads, IntToLongFunction work, long clips) {
    AtomicLong sink = new AtomicLong();
    Runnable run = () -> {
      ForkJoinPool pool = new ForkJoinPool(threads);
      try {
        pool.submit(() -> IntStream.range(0, threads).parallel().forEach(th -> sink.addAndGet(work.applyAsLong(th))))
            .join();
      } finally {
        pool.shutdown();
      }
    };
    run.run(); // warm-up
    long t0 = System.nanoTime();
    run.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (sink.get() == Long.MIN_VALUE) {
      System.out.print(""); // keeps the results live
    }
    return clips / seconds;
  }
}
