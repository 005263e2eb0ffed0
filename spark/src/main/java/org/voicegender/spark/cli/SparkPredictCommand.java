package org.voicegender.spark.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.voicegender.output.Figures;
import org.voicegender.spark.SparkPredictionJob;
import org.voicegender.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "spark-predict",
    mixinStandardHelpOptions = true,
    description = "Run a trained model (or its integer golden model) over spark-features' Parquet"
        + " on Spark: one prediction per utterance, as Parquet.")
final class SparkPredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "model file (voicegender train); any Hadoop URI")
  String model;

  @Option(names = "--features", required = true,
      description = "the features folder spark-features wrote (<output>/features)")
  String features;

  @Option(names = "--output", required = true,
      description = "output folder; predictions/ (Parquet) is replaced")
  String output;

  @Option(names = "--subset", split = ",", description = "subsets to predict (default: all)")
  List<String> subsets = List.of();

  @Option(names = "--golden-bits", defaultValue = "0",
      description = "0: the trained float network; N: the integer golden model with N-bit weights"
          + " and activations, calibrated on the model's training readers (as quantize does)")
  int goldenBits;

  @Option(names = "--master",
      description = "Spark master, e.g. local[*] (default: the one spark-submit set, else local[*])")
  String master;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    try (SparkSession spark = SparkSessions.start(master, 8)) {
      SparkPredictionJob.Result r = SparkPredictionJob.run(spark,
          new SparkPredictionJob.Options(features, model, output, subsets, goldenBits));
      out.printf("Predictions (%s) %s: %d utterances (%d windows), %s agree with SPEAKERS.TXT, %.1f s%n",
          goldenBits == 0 ? "trained network" : "golden model w" + goldenBits + "a" + goldenBits,
          r.predictions(), r.utterances(), r.windows(), Figures.percent(r.accuracy()),
          r.elapsed().toNanos() / 1e9);
    }
    return 0;
  }
}
