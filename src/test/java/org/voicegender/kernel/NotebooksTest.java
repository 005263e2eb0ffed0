package org.voicegender.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;

/**
 * Executes the project's notebooks headless with Debian's Jupyter and this build's kernel, on
 * the real recordings, with 2 training epochs: a failing cell fails the build. Without Jupyter
 * the test is skipped, except under CI, where .ci/run installs it.
 */
class NotebooksTest {
  static final Path JUPYTER = Path.of("/usr/bin/jupyter");
  @TempDir static Path dir;

  @BeforeAll
  static void installKernel() throws Exception {
    boolean present = Files.isExecutable(JUPYTER);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("Jupyter is missing under CI: apt-get install jupyter-nbconvert python3-nbclient jupyter-client");
    }
    assumeTrue(present, "no " + JUPYTER + "; notebook tests skipped");
    KernelMain.install("voicegender", "Java (voicegender, test)", dir.resolve("jupyter/kernels"),
        KernelMain.absoluteClasspath());
    SharedData.miniCorpus(); // the notebooks run on it
  }

  private static Process nbconvert(Path notebook, Path out) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.kernel_name=voicegender", "--ExecutePreprocessor.timeout=600",
        notebook.toString(), "--output", out.toString());
    pb.environment().put("JUPYTER_PATH", dir.resolve("jupyter").toString());
    pb.environment().put("VOICEGENDER_EPOCHS", "2");
    pb.environment().put("VOICEGENDER_CORPUS", SharedData.miniCorpus().toString());
    pb.environment().put("VOICEGENDER_LOG", dir.resolve("project/artifacts/PROJECT_LOG.md").toString());
    pb.environment().put("VOICEGENDER_FIGURES", dir.resolve("figures").toString());
    pb.directory(notebook.getParent().toFile());
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static String run(Path notebook, Path out, int expectedExit) throws Exception {
    Process p = nbconvert(notebook, out);
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(log).isEqualTo(expectedExit);
    return log;
  }

  private static List<String> mimeTypes(Path executed) throws IOException {
    List<String> types = new ArrayList<>();
    for (JsonNode cell : new ObjectMapper().readTree(executed.toFile()).get("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        assertThat(o.path("output_type").asText()).isNotEqualTo("error");
        o.path("data").fieldNames().forEachRemaining(types::add);
      }
    }
    return types;
  }

  @Test
  void featuresNotebookRunsAndShowsTablesAndCharts() throws Exception {
    Path out = dir.resolve("01-out.ipynb");
    run(Path.of("notebooks/01-features.ipynb").toAbsolutePath(), out, 0);
    assertThat(mimeTypes(out)).contains("text/html", "image/png");
  }

  @Test
  void trainNotebookGivesTheMainJobsFiguresAndWritesAProjectLogEntry() throws Exception {
    Path out = dir.resolve("02-out.ipynb");
    run(Path.of("notebooks/02-train.ipynb").toAbsolutePath(), out, 0);
    assertThat(mimeTypes(out)).contains("text/html", "image/png");
    String log = Files.readString(dir.resolve("project/artifacts/PROJECT_LOG.md"));
    assertThat(log).contains("notebook 02-train").contains("accuracy per utterance");
    assertThat(Files.readString(out)).contains("held-out readers");

    JsonNode cli = cli("run", "--epochs", "2", "--log", dir.resolve("cli-log.md").toString());
    JsonNode notebook = headline("02-train");
    assertThat(notebook.get("window_accuracy").asDouble()).isEqualTo(cli.get("window_accuracy").asDouble());
    assertThat(notebook.get("utterance_accuracy").asDouble()).isEqualTo(cli.get("utterance_accuracy").asDouble());
    assertThat(notebook.get("reader_accuracy").asDouble()).isEqualTo(cli.get("reader_accuracy").asDouble());
    assertThat(notebook.get("reader_weighted_utterance_accuracy").asDouble())
        .isEqualTo(cli.get("reader_weighted_utterance_accuracy").asDouble());
    assertThat(notebook.get("test_windows").asInt()).isEqualTo(cli.get("windows").asInt());
  }

  @Test
  void quantizeNotebookGivesTheCommandLinesFloatAndGoldenFiguresAndExportsBitForBit() throws Exception {
    Path out = dir.resolve("03-out.ipynb");
    run(Path.of("notebooks/03-quantize.ipynb").toAbsolutePath(), out, 0);
    assertThat(mimeTypes(out)).contains("text/html", "image/png");
    assertThat(Files.readString(out)).contains("every stage of every vector reproduced bit for bit");

    JsonNode cli = cli("quantize", MAIN_MODEL.toString(), "--weight-bits", "8", "--activation-bits", "8");
    JsonNode notebook = headline("03-quantize");
    assertThat(notebook.get("float_window_accuracy").asDouble()).isEqualTo(cli.get("float_window_accuracy").asDouble());
    assertThat(notebook.get("float_utterance_accuracy").asDouble()).isEqualTo(cli.get("float_utterance_accuracy").asDouble());
    assertThat(notebook.get("golden_w8a8_window_accuracy").asDouble()).isEqualTo(cli.get("window_accuracy").asDouble());
    assertThat(notebook.get("golden_w8a8_utterance_accuracy").asDouble()).isEqualTo(cli.get("utterance_accuracy").asDouble());
  }

  @Test
  void activationsNotebookGivesTheCommandLinesExactAndPwlFigures() throws Exception {
    Path out = dir.resolve("04-out.ipynb");
    run(Path.of("notebooks/04-activations.ipynb").toAbsolutePath(), out, 0);
    assertThat(mimeTypes(out)).contains("text/html", "image/png");
    assertThat(Files.readString(out)).contains("pwl-4-pow2").contains("hard-original");

    JsonNode cli = cli("approx", MAIN_MODEL.toString(), "--activation", "pwl-4-pow2", "--golden-bits", "8");
    JsonNode notebook = headline("04-activations");
    assertThat(notebook.get("exact_window_accuracy").asDouble()).isEqualTo(cli.get("exact_window_accuracy").asDouble());
    assertThat(notebook.get("exact_utterance_accuracy").asDouble()).isEqualTo(cli.get("exact_utterance_accuracy").asDouble());
    assertThat(notebook.get("pwl-4-pow2_window_accuracy").asDouble()).isEqualTo(cli.get("window_accuracy").asDouble());
    assertThat(notebook.get("pwl-4-pow2_utterance_accuracy").asDouble()).isEqualTo(cli.get("utterance_accuracy").asDouble());
    assertThat(notebook.get("pwl-4-pow2_golden_w8a8_window_accuracy").asDouble())
        .isEqualTo(cli.get("golden_window_accuracy").asDouble());
    assertThat(notebook.get("pwl-4-pow2_golden_w8a8_utterance_accuracy").asDouble())
        .isEqualTo(cli.get("golden_utterance_accuracy").asDouble());
  }

  @Test
  void circulantNotebookGivesTheCommandLinesFiguresForTheWholeNetworkAtBlockSizeFour() throws Exception {
    Path out = dir.resolve("05-out.ipynb");
    run(Path.of("notebooks/05-circulant.ipynb").toAbsolutePath(), out, 0);
    assertThat(mimeTypes(out)).contains("text/html", "image/png");
    assertThat(Files.readString(out)).contains("every stage of every vector reproduced bit for bit on circulant arithmetic");

    JsonNode cli = cli("compress", MAIN_MODEL.toString(), "--block", "4", "--fine-tune", "--fine-tune-epochs", "2");
    JsonNode notebook = headline("05-circulant");
    assertThat(notebook.get("k4_compression").asDouble()).isEqualTo(cli.get("compression_ratio").asDouble());
    assertThat(notebook.get("k4_window_accuracy").asDouble()).isEqualTo(cli.get("window_accuracy").asDouble());
    assertThat(notebook.get("k4_utterance_accuracy").asDouble()).isEqualTo(cli.get("utterance_accuracy").asDouble());
    assertThat(notebook.get("k4_golden_w8a8_window_accuracy").asDouble())
        .isEqualTo(cli.get("golden_w8a8_window_accuracy").asDouble());
    assertThat(notebook.get("k4_golden_w8a8_utterance_accuracy").asDouble())
        .isEqualTo(cli.get("golden_w8a8_utterance_accuracy").asDouble());
    assertThat(notebook.get("k4_golden_circulant_identical_windows").asInt())
        .isEqualTo(cli.get("golden_circulant_identical_windows").asInt())
        .isEqualTo(cli.get("golden_windows").asInt());
  }

  /** The main job's model, which notebooks 03, 04 and 05 read. */
  static final Path MAIN_MODEL = Path.of("artifacts/run/model.zip").toAbsolutePath();

  /** A notebook's headline figures, as it wrote them. */
  private static JsonNode headline(String notebook) throws IOException {
    return new ObjectMapper().readTree(dir.resolve("figures").resolve(notebook + ".json").toFile());
  }

  /** Runs a voicegender command in-process on the notebooks' corpus and returns its metrics.json. */
  private static JsonNode cli(String... args) throws IOException {
    Path out = Files.createTempDirectory(dir, args[0]);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", SharedData.miniCorpus().toString(), "--out", out.toString(),
        "--cache", dir.resolve("project/data/cache/features").toString()));
    var err = new java.io.StringWriter();
    var cli = org.voicegender.cli.VoiceGender.commandLine();
    cli.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
    cli.setErr(new java.io.PrintWriter(err, true));
    assertThat(cli.execute(all.toArray(String[]::new))).as(err.toString()).isZero();
    return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
  }

  @Test
  void aFailingCellFailsTheRunWithItsMessage() throws Exception {
    Path nb = dir.resolve("broken.ipynb");
    Files.writeString(nb, """
        {"cells": [
          {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": null, "outputs": [],
           "source": ["int x = 1;\\n", "x + 1"]},
          {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": null, "outputs": [],
           "source": ["java.nio.file.Files.readString(java.nio.file.Path.of(\\"/no/such/file\\"))"]}
         ],
         "metadata": {"kernelspec": {"name": "voicegender", "display_name": "Java", "language": "java"}},
         "nbformat": 4, "nbformat_minor": 5}
        """);
    String log = run(nb, dir.resolve("broken-out.ipynb"), 1);
    assertThat(log).contains("NoSuchFileException").contains("/no/such/file");
  }
}
