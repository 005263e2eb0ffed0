package org.voicegender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;
import org.voicegender.TestCorpus;
import org.voicegender.features.NpyFile;

class CommandLineTest {
  @TempDir Path dir;
  final CommandRunner cli = new CommandRunner();
  final java.io.StringWriter out = cli.out;
  final java.io.StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void mfccWritesTheGoldenFeaturesEndToEndFromFlac() throws Exception {
    for (String id : new String[] {"1447-130550-0000", "19-198-0000", "1034-121119-0000", "7067-76047-0000"}) {
      Path npy = dir.resolve(id + ".npy");
      assertThat(run("mfcc", SharedData.recording(id).toString(), "--out", npy.toString())).isZero();
      NpyFile.Array ours = NpyFile.read(npy);
      NpyFile.Array golden = NpyFile.read(SharedData.goldenMfcc().resolve(id + ".mfcc.npy"));
      assertThat(ours.shape()).containsExactly(40, 87);
      for (int i = 0; i < golden.size(); i++) {
        assertThat(Math.abs(ours.data()[i] - golden.data()[i])).as("%s[%d]", id, i).isLessThan(0.01);
      }
    }
  }

  @Test
  void featuresPrintsSummaryWindowsAndSkippedFilesWithReasons() throws Exception {
    TestCorpus c = new TestCorpus(dir.resolve("corpus"));
    c.copyReal("19-198-0000");
    c.copyReal("1034-121119-0000");
    c.write("1034-121119-0001", new byte[0]);
    c.writeSpeakers();
    int code = run("features", "--data", c.root().toString(), "--windows", "every",
        "--cache", dir.resolve("cache").toString());
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("train-clean-100")
        .containsPattern("Windows: \\d+ from 2 recordings \\(2 extracted, 0 from the cache")
        .contains("Skipped: 1")
        .contains("1034-121119-0001.flac: empty file");
  }

  @Test
  void aMissingCorpusIsOneClearLineNotAStackTrace() {
    int code = run("features", "--data", dir.resolve("nowhere").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("voicegender features: corpus directory " + dir.resolve("nowhere") + " does not exist");
  }

  @Test
  void mfccOfATextFileSaysWhatIsWrongWithIt() throws Exception {
    Path text = Files.writeString(dir.resolve("a.flac"), "text");
    assertThat(run("mfcc", text.toString(), "--out", dir.resolve("x.npy").toString())).isEqualTo(1);
    assertThat(err.toString()).contains(text + ": not a FLAC or WAV file");
    assertThat(dir.resolve("x.npy")).doesNotExist();
  }

  @Test
  void aFolderNamedLikeARecordingIsReportedAsAFolder() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("x.flac"));
    assertThat(run("mfcc", folder.toString(), "--out", dir.resolve("x.npy").toString())).isEqualTo(1);
    assertThat(err.toString()).contains(folder + ": a folder, not an audio file");
  }

  @Test
  void everyOptionOfEveryCommandSaysWhatItDoes() {
    var missing = new java.util.ArrayList<String>();
    var top = VoiceGender.commandLine();
    for (var sub : top.getSubcommands().values()) {
      for (var option : sub.getCommandSpec().options()) {
        if (option.description().length == 0 || option.description()[0].isBlank()) {
          missing.add(sub.getCommandName() + " " + option.longestName());
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void ndfourjStartUpMessagesAreKeptOutUnlessVerbose() {
    // simplelogger.properties: ND4J's and DL4J's INFO banner is off by default.
    assertThat(org.slf4j.LoggerFactory.getLogger("org.nd4j.linalg.factory.Nd4jBackend").isInfoEnabled()).isFalse();
    assertThat(org.slf4j.LoggerFactory.getLogger("org.deeplearning4j.nn.graph.ComputationGraph").isInfoEnabled()).isFalse();
    assertThat(org.slf4j.LoggerFactory.getLogger("org.nd4j.linalg.factory.Nd4jBackend").isWarnEnabled()).isTrue();
  }
}
