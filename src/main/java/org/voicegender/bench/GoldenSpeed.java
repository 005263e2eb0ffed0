package org.voicegender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voicegender.compress.CirculantCost;
import org.voicegender.compress.CirculantSpec;
import org.voicegender.model.NetworkConfig;
import org.voicegender.output.FigureTable;
import org.voicegender.quant.GoldenBenchmark;

/**
 * The integer golden model's clips per second against PyTorch's float inference of the same
 * network at batch 256 ({@code bench/train_speed_peer.py}, one tiny training epoch then its
 * inference timing), thread count for thread count, alternating round by round; with the
 * multiply-add rate reached and the machine's peak for our kernels.
 */
public final class GoldenSpeed {
  private GoldenSpeed() {}

  public record Options(int clips, List<Integer> bits, int rounds, int[] threads, PythonPeer peer) {
    public Options {
      if (rounds < 1 || clips < 1) {
        throw new IllegalArgumentException("rounds and clips must be >= 1, got " + rounds + ", " + clips);
      }
      for (int t : threads) {
        if (t < 1) {
          throw new IllegalArgumentException("thread counts must be >= 1, got " + t);
        }
      }
      bits = List.copyOf(bits);
      threads = threads.clone();
    }
  }

  /**
   * One format at one thread count in clips/s per round: ours through the batch entry point
   * (256 clips a call), ours one clip a call, and PyTorch float (batch 256).
   */
  public record Row(int bits, int threads, Samples ours, Samples oneByOne, Optional<Samples> peer) {
    public Optional<Samples> speedUp() {
      return peer.map(ours::over);
    }
  }

  /** {@code floatProducts}: per width, the convolutions and matrices the golden model computes in float32. */
  public record Result(Machine machine, List<Row> rows, long multiplyAddsPerClip, String peerEngine,
      Optional<String> peerUnavailable, Map<Integer, List<String>> floatProducts) {}

