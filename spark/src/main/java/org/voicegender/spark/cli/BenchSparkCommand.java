package org.voicegender.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.voicegender.corpus.CorpusLocation;
import org.voicegender.output.FigureTable;
import org.voicegender.spark.SparkBenchmark;
import org.voicegender.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench-spark",
    mixinStandardHelpOptions = true,
    description = "Measure the Spark feature job in local mode against the local extractor, and"
        + " estimate the full 960 h on a cluster.")
final class BenchSparkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data",
      description = "LibriSpeech root (default: the shared 200-reader mini corpus)")
  Path data;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master")
  String master;

  @Option(names = "--cores-per-executor", defaultValue = "4",
      description = "executor size the estimate assumes")
  int coresPerExecutor;

  @Option(names = "--executors", split = ",", defaultValue = "1,10,50,100",
      description = "executor counts the estimate is made for")
  List<Integer> executors;

  @Option(names = "--out", defaultValue = "artifacts/spark",
      description = "base name of the tables (.md; the measurements also as .csv)")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    Path scratch = Files.createTempDirectory("voicegender-bench-spark");
    try (SparkSession spark = SparkSessions.start(master, 8)) {
      SparkBenchmark.Result r = SparkBenchmark.run(spark,
          data != null ? data : CorpusLocation.sharedMini(), scratch);
      FigureTable measured = SparkBenchmark.table(r);
      FigureTable estimate = SparkBenchmark.estimate(r, coresPerExecutor, executors);
      String made = "Made by: bin/voicegender bench-spark --master " + master
          + (data != null ? " --data " + data : "") + "\n";
      String text = "# Apache Spark\n\n" + measured.toMarkdown() + "\n" + estimate.toMarkdown()
          + "\n" + made;
      measured.write(outPath);
      Files.writeString(outPath.resolveSibling(outPath.getFileName() + ".md"), text);
      out.print(text);
    } finally {
      Files.deleteIfExists(scratch);
    }
    return 0;
  }
}
