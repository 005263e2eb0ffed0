package org.voicegender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voicegender.model.NetworkConfig;
import org.voicegender.output.FigureTable;
import org.voicegender.train.TrainingBenchmark;

/**
 * Training (seconds per epoch of 2,397 random windows, Adam, shuffled minibatches) and inference
 * (clips/s at batch 256 and one clip), ours against the same network in PyTorch ({@code
 * bench/train_speed_peer.py}) at each of its thread settings, alternating round by round; the
 * speed-up is taken against PyTorch's best thread setting in each round.
 */
public final class TrainingSpeed {
  static final String SCRIPT = "train_speed_peer.py";
  static final List<String> MODULES = List.of("numpy", "torch");

  private TrainingSpeed() {}

  public record Options(int[] batches, int rounds, int[] peerThreads, PythonPeer peer) {
    public Options {
      if (rounds < 1) {
        throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
      }
      if (batches.length == 0 || peerThreads.length == 0) {
        throw new IllegalArgumentException("no batch sizes or no peer thread settings");
      }
      for (int b : batches) {
        if (b < 1 || b > TrainingBenchmark.EPOCH_WINDOWS) {
          throw new IllegalArgumentException(
              "batch must be 1.." + TrainingBenchmark.EPOCH_WINDOWS + ", got " + b);
        }
      }
      batches = batches.clone();
      peerThreads = peerThreads.clone();
    }
  }

  /**
   * One figure, ours and PyTorch's per thread setting, per round. {@code higherIsBetter}: a
   * throughput (clips/s) rather than a time.
   */
  public record Row(String work, boolean higherIsBetter, Samples ours,
      Map<Integer, Samples> peerByThreads) {
    /** PyTorch's best thread setting, round by round. */
    public Optional<Samples> peerBest() {
      if (peerByThreads.isEmpty()) {
        return Optional.empty();
      }
      Samples[] all = peerByThreads.values().toArray(Samples[]::new);
      return Optional.of(higherIsBetter ? Samples.highestOf(all) : Samples.bestOf(all));
    }

    /** Above 1: ours faster than PyTorch's best setting. */
    public Optional<Samples> speedUp() {
      return peerBest().map(p -> higherIsBetter ? ours.over(p) : p.over(ours));
    }
  }

  public record Result(Machine machine, List<Row> rows, String peerEngine,
      Optional<String> peerUnavailable, int[] peerThreads) {}

  public static Result run(NetworkConfig net, Options o) throws IOException {
    Machine machine = Machine.current();
    Optional<String> unavailable = o.peer().unavailable(SCRIPT, MODULES);
    String engine = unavailable.isPresent() ? "" : o.peer().versions(MODULES);
    boolean peer = unavailable.isEmpty();
    int nb = o.batches().length;
    double[][] ours = new double[nb][o.rounds()];
    double[][][] theirs = new double[nb][o.peerThreads().length][o.rounds()];
    double[][] ours256 = new double[1][o.rounds()];
    double[][] ours1 = new double[1][o.rounds()];
    double[][] theirs256 = new double[o.peerThreads().length][o.rounds()];
    double[][] theirs1 = new double[o.peerThreads().length][o.rounds()];
    for (int r = 0; r < o.rounds(); r++) {
      boolean oursFirst = r % 2 == 0;
      for (int b = 0; b < nb; b++) {
        int batch = o.batches()[b];
        if (oursFirst) {
          ours[b][r] = TrainingBenchmark.secondsPerEpoch(net, batch).median();
        }
        for (int p = 0; peer && p < o.peerThreads().length; p++) {
          int threads = o.peerThreads()[p];
          JsonNode json = o.peer().run(SCRIPT, threads, "--threads", Integer.toString(threads),
              "--batch", Integer.toString(batch),
              "--windows", Integer.toString(TrainingBenchmark.EPOCH_WINDOWS),
              "--warmup", Integer.toString(TrainingBenchmark.WARM_UP_EPOCHS),
              "--epochs", Integer.toString(TrainingBenchmark.TIMED_EPOCHS));
          theirs[b][p][r] = PythonPeer.number(json, "epoch_s_median", SCRIPT);
          if (b == 0) { // every run times inference too; the first batch size's run gives it
            theirs256[p][r] = PythonPeer.number(json, "infer_clips_s_batch256", SCRIPT);
            theirs1[p][r] = PythonPeer.number(json, "infer_clips_s_one", SCRIPT);
          }
        }
        if (!oursFirst) {
          ours[b][r] = TrainingBenchmark.secondsPerEpoch(net, batch).median();
        }
      }
      ours256[0][r] = TrainingBenchmark.inferenceClipsPerSecond(net, 256);
      ours1[0][r] = TrainingBenchmark.inferenceClipsPerSecond(net, 1);
    }
    List<Row> rows = new ArrayList<>();
    for (int b = 0; b < nb; b++) {
      rows.add(new Row("training, batch " + o.batches()[b] + ", s/epoch", false,
          new Samples(ours[b]), peer ? byThreads(o.peerThreads(), theirs[b]) : Map.of()));
    }
    rows.add(new Row("inference, batch 256, clips/s", true, new Samples(ours256[0]),
        peer ? byThreads(o.peerThreads(), theirs256) : Map.of()));
    rows.add(new Row("inference, one clip, clips/s", true, new Samples(ours1[0]),
        peer ? byThreads(o.peerThreads(), theirs1) : Map.of()));
    return new Result(machine, rows, engine, unavailable, o.peerThreads());
  }