  public static Result run(Options o) throws IOException {
    Machine machine = Machine.current();
    Optional<String> unavailable = o.peer().unavailable(TrainingSpeed.SCRIPT, TrainingSpeed.MODULES);
    String engine = unavailable.isPresent() ? "" : o.peer().versions(TrainingSpeed.MODULES);
    int nt = o.threads().length;
    List<GoldenBenchmark.Setup> setups = o.bits().stream().map(GoldenBenchmark::setup).toList();
    double[][][] ours = new double[setups.size()][nt][o.rounds()];
    double[][][] single = new double[setups.size()][nt][o.rounds()];
    double[][] peer = new double[nt][o.rounds()];
    for (int r = 0; r < o.rounds(); r++) {
      boolean oursFirst = r % 2 == 0;
      for (int t = 0; t < nt; t++) {
        if (oursFirst) {
          measureOurs(setups, o, t, r, ours, single);
        }
        if (unavailable.isEmpty()) {
          int threads = o.threads()[t];
          JsonNode json = o.peer().run(TrainingSpeed.SCRIPT, threads, "--threads",
              Integer.toString(threads), "--windows", "256", "--batch", "256", "--warmup", "0",
              "--epochs", "1");
          peer[t][r] = PythonPeer.number(json, "infer_clips_s_batch256", TrainingSpeed.SCRIPT);
        }
        if (!oursFirst) {
          measureOurs(setups, o, t, r, ours, single);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < setups.size(); s++) {
      for (int t = 0; t < nt; t++) {
        rows.add(new Row(o.bits().get(s), o.threads()[t], new Samples(ours[s][t]), new Samples(single[s][t]),
            unavailable.isEmpty() ? Optional.of(new Samples(peer[t])) : Optional.empty()));
      }
    }
    long macs = CirculantCost.of(NetworkConfig.shipped(), CirculantSpec.dense()).directMultiplies();
    Map<Integer, List<String>> floatProducts = new java.util.LinkedHashMap<>();
    for (int s = 0; s < setups.size(); s++) {
      List<String> names = new ArrayList<>(setups.get(s).golden().floatConvolutions());
      names.addAll(setups.get(s).golden().floatMatrices());
      floatProducts.put(o.bits().get(s), List.copyOf(names));
    }
    return new Result(machine, rows, macs, engine, unavailable, floatProducts);
  }

  private static void measureOurs(
      List<GoldenBenchmark.Setup> setups, Options o, int t, int r, double[][][] ours, double[][][] single) {
    for (int s = 0; s < setups.size(); s++) {
      ours[s][t][r] = setups.get(s).clipsPerSecond(o.clips(), o.threads()[t]);
      single[s][t][r] = setups.get(s).clipsPerSecondOneByOne(o.clips(), o.threads()[t]);
    }
  }

  /**
   * The peak multiply-add rate of our kernels on {@code threads} cores: one 32-bit multiply and
   * one add per int lane of the Vector API's preferred species per cycle (so not VNNI's 8-bit dot
   * products, which the Vector API of JDK 17 does not expose); NaN when the clock or the width is
   * unknown.
   */
  static double peakMultiplyAdds(Machine m, int threads) {
    if (m.vectorApiBits() == 0 || Double.isNaN(m.mhz())) {
      return Double.NaN;
    }
    return threads * (m.vectorApiBits() / 32.0) * m.mhz() * 1e6;
  }

  public static FigureTable table(Result result) {
    FigureTable t = new FigureTable("Golden model speed beside PyTorch float inference",
        "golden model", "threads", "ours, batch 256, clips/s", "ours, one clip a call, clips/s",
        "PyTorch float, batch 256, clips/s",
        "speed-up (ours / PyTorch)", "multiply-adds/s (share of peak)", "scaling from 1 thread");
    Map<Integer, Double> oneThread = new HashMap<>(); // by bits
    for (Row row : result.rows()) {
      double macs = row.ours().median() * result.multiplyAddsPerClip();
      double peak = peakMultiplyAdds(result.machine(), row.threads());
      String rate = String.format("%.2f G", macs / 1e9)
          + (Double.isNaN(peak) ? "" : String.format(" (%.0f %%)", 100 * macs / peak));
      String scaling = "";
      if (row.threads() == 1) {
        oneThread.put(row.bits(), row.ours().median());
      } else if (oneThread.containsKey(row.bits())) {
        scaling = String.format("%.2fx on %d threads",
            row.ours().median() / oneThread.get(row.bits()), row.threads());
      }
      t.row("w" + row.bits() + " a" + row.bits(), row.threads(), row.ours().format("%,.0f"),
          row.oneByOne().format("%,.0f"),
          row.peer().map(s -> s.format("%,.0f")).orElse("not run"),
          row.speedUp().map(s -> s.format("%.2fx")).orElse(""), rate, scaling);
    }
    SpeedNotes.machine(t, result.machine());
    SpeedNotes.rounds(t, result.rows().get(0).ours().size());
    result.peerUnavailable().ifPresentOrElse(
        why -> t.note("Peer not run: " + why + ". Ours only."),
        () -> t.note("Peer: bench/" + TrainingSpeed.SCRIPT + " (" + result.peerEngine() + "),"
            + " the same network in float32, torch.no_grad, batches of 256 clips,"
            + " torch.set_num_threads and OMP_NUM_THREADS = the row's threads."));
    StringBuilder floats = new StringBuilder();
    result.floatProducts().forEach((bits, names) -> floats.append(floats.length() == 0 ? "" : "; ")
        .append(bits).append(" bits: ").append(names.isEmpty() ? "none" : String.join(", ", names)));
    t.note(String.format("Ours: the shipped network, random weights, input codes prepared once;"
        + " \"batch 256\" times GoldenModel.scoreBatch, 256 clips a call (each thread its own calls"
        + " and buffers), \"one clip a call\" GoldenModel.scores(int[]): the same codes either way."
        + " Speed-up, multiply-add rate and scaling are the batch column's. %,d multiply-adds per clip;"
        + " products in float32 fused multiply-adds where that is exact (every partial sum within 2^24;"
        + " %s; the LSTM's and dense layers' only in the batch path), the rest, bias, rounding and"
        + " gates in integer arithmetic."
        + " Peak: one multiply-add per Vector API 32-bit lane per cycle per core"
        + " at the clock above (a core with two FMA ports does twice that in float32; 8-bit"
        + " dot-product instructions would give more; JDK 17's Vector API has none).",
        result.multiplyAddsPerClip(), floats));
    return t;
  }
}
