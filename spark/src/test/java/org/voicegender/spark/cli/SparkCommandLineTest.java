package org.voicegender.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.corpus.SyntheticCorpus;
import picocli.CommandLine;

class SparkCommandLineTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cli = SparkMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void everyOptionOfEveryCommandSaysWhatItDoes() {
    var missing = new java.util.ArrayList<String>();
    for (var sub : SparkMain.commandLine().getSubcommands().values()) {
      for (var option : sub.getCommandSpec().options()) {
        if (option.description().length == 0 || option.description()[0].isBlank()) {
          missing.add(sub.getCommandName() + " " + option.longestName());
        }
      }
      for (var p : sub.getCommandSpec().positionalParameters()) {
        if (p.description().length == 0 || p.description()[0].isBlank()) {
          missing.add(sub.getCommandName() + " " + p.paramLabel());
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void sparkFeaturesWritesParquetAndSaysWhatItDid() throws Exception {
    Path root = SyntheticCorpus.generate(dir.resolve("corpus"), 1, 1, 3);
    Path output = dir.resolve("out");

    int code = run("spark-features", "--input", root.toString(), "--output", output.toString(),
        "--master", "local[2]", "--shards", "2");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("Units: 2 extracted, 0 already finished")
        .contains("This run: 2 files, 2 windows, 0 unusable files");
    assertThat(output.resolve("features/subset=synthetic/speaker_shard=0")).isDirectory();
    assertThat(output.resolve("errors.tsv")).content().isEqualTo("source_path\tutterance_id\terror\n");
  }

  @Test
  void aMissingCorpusIsOneLineNamingIt() {
    Path missing = dir.resolve("nowhere");

    int code = run("spark-features", "--input", missing.toString(), "--output",
        dir.resolve("o").toString(), "--master", "local[1]");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("voicegender spark-features: corpus directory")
        .contains("nowhere does not exist")
        .doesNotContain("\n");
    assertThat(Files.exists(dir.resolve("o"))).isFalse();
  }
}
