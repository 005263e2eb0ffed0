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
import org.voicegender.audio.FlacWriter;

/** train → evaluate → predict through the command line, one epoch on the real mini corpus. */
class ModelCommandsTest {
  @TempDir Path dir;
  final CommandRunner cli = new CommandRunner();
  final java.io.StringWriter out = cli.out;
  final java.io.StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void trainsEvaluatesQuantizesAndPredicts() throws Exception {
    Path cache = dir.resolve("cache");
    Path model = dir.resolve("model.zip");
    TestCorpus train = new TestCorpus(dir.resolve("train"));
    TestCorpus all = new TestCorpus(dir.resolve("all"));
    for (String id : realIds(16)) {
      train.copyReal(id);
      all.copyReal(id);
    }
    train.writeSpeakers();
    all.copyReal("19-198-0000");
    all.copyReal("1034-121119-0000");
    all.writeSpeakers();
    assertThat(run("train", "--data", train.root().toString(), "--out", model.toString(),
        "--epochs", "2", "--cache", cache.toString())).as(err.toString()).isZero();
    assertThat(model).exists();
    assertThat(dir.resolve("model-training/accuracy.png")).exists();
    assertThat(dir.resolve("model-training/history.csv")).exists();
    assertThat(out.toString()).contains("11,770 parameters").contains("11,834");

    Path eval = dir.resolve("eval");
    assertThat(run("evaluate", model.toString(), "--data", all.root().toString(), "--out", eval.toString(),
        "--cache", cache.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("left out 16 utterances of readers the model trained on");
    JsonNode metrics = new ObjectMapper().readTree(eval.resolve("metrics.json").toFile());
    assertThat(metrics.get("window_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.get("utterance_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.get("utterances").asInt()).isEqualTo(2);
    assertThat(eval.resolve("per_reader.csv")).exists();
    assertThat(eval.resolve("confusion_utterances.csv")).exists();

    Path voices = dir.resolve("voices");
    assertThat(run("voices", model.toString(), "--data", all.root().toString(), "--out", voices.toString(),
        "--cache", cache.toString())).as(err.toString()).isZero();
    assertThat(voices.resolve("f0.png")).exists();
    assertThat(Files.readString(voices.resolve("voices.md"))).contains("| 19 |").contains("| 1034 |");
    JsonNode vm = new ObjectMapper().readTree(voices.resolve("metrics.json").toFile());
    assertThat(vm.get("voices")).hasSize(2);
    assertThat(vm.get("voices").get(0).get("confidence").asDouble())
        .isLessThanOrEqualTo(vm.get("voices").get(1).get("confidence").asDouble());
    for (JsonNode v : vm.get("voices")) {
      assertThat(v.get("medianF0").asDouble()).isBetween(60.0, 400.0);
    }

    Path robust = dir.resolve("robust");
    assertThat(run("robustness", model.toString(), "--data", all.root().toString(), "--out", robust.toString(),
        "--snr", "10", "--rt60", "0.3", "--gain", "6", "--speed", "1.05", "--noise-recordings", "2",
        "--cache", cache.toString())).as(err.toString()).isZero();
    assertThat(robust.resolve("robustness.png")).exists();
    JsonNode rm = new ObjectMapper().readTree(robust.resolve("metrics.json").toFile());
    assertThat(rm.get("conditions").fieldNames()).toIterable().containsExactly("clean", "white noise 10 dB",
        "pink noise 10 dB", "recorded noise 10 dB", "reverberation RT60 0.3 s",
        "telephone band (8 kHz, 300-3400 Hz, mu-law)", "gain +6 dB", "speed x1.05");
    assertThat(rm.get("conditions").get("clean").get("utterance_accuracy").asDouble())
        .isEqualTo(metrics.get("utterance_accuracy").asDouble());
    assertThat(rm.get("noise_recordings")).hasSize(2);
    assertThat(run("evaluate", model.toString(), "--data", train.root().toString(), "--out", eval.toString(),
        "--cache", cache.toString())).isNotZero();
    assertThat(err.toString()).contains("every reader of this corpus trained or validated the model");

    Path q = dir.resolve("quantized");
    assertThat(run("quantize", model.toString(), "--data", all.root().toString(), "--weight-bits", "6",
        "--activation-bits", "8", "--out", q.toString(), "--cache", cache.toString())).as(err.toString()).isZero();
    JsonNode qm = new ObjectMapper().readTree(q.resolve("metrics.json").toFile());
    assertThat(qm.get("engine").asText()).contains("golden model");
    assertThat(qm.get("utterances").asInt()).isEqualTo(2);
    assertThat(qm.get("weight_formats").get("lstm.rw").asText()).startsWith("s6 ");
    assertThat(qm.get("activation_formats").get("lstm.gate").asText()).startsWith("s8 Q0.7");
    assertThat(qm.get("calibration").asText()).contains("readers the model trained on");
    assertThat(run("quantize", model.toString(), "--data", all.root().toString(), "--scheme", "original",
        "--out", q.toString(), "--cache", cache.toString())).as(err.toString()).isZero();
    qm = new ObjectMapper().readTree(q.resolve("metrics.json").toFile());
    assertThat(qm.get("weight_formats").get("fc_1.w").asText()).isEqualTo("sm8 Q0.7 toward_zero saturate");
    Path export = dir.resolve("export");
    assertThat(run("export", model.toString(), "--data", all.root().toString(), "--clips", "2",
        "--out", export.toString(), "--cache", cache.toString())).as(err.toString()).isZero();
    assertThat(export.resolve("manifest.json")).exists();
    assertThat(export.resolve("weights/golden_weights.h")).exists();
    assertThat(Files.readAllLines(export.resolve("vectors/index.csv"))).hasSize(3);

    Path approx = dir.resolve("approx");
    assertThat(run("approx", model.toString(), "--data", all.root().toString(), "--activation", "pwl-4-pow2",
        "--fine-tune", "--fine-tune-epochs", "1", "--out", approx.toString(), "--cache", cache.toString()))
        .as(err.toString()).isZero();
    JsonNode am = new ObjectMapper().readTree(approx.resolve("metrics.json").toFile());
    assertThat(am.get("activation").asText()).isEqualTo("pwl-4-pow2");
    assertThat(am.get("errors").get("h_step4").get("max_abs").asDouble()).isGreaterThan(0);
    assertThat(am.get("golden_window_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(am.has("before_fine_tuning_window_accuracy")).isTrue();
    var tuned = org.voicegender.model.TrainedModel.load(approx.resolve("model-finetuned.zip"));
    assertThat(org.voicegender.model.GenderNetwork.lstmFunctions(tuned.graph()).name()).isEqualTo("pwl-4-pow2");

    short[] tone = new short[3 * 44_100];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (short) (3000 * Math.sin(2 * Math.PI * 150 * i / 44_100.0));
    }
    Path stereo = dir.resolve("tone.flac");
    FlacWriter.write(stereo, 44_100, tone, tone);
    Path junk = Files.writeString(dir.resolve("junk.wav"), "nothing here");
    out.getBuffer().setLength(0);
    int code = run("predict", model.toString(), SharedData.recording("7067-76047-0000").toString(),
        junk.toString(), stereo.toString(), "--windows");
    assertThat(code).isZero();
    assertThat(out.toString())
        .containsPattern("7067-76047-0000.flac\t(male|female)\t0\\.\\d{3}\t\\d+ windows")
        .containsPattern("tone.flac\t(male|female)\t0\\.\\d{3}\t2 windows")
        .contains("window 1 (1.0-3.0 s)"); // the default recipe's windows: 2 s every 1 s
    assertThat(err.toString()).contains("skipped " + junk + ": not a FLAC or WAV file");
  }

  @Test
  void trainsOnOneCorpusAndTestsOnAnotherWithDisjointReaders() throws Exception {
    TestCorpus train = new TestCorpus(dir.resolve("a"));
    for (String id : new String[] {"19-198-0000", "1034-121119-0000", "7067-76047-0000", "1447-130550-0000"}) {
      train.copyReal(id);
    }
    train.writeSpeakers();
    TestCorpus test = new TestCorpus(dir.resolve("b"));
    test.copyReal("7067-76047-0000");
    test.writeSpeakers();
    String cache = dir.resolve("cache").toString();
    assertThat(run("cv", "--train", train.root().toString(), "--test", test.root().toString(),
        "--recipe", "default", "--epochs", "1", "--out", dir.resolve("tt").toString(), "--cache", cache))
        .isEqualTo(1);
    assertThat(err.toString()).contains("readers [7067] are in both the training and the test corpus");

    TestCorpus other = new TestCorpus(dir.resolve("c"));
    other.copyReal(firstOtherThan(train));
    other.writeSpeakers();
    assertThat(run("cv", "--train", train.root().toString(), "--test", other.root().toString(),
        "--recipe", "default", "--epochs", "1", "--out", dir.resolve("tt").toString(), "--cache", cache))
        .as(err.toString()).isZero();
    JsonNode m = new ObjectMapper().readTree(dir.resolve("tt/default/metrics.json").toFile());
    assertThat(m.get("utterances").asInt()).isEqualTo(1);
    assertThat(out.toString()).contains("| default |");
  }

  @Test
  void mainJobRunsEndToEndOnTheSyntheticDemoCorpus() throws Exception {
    Path root = org.voicegender.corpus.SyntheticCorpus.generate(dir.resolve("demo"), 6, 2, 1);
    Path log = dir.resolve("PROJECT_LOG.md");
    int code = run("run", "--data", root.toString(), "--epochs", "2", "--out", dir.resolve("run").toString(),
        "--cache", dir.resolve("cache").toString(), "--log", log.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(dir.resolve("run/model.zip")).exists();
    assertThat(dir.resolve("run/accuracy.png")).exists();
    JsonNode m = new ObjectMapper().readTree(dir.resolve("run/metrics.json").toFile());
    assertThat(m.get("readers").asInt()).isEqualTo(2); // round(20 % of 6) readers of each gender
    assertThat(Files.readString(log)).contains("main job (recipe default)").contains("(synthetic)")
        .contains("accuracy per reader").contains("accuracy per utterance, each reader once");
    assertThat(m.get("reader_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.get("reader_accuracy_95ci")).hasSize(2);
    assertThat(m.get("reader_weighted_utterance_accuracy").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void crossValidationReportsReadersBesideWindowsAndUtterances() throws Exception {
    Path root = org.voicegender.corpus.SyntheticCorpus.generate(dir.resolve("demo"), 4, 2, 1);
    Path cv = dir.resolve("cv");
    int code = run("cv", "--data", root.toString(), "--folds", "2", "--recipe", "default,robust", "--epochs", "1",
        "--robustness", "--out", cv.toString(), "--cache", dir.resolve("cache").toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(cv.resolve("cv.md"))).contains("per reader").contains("each reader once")
        .contains("| robust |");
    assertThat(out.toString()).contains("robust: 2 degraded copies of each of 16 recordings");
    assertThat(Files.readString(cv.resolve("robustness.md"))).contains("| white noise 10 dB |")
        .contains("robust utterance vs clean");
    JsonNode robust = new ObjectMapper().readTree(cv.resolve("robust/robustness/metrics.json").toFile());
    assertThat(robust.get("conditions").get("clean").get("readers").asInt()).isEqualTo(8);
    assertThat(robust.get("conditions").get("clean").get("utterances").asInt()).isEqualTo(16);
    assertThat(Files.readString(cv.resolve("robust/voices/voices.md"))).contains("| 9000 |").contains("| 9007 |");
    JsonNode robustCv = new ObjectMapper().readTree(cv.resolve("robust/metrics.json").toFile());
    assertThat(robustCv.get("training").get("channels").get("copies").asInt()).isEqualTo(2);
    // the clean rows of the robustness pool are the folds' own evaluations, pooled
    JsonNode defaultCv = new ObjectMapper().readTree(cv.resolve("default/metrics.json").toFile());
    JsonNode defaultRobust = new ObjectMapper().readTree(cv.resolve("default/robustness/metrics.json").toFile());
    assertThat(defaultRobust.get("conditions").get("clean").get("reader_accuracy").asDouble())
        .isEqualTo(defaultCv.get("pooled_reader_accuracy").asDouble());
    JsonNode m = new ObjectMapper().readTree(cv.resolve("default/metrics.json").toFile());
    assertThat(m.get("readers").asInt()).isEqualTo(8); // every reader tested once
    assertThat(m.get("reader_accuracy_per_fold")).hasSize(2);
    assertThat(m.get("pooled_reader_accuracy").asDouble() * 8).isEqualTo(Math.rint(m.get("pooled_reader_accuracy").asDouble() * 8));
    JsonNode fold = new ObjectMapper().readTree(cv.resolve("default/fold-0/metrics.json").toFile());
    assertThat(fold.get("utterances").asInt()).isEqualTo(2 * fold.get("readers").asInt());
    assertThat(fold.has("reader_weighted_utterance_accuracy_95ci")).isTrue();
  }

  /** The first {@code n} utterances of the mini corpus, by id, apart from the readers other tests use. */
  private static java.util.List<String> realIds(int n) throws Exception {
    try (var files = Files.walk(SharedData.miniCorpus())) {
      return files.map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".flac"))
          .map(name -> name.substring(0, name.length() - 5))
          .filter(id -> !id.startsWith("7067-") && !id.startsWith("19-") && !id.startsWith("1034-")
              && !id.startsWith("1447-"))
          .sorted().limit(n).toList();
    }
  }

  private static String firstOtherThan(TestCorpus c) throws Exception {
    try (var files = Files.walk(SharedData.miniCorpus())) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".flac"))
          .map(n -> n.substring(0, n.length() - 5))
          .filter(id -> !Files.exists(c.file(id)) && !id.startsWith("7067-") && !id.startsWith("19-")
              && !id.startsWith("1034-") && !id.startsWith("1447-"))
          .sorted().findFirst().orElseThrow();
    }
  }
}
