package org.voicegender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.voicegender.corpus.Utterance;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.ExtractionBenchmark;
import org.voicegender.features.FeatureConfig;
import org.voicegender.output.FigureTable;

/**
 * MFCC of the first 2 s of every recording, cold cache, ours against the numpy/scipy peer
 * ({@code bench/feature_speed_peer.py}: soundfile, resample_poly, the golden MFCC definition),
 * on one thread / process and on every core, the two sides alternating round by round.
 */
public final class FeatureSpeed {
  static final String SCRIPT = "feature_speed_peer.py";
  static final List<String> MODULES = List.of("numpy", "scipy", "soundfile");
  /** Unmeasured passes of ours per thread count before the rounds: the JIT compiles the loops. */
  private static final int WARM_UP_PASSES = 3;

  private FeatureSpeed() {}

  /** What to measure: the corpus root the peer globs, its utterances for ours, rounds, threads. */
  public record Options(Path corpusRoot, List<Utterance> utterances, int rounds, int[] threads,
      PythonPeer peer) {
    public Options {
      if (rounds < 1) {
        throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
      }
      if (utterances.isEmpty()) {
        throw new IllegalArgumentException("no utterances under " + corpusRoot);
      }
      for (int t : threads) {
        if (t < 1) {
          throw new IllegalArgumentException("thread counts must be >= 1, got " + t);
        }
      }
      threads = threads.clone();
    }
  }

  /** One thread count: ours and the peer in ms per file, one figure per round. */
  public record Row(int threads, Samples oursMs, Optional<Samples> peerMs) {
    /** Peer time over ours, round by round (above 1: ours is faster). */
    public Optional<Samples> speedUp() {
      return peerMs.map(p -> p.over(oursMs));
    }
  }

  /** {@code readers}: the speakers among the files, one cache folder each. */
  public record Result(Machine machine, List<Row> rows, int files, int readers,
      Optional<Integer> peerFiles,
      String peerEngine, Optional<String> peerUnavailable, ExtractionBenchmark.Stages stages) {}

  public static Result run(Options o) throws IOException {
    Machine machine = Machine.current();
    Optional<String> unavailable = o.peer().unavailable(SCRIPT, MODULES);
    String engine = unavailable.isPresent() ? "" : o.peer().versions(MODULES);
    FeatureConfig config = FeatureConfig.seed();
    Path scratch = Files.createTempDirectory("voicegender-bench-features");
    List<Row> rows = new ArrayList<>();
    Integer peerFiles = null;
    try {
      for (int threads : o.threads()) {
        for (int i = 0; i < WARM_UP_PASSES; i++) {
          oursMsPerFile(o.utterances(), config, threads, scratch);
        }
        double[] ours = new double[o.rounds()];
        double[] peer = new double[o.rounds()];
        for (int r = 0; r < o.rounds(); r++) {
          boolean oursFirst = r % 2 == 0; // neither side always runs just after the other's load
          if (oursFirst) {
            ours[r] = oursMsPerFile(o.utterances(), config, threads, scratch);
          }
          if (unavailable.isEmpty()) {
            JsonNode json = o.peer().run(SCRIPT, 1, o.corpusRoot().toString(),
                "--procs", Integer.toString(threads), "--repeats", "1");
            peer[r] = PythonPeer.number(json, "ms_per_file", SCRIPT);
            peerFiles = (int) PythonPeer.number(json, "files", SCRIPT);
          }
          if (!oursFirst) {
            ours[r] = oursMsPerFile(o.utterances(), config, threads, scratch);
          }
        }
        rows.add(new Row(threads, new Samples(ours),
            unavailable.isEmpty() ? Optional.of(new Samples(peer)) : Optional.empty()));
      }
    } finally {
      deleteTree(scratch);
    }
    ExtractionBenchmark.Stages stages = ExtractionBenchmark.stages(o.utterances(), config);
    int readers = (int) o.utterances().stream().mapToInt(Utterance::speaker).distinct().count();
    return new Result(machine, rows, o.utterances().size(), readers, Optional.ofNullable(peerFiles),
        engine,
        unavailable, stages);
  }

  /**
   * One pass of ours into an empty cache: wall ms per file. The cache is left in the scratch
   * folder until the end: deleting a tree of files (on ext4 with online discard, as here) slowed
   * the file creations that followed it by 3-4x for seconds, a cost a first run never meets.
   */
  private static double oursMsPerFile(
      List<Utterance> utterances, FeatureConfig config, int threads, Path scratch)
      throws IOException {
    Path cache = Files.createTempDirectory(scratch, "cache-");
    CorpusFeatures.Result r =
        CorpusFeatures.run(utterances, config, new CorpusFeatures.Options(cache, threads, false));
    return r.elapsed().toNanos() / 1e6 / utterances.size();
  }

  public static FigureTable table(Result result, String corpus) {
    FigureTable t = new FigureTable("Feature extraction speed beside the numpy peer",
        "work", "threads / processes", "ours ms/file", "numpy peer ms/file",
        "speed-up (peer time / ours)");
    for (Row row : result.rows()) {
      t.row("MFCC of the first 2 s, cold cache", row.threads(), row.oursMs().format("%.2f"),
          row.peerMs().map(s -> s.format("%.2f")).orElse("not run"),
          row.speedUp().map(s -> s.format("%.2fx")).orElse(""));
    }
    SpeedNotes.machine(t, result.machine());
    SpeedNotes.rounds(t, result.rows().get(0).oursMs().size());
    result.peerUnavailable().ifPresentOrElse(
        why -> t.note("Peer not run: " + why + ". Ours only."),
        () -> t.note("Peer: bench/" + SCRIPT + " (" + result.peerEngine() + "), OMP_NUM_THREADS=1,"
            + " one process per core (multiprocessing), " + result.peerFiles().orElse(0)
            + " files; ours: CorpusFeatures into an empty cache, " + result.files() + " files,"
            + " after " + WARM_UP_PASSES + " unmeasured passes."));
    ExtractionBenchmark.Stages s = result.stages();
    t.note(String.format("Ours, one thread, per file: decode %.2f ms + resample %.2f ms + MFCC %.2f"
        + " ms = %.2f ms; the rest of our cold-cache time is the cache's writes (each pass makes %d"
        + " reader folders and writes %d files, each then renamed), which the peer, keeping its"
        + " features in memory, does not do.",
        s.decodeMs(), s.resampleMs(), s.mfccMs(), s.totalMs(), result.readers(), result.files()));
    t.note("Ours decodes FLAC with " + org.voicegender.audio.AudioDecoder.flacDecoder() + ".");
    t.note("Corpus: " + corpus + ".");
    return t;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
