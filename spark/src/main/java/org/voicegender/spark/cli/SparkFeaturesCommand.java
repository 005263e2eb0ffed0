package org.voicegender.spark.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.TrainingConfig;
import org.voicegender.spark.SparkFeatureJob;
import org.voicegender.spark.SparkSessions;
import org.voicegender.train.TrainingJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "spark-features",
    mixinStandardHelpOptions = true,
    description = "Extract the MFCC windows of a LibriSpeech tree on Spark into Parquet"
        + " (resumable; unusable files become error rows and errors.tsv).")
final class SparkFeaturesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", required = true,
      description = "LibriSpeech root holding SPEAKERS.TXT, or its parent (any Hadoop URI:"
          + " file:, hdfs:, s3a:)")
  String input;

  @Option(names = "--subset", split = ",", description = "subsets to read (default: all)")
  List<String> subsets = List.of();

  @Option(names = "--output", required = true,
      description = "output folder: features/ (Parquet), _markers/, errors.tsv, feature-config.json")
  String output;

  @Option(names = "--master",
      description = "Spark master, e.g. local[*] (default: the one spark-submit set, else local[*])")
  String master;

  @Option(names = "--windows", defaultValue = "first",
      description = "first (the original: first 2 s) or every (all 2 s windows)")
  String windows;

  @Option(names = "--recipe",
      description = "extract the windows training recipe NAME uses (e.g. default: every 2 s"
          + " window at a 1 s hop); overrides --windows")
  String recipe;

  @Option(names = "--shards", defaultValue = "32",
      description = "speaker shards per subset (reader id modulo N): the unit of resume")
  int shards;

  @Option(names = "--units-per-job", defaultValue = "16",
      description = "units written per Spark job (what a crash can lose)")
  int unitsPerJob;

  @Option(names = "--max-error-rate", defaultValue = "0.01",
      description = "share of this run's files that may be unusable before the job fails")
  double maxErrorRate;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    FeatureConfig config = recipe != null
        ? TrainingJobs.featuresFor(TrainingConfig.preset(recipe))
        : FeatureConfig.seed().withWindowPolicy(WindowPolicy.parse(windows));
    SparkFeatureJob.Options options = SparkFeatureJob.Options.of(input, output)
        .withSubsets(subsets).withFeatures(config).withShards(shards)
        .withUnitsPerJob(unitsPerJob).withMaxErrorRate(maxErrorRate);
    try (SparkSession spark = SparkSessions.start(master, 8)) {
      SparkFeatureJob.Result r = SparkFeatureJob.run(spark, options);
      double seconds = r.elapsed().toNanos() / 1e9;
      out.printf("Features %s (config %s)%n", r.features(), r.fingerprint());
      out.printf("Units: %d extracted, %d already finished (skipped)%n", r.extracted().size(),
          r.skipped().size());
      out.printf("This run: %d files, %d windows, %d unusable files (%.2f %%) in %.1f s (%.1f"
          + " files/s)%n", r.files(), r.windows(), r.errors(), 100 * r.errorRate(), seconds,
          r.files() / seconds);
      out.println("Unusable files and reasons: " + r.errorsReport());
    }
    return 0;
  }
}
