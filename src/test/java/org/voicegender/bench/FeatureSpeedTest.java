package org.voicegender.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SyntheticCorpus;

/** The feature side by side on a small generated corpus, with a stand-in peer of known speed. */
class FeatureSpeedTest {
  @TempDir Path dir;

  @Test
  void passesTheCorpusAndProcessCountToThePeerAndDividesItsTimeByOurs() throws IOException {
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(SyntheticCorpus.generate(dir.resolve("c"), 1, 2, 5));
    // The stand-in "numpy" takes 100 ms per file per process it was given, and checks its root.
    Files.writeString(dir.resolve(FeatureSpeed.SCRIPT), "[ -d \"$1\" ] || exit 9\n"
        + "[ \"$2\" = --procs ] || exit 8\n"
        + "echo \"{\\\"ms_per_file\\\": $((100 * $3)), \\\"files\\\": 4}\"\n");
    PythonPeer peer = new PythonPeer(PythonPeerTest.fakePython(dir, true), dir);
    FeatureSpeed.Result r = FeatureSpeed.run(new FeatureSpeed.Options(corpus.root(),
        corpus.utterances(), 2, new int[] {1, 2}, peer));
    assertThat(r.files()).isEqualTo(4);
    assertThat(r.readers()).isEqualTo(2);
    assertThat(r.peerFiles()).contains(4);
    assertThat(r.rows()).extracting(FeatureSpeed.Row::threads).containsExactly(1, 2);
    for (FeatureSpeed.Row row : r.rows()) {
      double peerMs = 100.0 * row.threads();
      assertThat(row.peerMs().orElseThrow().values()).containsExactly(peerMs, peerMs);
      double[] ours = row.oursMs().values();
      assertThat(java.util.Arrays.stream(ours).min().orElseThrow()).isPositive();
      assertThat(row.speedUp().orElseThrow().values())
          .containsExactly(peerMs / ours[0], peerMs / ours[1]);
    }
    assertThat(r.stages().totalMs()).isPositive();
    assertThat(FeatureSpeed.table(r, corpus.root().toString()).toMarkdown())
        .contains("| MFCC of the first 2 s, cold cache | 2 |").contains("Machine: ")
        .contains("numpy 0").contains("decode ")
        .contains("each pass makes 2 reader folders and writes 4 files");
  }
}
