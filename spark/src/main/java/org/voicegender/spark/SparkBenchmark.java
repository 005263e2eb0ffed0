package org.voicegender.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.TrainingConfig;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;
import org.voicegender.train.TrainingJobs;

/**
 * The feature job in Spark's local mode against the local extractor ({@code CorpusFeatures} on
 * all cores, empty cache) on the same corpus and cores, for the seed's first-2 s windows and the
 * default recipe's windows (every 2 s window at a 1 s hop); and what that rate per core gives for
 * the full LibriSpeech (960 h, 281,241 recordings) on a cluster, if it scales linearly.
 */
public final class SparkBenchmark {
  /** LibriSpeech's training subsets together: 960 h in 281,241 recordings (openslr.org/12). */
  static final double FULL_HOURS = 960;

  static final long FULL_FILES = 281_241;

  private SparkBenchmark() {}

  /** One measured pass. */
  public record Pass(String features, String engine, int cores, long files, long windows,
      double wallSeconds, double audioSeconds) {
    public double filesPerSecond() {
      return files / wallSeconds;
    }

    public double timesRealTime() {
      return audioSeconds / wallSeconds;
    }
  }

  /** Local and Spark passes, in pairs (local first) per feature setting. */
  public record Result(String corpus, String master, List<Pass> passes, String loadBefore,
      String loadAfter) {}

  /**
   * Runs, per feature setting, one unmeasured warm-up of each engine (the JIT's first pass), then
   * the local extractor and the Spark job once each, measured.
   */
  public static Result run(SparkSession spark, Path corpusRoot, Path scratch) throws IOException {
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(corpusRoot);
    String loadBefore = loadAverage();
    int cores = spark.sparkContext().defaultParallelism();
    List<Pass> passes = new ArrayList<>();
    record Setting(String name, FeatureConfig config) {}
    for (Setting s : List.of(new Setting("first 2 s (seed)", FeatureConfig.seed()),
        new Setting("every 2 s, 1 s hop (default recipe)",
            TrainingJobs.featuresFor(TrainingConfig.defaults())))) {
      local(corpus, s.config(), cores, scratch);
      spark(spark, corpus.root(), s.config(), scratch);
      CorpusFeatures.Result l = local(corpus, s.config(), cores, scratch);
      double audio = l.audioSeconds();
      passes.add(new Pass(s.name(), "local extractor (" + cores + " threads)", cores,
          l.entries().size(), l.windows(), l.elapsed().toNanos() / 1e9, audio));
      SparkFeatureJob.Result r = spark(spark, corpus.root(), s.config(), scratch);
      passes.add(new Pass(s.name(), "Spark " + spark.sparkContext().master(), cores, r.files(),
          r.windows(), r.elapsed().toNanos() / 1e9, audio));
    }
    return new Result(corpus.root().toString(), spark.sparkContext().master(), passes,
        loadBefore, loadAverage());
  }

  /** The 1, 5 and 15 minute load averages (Linux), or "unknown": other work on the machine. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static CorpusFeatures.Result local(LibriSpeechCorpus corpus, FeatureConfig config,
      int threads, Path scratch) throws IOException {
    Path cache = Files.createTempDirectory(scratch, "local-");
    try {
      return CorpusFeatures.run(corpus.utterances(), config,
          new CorpusFeatures.Options(cache, threads, false));
    } finally {
      deleteTree(cache);
    }
  }

  private static SparkFeatureJob.Result spark(SparkSession spark, Path root, FeatureConfig config,
      Path scratch) throws IOException {
    Path out = Files.createTempDirectory(scratch, "spark-");
    try {
      return SparkFeatureJob.run(spark, SparkFeatureJob.Options.of(root.toString(),
          out.toString()).withFeatures(config));
    } finally {
      deleteTree(out);
    }
  }

  /** The measured passes, Spark's throughput as a share of the local extractor's. */
  public static FigureTable table(Result r) {
    FigureTable t = new FigureTable("Feature extraction: Spark local mode vs the local extractor",
        "features", "engine", "files", "windows", "wall s", "files/s", "x real time",
        "Spark / local");
    for (int i = 0; i + 1 < r.passes().size(); i += 2) {
      Pass local = r.passes().get(i);
      Pass spark = r.passes().get(i + 1);
      for (Pass p : List.of(local, spark)) {
        t.row(p.features(), p.engine(), p.files(), p.windows(), Figures.significant(p.wallSeconds()),
            Figures.significant(p.filesPerSecond()), Figures.significant(p.timesRealTime()),
            p == local ? "" : Figures.significant(spark.filesPerSecond() / local.filesPerSecond()));
      }
    }
    return t.note("Corpus: " + r.corpus() + "; both on the same " + r.passes().get(0).cores()
        + " cores, one unmeasured warm-up pass each first; Spark's time includes its job"
        + " scheduling, the Parquet write and the per-unit markers; the local extractor's excludes"
        + " the corpus scan. Load average (1/5/15 min) before: " + r.loadBefore() + ", after: "
        + r.loadAfter() + " (the machine is shared: compare the two engines of one run).");
  }

  /**
   * Hours for the full 960 h on {@code executors} of {@code coresPerExecutor}, at the Spark pass's
   * rate per core, assuming linear scaling (storage keeping up: 60 GB of FLAC read once).
   */
  public static FigureTable estimate(Result r, int coresPerExecutor, List<Integer> executors) {
    List<String> columns = new ArrayList<>(List.of("features", "per core (x real time)"));
    executors.forEach(n -> columns.add(n + " x " + coresPerExecutor + " cores"));
    FigureTable t = new FigureTable("Estimated wall time for LibriSpeech 960 h (281,241 files)",
        columns.toArray(new String[0]));
    for (int i = 1; i < r.passes().size(); i += 2) {
      Pass spark = r.passes().get(i);
      double perCore = spark.timesRealTime() / spark.cores();
      double perCoreFiles = spark.filesPerSecond() / spark.cores();
      List<Object> row = new ArrayList<>(List.of(spark.features(), Figures.significant(perCore)));
      for (int n : executors) {
        // first-2 s windows cost per file (only 2 s decoded), every-window features per audio second
        double seconds = spark.features().startsWith("first")
            ? FULL_FILES / (perCoreFiles * n * coresPerExecutor)
            : FULL_HOURS * 3600 / (perCore * n * coresPerExecutor);
        row.add(hours(seconds));
      }
      t.row(row.toArray());
    }
    return t.note("From the Spark pass's rate per core on this machine; first-2 s windows scale"
        + " with the number of files (only 2 s of each are decoded), every-window features with"
        + " the hours of audio. Cluster cores are often faster, storage and scheduling slower.");
  }

  private static String hours(double seconds) {
    return seconds >= 3600 ? Figures.significant(seconds / 3600) + " h"
        : Figures.significant(seconds / 60) + " min";
  }

  private static void deleteTree(Path d) throws IOException {
    if (!Files.exists(d)) {
      return;
    }
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
