package org.voicegender.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicegender.corpus.CorpusException;
import org.voicegender.corpus.Speaker;
import org.voicegender.corpus.SpeakersFile;
import org.voicegender.features.FeatureConfig;

/**
 * MFCC extraction over a LibriSpeech tree on Spark: SPEAKERS.TXT read on the driver and
 * broadcast, the FLAC files read by Spark's {@code binaryFile} source, one extractor per partition
 * ({@link PartitionExtractor}), Parquet rows ({@link FeatureRows}) under {@code
 * <output>/features}, partitioned by subset and speaker shard (a unit's partition holds a file per
 * task that read some of it).
 *
 * <p>Work goes in units (a subset's readers of one shard), several units per Spark job. A unit is
 * written by replacing its partition (dynamic partition overwrite), then marked finished ({@link
 * UnitMarkers}) with the feature-config fingerprint; a rerun skips marked units and redoes the
 * rest, so a crashed run resumes where it stopped and no run ever appends duplicates. Files that
 * cannot be used are error rows and listed in {@code <output>/errors.tsv}; the job fails only when
 * their share of this run's files exceeds {@link Options#maxErrorRate()}.
 */
public final class SparkFeatureJob {
  private static final Logger LOG = LoggerFactory.getLogger(SparkFeatureJob.class);
  /** Spark packs small files into a task by this cost; 4 MB (its default) leaves tasks too few. */
  static final long OPEN_COST_BYTES = 256 * 1024;

  private SparkFeatureJob() {}