  /** Our multiply-add rate at batch 256 beside the peak {@link GoldenSpeed} states, as a note. */
  private static Optional<String> inferenceRate(Result result) {
    long perClip = org.voicegender.compress.CirculantCost.of(NetworkConfig.shipped(),
        org.voicegender.compress.CirculantSpec.dense()).directMultiplies();
    return result.rows().stream().filter(r -> r.work().startsWith("inference, batch 256")).findFirst().map(r -> {
      double rate = r.ours().median() * perClip;
      int cores = org.voicegender.model.layers.ExampleHalves.threads();
      double peak = GoldenSpeed.peakMultiplyAdds(result.machine(), cores);
      return String.format("Inference at batch 256, ours: %.1f G multiply-adds/s (%,d a clip)", rate / 1e9, perClip)
          + (Double.isNaN(peak) ? "" : String.format(", %.0f %% of one multiply-add per 32-bit Vector API lane per"
              + " cycle on %s (%.1f G/s; a core with two FMA ports does twice that)", 100 * rate / peak,
              cores == 1 ? "one core" : cores + " cores", peak / 1e9))
          + ".";
    });
  }

  private static Map<Integer, Samples> byThreads(int[] threads, double[][] values) {
    Map<Integer, Samples> m = new LinkedHashMap<>();
    for (int p = 0; p < threads.length; p++) {
      m.put(threads[p], new Samples(values[p]));
    }
    return m;
  }

  public static FigureTable table(Result result) {
    List<String> columns = new ArrayList<>(List.of("work", "ours"));
    for (int t : result.peerThreads()) {
      columns.add("PyTorch, " + t + (t == 1 ? " thread" : " threads"));
    }
    columns.add("speed-up vs PyTorch's best");
    FigureTable t = new FigureTable("Training and inference speed beside PyTorch",
        columns.toArray(String[]::new));
    for (Row row : result.rows()) {
      String number = row.higherIsBetter() ? "%,.0f" : "%.3f";
      List<Object> cells = new ArrayList<>(List.of(row.work(), row.ours().format(number)));
      for (int threads : result.peerThreads()) {
        Samples s = row.peerByThreads().get(threads);
        cells.add(s == null ? "not run" : s.format(number));
      }
      cells.add(row.speedUp().map(s -> s.format("%.2fx")).orElse(""));
      t.row(cells.toArray());
    }
    SpeedNotes.machine(t, result.machine());
    SpeedNotes.rounds(t, result.rows().get(0).ours().size());
    result.peerUnavailable().ifPresentOrElse(
        why -> t.note("Peer not run: " + why + ". Ours only."),
        () -> t.note("Peer: bench/" + SCRIPT + " (" + result.peerEngine() + "), the same network"
            + " (Conv1d 40→16 k4, ReLU, Conv1d 16→8 k2, ReLU, MaxPool 16, LSTM 8→16, Linear"
            + " 80→64→32→2), Adam, torch.set_num_threads and OMP_NUM_THREADS as in the column;"
            + " its inference figures come from its run at the first batch size."));
    t.note("Training: " + TrainingBenchmark.EPOCH_WINDOWS + " random windows in shuffled"
        + " minibatches, the median of " + TrainingBenchmark.TIMED_EPOCHS + " epochs after "
        + TrainingBenchmark.WARM_UP_EPOCHS + " to warm up, on both sides. Ours: DL4J with the"
        + " compact layers, OMP_NUM_THREADS="
        + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset") + ", "
        + (org.voicegender.model.layers.ExampleHalves.threads() == 2
            ? "minibatches of " + org.voicegender.model.layers.ExampleHalves.MIN_EXAMPLES
                + " windows or more on two threads (model.layers.ExampleHalves: the same bits as one thread)"
            : "one thread") + ".");
    t.note("Inference, ours: the path TrainedModel.maleProbabilities takes (predict, evaluation, Spark): "
        + TrainingBenchmark.inferenceEngine(NetworkConfig.shipped()) + ", on standardised windows prepared"
        + " once (as PyTorch's tensor is), the median of 5 timed blocks.");
    inferenceRate(result).ifPresent(t::note);
    return t;
  }
}
