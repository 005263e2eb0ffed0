package org.voicegender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;
import org.voicegender.TestCorpus;
import org.voicegender.compress.CirculantSpec;
import org.voicegender.compress.CompressedModel;

/** train → compress (fine-tuned, exported) → sweep through the command line, on real recordings. */
class CompressCommandTest {
  @TempDir Path dir;
  final CommandRunner cli = new CommandRunner();

  @Test
  void compressesFineTunesExportsAndSweeps() throws Exception {
    Path cache = dir.resolve("cache");
    Path model = dir.resolve("model.zip");
    TestCorpus train = new TestCorpus(dir.resolve("train"));
    TestCorpus all = new TestCorpus(dir.resolve("all"));
    try (var files = Files.walk(SharedData.miniCorpus())) {
      for (String id : files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".flac"))
          .map(n -> n.substring(0, n.length() - 5))
          .filter(id -> !id.startsWith("7067-") && !id.startsWith("19-") && !id.startsWith("1034-"))
          .sorted().limit(16).toList()) {
        train.copyReal(id);
        all.copyReal(id);
      }
    }
    train.writeSpeakers();
    all.copyReal("19-198-0000");
    all.copyReal("1034-121119-0000");
    all.writeSpeakers();
    assertThat(cli.run("train", "--data", train.root().toString(), "--out", model.toString(), "--epochs", "1",
        "--cache", cache.toString())).as(cli.err.toString()).isZero();

    Path out = dir.resolve("k4");
    assertThat(cli.run("compress", model.toString(), "--data", all.root().toString(), "--block", "4",
        "--layers", "lstm,dense", "--fine-tune", "--fine-tune-epochs", "1", "--export-clips", "2",
        "--out", out.toString(), "--cache", cache.toString())).as(cli.err.toString()).isZero();
    assertThat(cli.out.toString()).contains("(fine-tuned): 5,210 parameters (2.26x smaller)")
        .contains("re-run on circulant arithmetic: bit for bit");
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("stored_parameters").asInt()).isEqualTo(5_210);
    assertThat(m.get("golden_circulant_identical_windows").asInt()).isEqualTo(m.get("golden_windows").asInt());
    assertThat(m.get("fft_vs_expanded_max_abs_difference").asDouble()).isLessThan(1e-12);
    assertThat(m.get("utterances").asInt()).isEqualTo(2);
    CompressedModel saved = CompressedModel.load(out.resolve("model-compressed.zip"));
    assertThat(saved.spec()).isEqualTo(CirculantSpec.parse("lstm,dense", 4, saved.model().network()));
    assertThat(saved.deviations().values()).allSatisfy(d -> assertThat(d).isZero());
    assertThat(out.resolve("export/weights/circulant_weights.h")).exists();

    Path sweep = dir.resolve("sweep");
    assertThat(cli.run("compress", model.toString(), "--data", all.root().toString(), "--sweep",
        "--out", sweep.toString(), "--cache", cache.toString())).as(cli.err.toString()).isZero();
    assertThat(Files.readAllLines(sweep.resolve("sweep.csv"))).hasSize(1 + 1 + 2 * 4);
    assertThat(sweep.resolve("sweep.png")).exists();
    assertThat(sweep.resolve("weights.png")).exists();
    assertThat(sweep.resolve("multiplies.png")).exists();
    assertThat(Files.readString(sweep.resolve("sweep.md"))).contains("| whole network | 16 | projected | 1,018 | 11.56x");

    Path cv = dir.resolve("cv");
    assertThat(cli.run("compress", model.toString(), "--data", all.root().toString(), "--block", "4", "--layers",
        "dense", "--fine-tune", "--fine-tune-epochs", "1", "--cv", "2", "--out", cv.toString(), "--cache",
        cache.toString())).as(cli.err.toString()).isZero();
    JsonNode cvMetrics = new ObjectMapper().readTree(cv.resolve("metrics.json").toFile());
    assertThat(cvMetrics.get("folds")).hasSize(2);
    assertThat(cvMetrics.get("folds").get(0).get("golden_circulant_identical_windows").asInt())
        .isEqualTo(cvMetrics.get("folds").get(0).get("golden_windows").asInt());
    assertThat(Files.readString(cv.resolve("cv.md"))).contains("| mean |");

    assertThat(cli.run("compress", model.toString(), "--data", all.root().toString(), "--out", sweep.toString(),
        "--cache", cache.toString())).isNotZero();
    assertThat(cli.err.toString()).contains("give either --block N or --sweep");
  }
}
