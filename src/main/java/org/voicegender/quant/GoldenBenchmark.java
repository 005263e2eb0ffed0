package org.voicegender.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;
import org.voicegender.output.FigureTable;

/**
 * Clips per second of the integer golden model (and of the float reference, for scale) on the
 * shipped network with random weights and standardised random inputs: the speed a hardware test
 * bench gets when it runs the golden model over many clips. Integer input codes are prepared
 * once, frame after frame ({@link GoldenModel#frames}); one clip is one call of {@link
 * GoldenModel#scores(int[])}.
 */
public final class GoldenBenchmark {
  private GoldenBenchmark() {}

  public static FigureTable run(int clips, List<Integer> bits) {
    NetworkConfig net = NetworkConfig.shipped();
    NetworkWeights weights = NetworkWeights.of(
        GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 1), net,
        FeatureNormalizer.identity(net.inputChannels()));
    Random random = new Random(1);
    List<float[][]> windows = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      float[][] w = new float[net.inputChannels()][net.frames()];
      for (float[] row : w) {
        for (int t = 0; t < row.length; t++) {
          row[t] = (float) random.nextGaussian();
        }
      }
      windows.add(w);
    }
    var ranges = Calibration.ranges(weights, windows);
    int cores = Runtime.getRuntime().availableProcessors();
    FigureTable t = new FigureTable("Golden model speed (" + cores + " cores)",
        "engine", "formats", "threads", "clips/s", "µs/clip/thread");
    for (int b : bits) {
      QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(b, b), weights, ranges);
      GoldenModel golden = new GoldenModel(weights, plan, LstmActivations.exact());
      List<int[]> codes = windows.stream().map(w -> golden.frames(golden.inputCodes(w, weights.normalizer()))).toList();
      for (int threads : new int[] {1, cores}) {
        double perSecond = measure(clips, threads, i -> golden.scores(codes.get(i % codes.size()))[0]);
        t.row("golden (integer)", "w" + b + " a" + b, threads, String.format("%,.0f", perSecond),
            String.format("%.1f", 1e6 * threads / perSecond));
      }
    }
    ReferenceModel ref = ReferenceModel.exact(weights);
    double perSecond = measure(Math.max(1, clips / 10), cores, i -> (long) ref.forward(windows.get(i % windows.size())).scores()[0]);
    t.row("float reference (double)", "float", cores, String.format("%,.0f", perSecond),
        String.format("%.1f", 1e6 * cores / perSecond));
    t.note("The shipped network: ≈ 0.25 M multiply-adds per clip, 86 % of them in conv_0."
        + " Aim: ≥ 50,000 clips/s on 2 cores. Input codes prepared once, frame after frame (GoldenModel.frames);"
        + " one clip is one GoldenModel.scores call. Warm-up of the same number of clips first.");
    return t;
  }

  private static double measure(int clips, int threads, java.util.function.IntToLongFunction clip) {
    AtomicLong sink = new AtomicLong();
    Runnable run = () -> {
      java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
      try {
        pool.submit(() -> IntStream.range(0, threads).parallel().forEach(th -> {
          long s = 0;
          for (int i = th; i < clips; i += threads) {
            s += clip.applyAsLong(i);
          }
          sink.addAndGet(s);
        })).join();
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
