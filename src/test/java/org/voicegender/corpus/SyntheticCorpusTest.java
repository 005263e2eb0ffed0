package org.voicegender.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.PcmAudio;

class SyntheticCorpusTest {
  @TempDir Path dir;

  @Test
  void writesAReadableLabelledCorpusOfRealFlacFiles() throws IOException {
    Path root = SyntheticCorpus.generate(dir, 3, 2, 7);
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(root);
    assertThat(corpus.utterances()).hasSize(12);
    assertThat(corpus.skipped()).isEmpty();
    assertThat(corpus.summary().rows()).extracting(CorpusSummary.Row::readers).containsExactly(3, 3);
    Utterance u = corpus.utterances().get(0);
    PcmAudio pcm = AudioDecoder.decode(u.path());
    assertThat(pcm.sampleRate()).isEqualTo(16_000);
    assertThat(u.durationSeconds()).isBetween(2.5, 6.0);
    double energy = 0;
    for (float s : pcm.samples()) {
      energy += s * s;
    }
    assertThat(energy / pcm.samples().length).isGreaterThan(1e-4);
  }

  @Test
  void sameSeedSameFiles() throws IOException {
    Path a = SyntheticCorpus.generate(dir.resolve("a"), 1, 1, 3);
    Path b = SyntheticCorpus.generate(dir.resolve("b"), 1, 1, 3);
    Path f = Path.of(SyntheticCorpus.SUBSET, "9000", "1", "9000-1-0000.flac");
    assertThat(Files.readAllBytes(a.resolve(f))).isEqualTo(Files.readAllBytes(b.resolve(f)));
  }
}