  /**
   * The job's settings.
   *
   * @param input the LibriSpeech root (holding SPEAKERS.TXT) or its parent; any Hadoop URI
   * @param subsets subset folders to read (empty: all)
   * @param output folder of the Parquet features, markers and reports; any Hadoop URI
   * @param features the feature settings (the seed's by default)
   * @param shards speaker shards per subset: reader id modulo this
   * @param unitsPerJob work units written per Spark job (what a crash can lose)
   * @param maxErrorRate share of a run's files that may be unusable before the job fails
   */
  public record Options(
      String input, List<String> subsets, String output, FeatureConfig features, int shards,
      int unitsPerJob, double maxErrorRate) {
    public Options {
      require(input != null && !input.isBlank(), "an input corpus is required");
      require(output != null && !output.isBlank(), "an output folder is required");
      subsets = List.copyOf(subsets);
      require(features != null, "a feature config is required");
      require(shards >= 1, "shards must be >= 1, got " + shards);
      require(unitsPerJob >= 1, "units per job must be >= 1, got " + unitsPerJob);
      require(maxErrorRate >= 0 && maxErrorRate <= 1,
          "the error-rate limit must be in [0, 1], got " + maxErrorRate);
    }

    /** The seed's features, 32 shards, 16 units a job, at most 1 % unusable files. */
    public static Options of(String input, String output) {
      return new Options(input, List.of(), output, FeatureConfig.seed(), 32, 16, 0.01);
    }

    public Options withSubsets(List<String> s) {
      return new Options(input, s, output, features, shards, unitsPerJob, maxErrorRate);
    }

    public Options withFeatures(FeatureConfig f) {
      return new Options(input, subsets, output, f, shards, unitsPerJob, maxErrorRate);
    }

    public Options withShards(int n) {
      return new Options(input, subsets, output, features, n, unitsPerJob, maxErrorRate);
    }

    public Options withUnitsPerJob(int n) {
      return new Options(input, subsets, output, features, shards, n, maxErrorRate);
    }

    public Options withMaxErrorRate(double r) {
      return new Options(input, subsets, output, features, shards, unitsPerJob, r);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException("invalid spark-features options: " + message);
      }
    }
  }

  /**
   * What a run did.
   *
   * @param features the Parquet folder
   * @param errorsReport the errors listing (every error row of the output, not only this run's)
   * @param extracted units extracted in this run
   * @param skipped units already finished with the same feature config
   * @param files files read in this run; {@code windows} and {@code errors} likewise
   */
  public record Result(
      String features, String errorsReport, String fingerprint, List<WorkUnit> extracted,
      List<WorkUnit> skipped, long files, long windows, long errors, Duration elapsed) {
    public double errorRate() {
      return files == 0 ? 0 : (double) errors / files;
    }
  }

  public static Result run(SparkSession spark, Options options) throws IOException {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path root = locateRoot(new Path(options.input()), conf);
    Path output = new Path(options.output());
    output = output.getFileSystem(conf).makeQualified(output);
    Path featuresDir = new Path(output, "features");
    FeatureConfig config = options.features();
    String fingerprint = config.fingerprint();

    Map<WorkUnit, List<String>> units = units(root, options, conf);
    UnitMarkers markers = new UnitMarkers(output, conf);
    List<WorkUnit> pending = new ArrayList<>();
    List<WorkUnit> skipped = new ArrayList<>();
    for (WorkUnit u : units.keySet()) {
      (markers.isFinished(u, fingerprint) ? skipped : pending).add(u);
    }
    LOG.info("{} work units under {}: {} finished with features {}, {} to extract", units.size(),
        root, skipped.size(), fingerprint, pending.size());
    UnitMarkers.writeText(new Path(output, "feature-config.json"), config.toJson() + "\n", conf);
    if (!spark.sparkContext().getConf().contains("spark.sql.files.openCostInBytes")) {
      spark.conf().set("spark.sql.files.openCostInBytes", OPEN_COST_BYTES);
    }

    Broadcast<HashMap<Integer, String>> genders =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(genders(root, conf));
    PartitionExtractor extractor =
        new PartitionExtractor(root.toString(), genders, config, options.shards());
    long files = 0;
    long windows = 0;
    long errors = 0;
    Path report = new Path(output, "errors.tsv");
    for (int from = 0; from < pending.size(); from += options.unitsPerJob()) {
      List<WorkUnit> batch = pending.subList(from, Math.min(pending.size(), from + options.unitsPerJob()));
      List<String> dirs = new ArrayList<>();
      batch.forEach(u -> dirs.addAll(units.get(u)));
      write(spark, dirs, extractor, featuresDir);
      for (Row r : unitCounts(spark, featuresDir, batch)) {
        WorkUnit u = new WorkUnit(r.getString(0), r.getInt(1));
        markers.write(u, fingerprint, config.toJson(), r.getLong(2), r.getLong(3), r.getLong(4));
        files += r.getLong(2);
        windows += r.getLong(3);
        errors += r.getLong(4);
      }
      for (WorkUnit u : batch) {
        if (!markers.isFinished(u, fingerprint)) {
          // A unit whose folders held no .flac file: finished, with nothing in it.
          markers.write(u, fingerprint, config.toJson(), 0, 0, 0);
        }
      }
      LOG.info("units {}-{} of {} written: {} files, {} windows, {} errors so far", from + 1,
          from + batch.size(), pending.size(), files, windows, errors);
      if (errors > options.maxErrorRate() * files) {
        writeErrorsReport(spark, featuresDir, report, conf);
        throw new TooManyErrorsException(String.format(
            "%d of %d files read (%.1f %%) could not be used, over the limit of %.1f %% (max error"
                + " rate); units finished so far are kept and a rerun resumes after them; the"
                + " files and reasons are in %s", errors, files, 100.0 * errors / files,
            100 * options.maxErrorRate(), report));
      }
    }
    writeErrorsReport(spark, featuresDir, report, conf);
    return new Result(featuresDir.toString(), report.toString(), fingerprint, List.copyOf(pending),
        List.copyOf(skipped), files, windows, errors, Duration.ofNanos(System.nanoTime() - start));
  }

  private static void write(SparkSession spark, List<String> dirs, PartitionExtractor extractor,
      Path featuresDir) {
    Dataset<Row> files = spark.read().format("binaryFile")
        .option("pathGlobFilter", "*.flac")
        .option("recursiveFileLookup", "true")
        .load(dirs.toArray(new String[0]))
        .select("path", "length", "content");
    JavaRDD<Row> rows = files.javaRDD().mapPartitions(extractor);
    // No shuffle to one file per unit: it cost more than the extraction of first-2 s windows
    // (bench-spark); each task writes its part of the units it read.
    spark.createDataFrame(rows, FeatureRows.SCHEMA)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("subset", "speaker_shard")
        .parquet(featuresDir.toString());
  }

  /** Per unit of {@code batch} as written: subset, shard, files, windows, error files. */
  private static List<Row> unitCounts(SparkSession spark, Path featuresDir, List<WorkUnit> batch) {
    return read(spark, featuresDir)
        .where(inUnits(batch))
        .groupBy("subset", "speaker_shard")
        .agg(
            countDistinct("source_path"),
            sum(when(col("status").equalTo(FeatureRows.OK), 1L).otherwise(0L)),
            sum(when(col("status").equalTo(FeatureRows.ERROR), 1L).otherwise(0L)))
        .collectAsList();
  }

  /** The Parquet features with the job's schema (partition columns typed as written). */
  public static Dataset<Row> read(SparkSession spark, Path featuresDir) {
    return spark.read().schema(FeatureRows.SCHEMA).parquet(featuresDir.toString());
  }

  static Column inUnits(List<WorkUnit> units) {
    Column any = lit(false);
    for (WorkUnit u : units) {
      any = any.or(col("subset").equalTo(u.subset()).and(col("speaker_shard").equalTo(u.shard())));
    }
    return any;
  }

  /** Every error row of the output as a tab-separated file: path, utterance id, reason. */
  private static void writeErrorsReport(SparkSession spark, Path featuresDir, Path report,
      Configuration conf) throws IOException {
    StringBuilder text = new StringBuilder("source_path\tutterance_id\terror\n");
    if (featuresDir.getFileSystem(conf).exists(featuresDir)) {
      for (Row r : read(spark, featuresDir).where(col("status").equalTo(FeatureRows.ERROR))
          .select("source_path", "utterance_id", "error").orderBy("source_path").collectAsList()) {
        text.append(r.getString(0)).append('\t').append(r.isNullAt(1) ? "" : r.getString(1))
            .append('\t').append(r.getString(2).replace('\t', ' ').replace('\n', ' ')).append('\n');
      }
    }
    UnitMarkers.writeText(report, text.toString(), conf);
  }

  /** The folder holding SPEAKERS.TXT: {@code dir} or {@code dir/LibriSpeech}. */
  static Path locateRoot(Path dir, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    Path d = fs.makeQualified(dir);
    if (!fs.exists(d)) {
      throw new CorpusException("corpus directory " + d + " does not exist");
    }
    for (Path candidate : List.of(d, new Path(d, "LibriSpeech"))) {
      if (fs.isFile(new Path(candidate, SpeakersFile.FILE_NAME))) {
        return candidate;
      }
    }
    throw new CorpusException("missing " + new Path(d, SpeakersFile.FILE_NAME) + ": " + d
        + " is not a LibriSpeech root (the folder holding SPEAKERS.TXT and subsets such as"
        + " train-clean-100/)");
  }

  /** The reader folders of each work unit, units in order. */
  private static Map<WorkUnit, List<String>> units(Path root, Options o, Configuration conf)
      throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    List<Path> subsets = new ArrayList<>();
    if (o.subsets().isEmpty()) {
      for (FileStatus s : fs.listStatus(root)) {
        if (s.isDirectory() && !s.getPath().getName().startsWith(".")) {
          subsets.add(s.getPath());
        }
      }
    } else {
      for (String s : o.subsets()) {
        Path p = new Path(root, s);
        if (!fs.isDirectory(p)) {
          throw new CorpusException("subset " + s + " not found: no folder " + p);
        }
        subsets.add(p);
      }
    }
    Map<WorkUnit, List<String>> units = new TreeMap<>();
    for (Path subset : subsets) {
      for (FileStatus reader : fs.listStatus(subset)) {
        if (reader.isDirectory()) {
          String name = reader.getPath().getName();
          units.computeIfAbsent(new WorkUnit(subset.getName(), WorkUnit.shardOf(name, o.shards())),
              u -> new ArrayList<>()).add(reader.getPath().toString());
        }
      }
    }
    if (units.isEmpty()) {
      throw new CorpusException("no reader folders under " + root + " in " + subsets
          + ": expected <subset>/<speaker>/<chapter>/<speaker>-<chapter>-<nnnn>.flac");
    }
    return units;
  }

  /** SPEAKERS.TXT, read on the driver (from any file system) as reader id to F or M. */
  static HashMap<Integer, String> genders(Path root, Configuration conf) throws IOException {
    Path file = new Path(root, SpeakersFile.FILE_NAME);
    java.nio.file.Path dir = Files.createTempDirectory("voicegender-speakers");
    java.nio.file.Path local = dir.resolve(SpeakersFile.FILE_NAME);
    try {
      try (InputStream in = file.getFileSystem(conf).open(file)) {
        Files.copy(in, local);
      }
      SpeakersFile speakers;
      try {
        speakers = SpeakersFile.read(local);
      } catch (CorpusException e) {
        throw new CorpusException(e.getMessage().replace(local.toString(), file.toString()), e);
      }
      speakers.problems().forEach(p ->
          LOG.warn("{}: {}", file, p.reason()));
      HashMap<Integer, String> out = new HashMap<>();
      for (Speaker s : speakers.speakers().values()) {
        out.put(s.id(), s.gender().code());
      }
      return out;
    } finally {
      Files.deleteIfExists(local);
      Files.deleteIfExists(dir);
    }
  }
}
