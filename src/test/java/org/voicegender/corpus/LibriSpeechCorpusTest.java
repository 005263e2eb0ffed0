package org.voicegender.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;
import org.voicegender.TestCorpus;

class LibriSpeechCorpusTest {
  @TempDir Path dir;

  @Test
  void readsTheMiniCorpus() throws IOException {
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(SharedData.miniCorpus());
    assertThat(corpus.utterances()).hasSize(200);
    assertThat(corpus.skipped()).isEmpty();
    Utterance u =
        corpus.utterances().stream().filter(x -> x.id().equals("1034-121119-0000")).findFirst().orElseThrow();
    assertThat(u.speaker()).isEqualTo(1034);
    assertThat(u.chapter()).isEqualTo(121119);
    assertThat(u.subset()).isEqualTo("train-clean-100");
    assertThat(u.gender()).isEqualTo(Gender.MALE);
    assertThat(u.durationSeconds()).isBetween(1.0, 40.0);

    CorpusSummary summary = corpus.summary();
    assertThat(summary.readers()).isEqualTo(200);
    assertThat(summary.rows()).extracting(CorpusSummary.Row::readers).containsExactly(100, 100);
    assertThat(summary.minutes()).isBetween(40.0, 44.0);
    assertThat(summary.toString()).contains("train-clean-100").contains("total");
  }

  @Test
  void findsTheRootFromItsParentFolder() throws IOException {
    Path parent = SharedData.miniCorpus().getParent();
    assertThat(LibriSpeechCorpus.open(parent).utterances()).hasSize(200);
  }

  @Test
  void skipsAReaderMissingFromSpeakersFileAndSaysSo() throws IOException {
    TestCorpus c = new TestCorpus(dir);
    c.copyReal("1034-121119-0000");
    Path orphan = c.write("9999-1-0000", Files.readAllBytes(SharedData.recording("19-198-0000")));
    c.writeSpeakers();

    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(c.root());
    assertThat(corpus.utterances()).extracting(Utterance::id).containsExactly("1034-121119-0000");
    assertThat(corpus.skipped()).singleElement().satisfies(s -> {
      assertThat(s.path()).isEqualTo(orphan);
      assertThat(s.reason()).contains("reader 9999 is not listed in").contains("SPEAKERS.TXT");
    });
  }

  @Test
  void skipsTheReaderOfAMalformedSpeakersLineAndReportsTheLine() throws IOException {
    TestCorpus c = new TestCorpus(dir);
    c.copyReal("1034-121119-0000");
    c.write("27-1-0000", Files.readAllBytes(SharedData.recording("19-198-0000")));
    c.speakerLine("27   | X | train-clean-100  | 20.00 | Someone").writeSpeakers();

    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(c.root());
    assertThat(corpus.utterances()).hasSize(1);
    assertThat(corpus.skipped()).extracting(SkippedFile::reason)
        .anySatisfy(r -> assertThat(r).contains("sex 'X' is not M or F"))
        .anySatisfy(r -> assertThat(r).contains("reader 27 is not listed"));
  }

  @Test
  void rejectsACorpusWithoutSpeakersFile() throws IOException {
    Files.createDirectories(dir.resolve("dev-clean"));
    assertThatThrownBy(() -> LibriSpeechCorpus.open(dir))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining(dir.resolve("SPEAKERS.TXT").toString())
        .hasMessageContaining("download");
  }

  @Test
  void rejectsACorpusWithNoAudio() throws IOException {
    TestCorpus c = new TestCorpus(dir);
    c.speakerLine("19   | F | train-clean-100  | 25.19 | Kara").writeSpeakers();
    assertThatThrownBy(() -> LibriSpeechCorpus.open(c.root()))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining("no .flac files under " + c.root());
  }

  @Test
  void readsOnlyTheAskedSubsets() throws IOException {
    assertThatThrownBy(() -> LibriSpeechCorpus.open(SharedData.miniCorpus(), java.util.List.of("dev-clean")))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining("subset dev-clean not found");
    assertThat(LibriSpeechCorpus.open(SharedData.miniCorpus(), java.util.List.of("train-clean-100"))
        .utterances()).hasSize(200);
  }

  @Test
  void followsSymbolicLinksToReadersAndReportsALinkLoop() throws IOException {
    TestCorpus c = new TestCorpus(dir.resolve("assembled"));
    c.copyReal("19-198-0000");
    c.writeSpeakers();
    // A reader's folder linked in from elsewhere, as `ln -s` assembles a corpus.
    TestCorpus elsewhere = new TestCorpus(dir.resolve("elsewhere"));
    Path real = elsewhere.copyReal("1034-121119-0000");
    Path reader = c.root().resolve("train-clean-100/1034");
    Files.createSymbolicLink(reader, real.getParent().getParent());
    Files.writeString(c.root().resolve("SPEAKERS.TXT"), Files.readString(c.root().resolve("SPEAKERS.TXT"))
        + Files.readAllLines(SharedData.miniCorpus().resolve("SPEAKERS.TXT")).stream()
            .filter(l -> l.startsWith("1034 ")).findFirst().orElseThrow() + "\n");
    // A link back up the tree must not walk forever.
    Path loop = c.root().resolve("train-clean-100/19/198/up");
    Files.createSymbolicLink(loop, c.root().resolve("train-clean-100"));

    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(c.root());
    assertThat(corpus.utterances()).extracting(Utterance::id).containsExactly("1034-121119-0000", "19-198-0000");
    assertThat(corpus.skipped()).anySatisfy(s -> {
      assertThat(s.path()).isEqualTo(loop);
      assertThat(s.reason()).contains("symbolic link loop");
    });
  }
}
