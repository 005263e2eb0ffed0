package org.voicegender.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;

class SpeakersFileTest {
  @TempDir Path dir;

  @Test
  void readsTheRealSpeakersFile() throws IOException {
    SpeakersFile f = SpeakersFile.read(SharedData.miniCorpus().resolve("SPEAKERS.TXT"));
    assertThat(f.speakers()).hasSize(2484);
    assertThat(f.problems()).isEmpty();
    assertThat(f.speaker(19)).contains(
        new Speaker(19, Gender.FEMALE, "train-clean-100", 25.19,
            "Kara Shallenberg"));
  }

  @Test
  void keepsPipesInsideTheName() throws IOException {
    Path file = write("60   | M | train-clean-100  | 20.18 | |CBW|Simon");
    assertThat(SpeakersFile.read(file).speaker(60).orElseThrow().name()).isEqualTo("|CBW|Simon");
  }

  @Test
  void reportsALineWithASexOtherThanMOrFByFileAndLine() throws IOException {
    Path file =
        write("19   | F | train-clean-100  | 25.19 | Kara", "27   | X | train-clean-100  | 20.00 | Y");
    SpeakersFile f = SpeakersFile.read(file);
    assertThat(f.speaker(19)).isPresent();
    assertThat(f.speaker(27)).isEmpty();
    assertThat(f.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo(file);
      assertThat(p.reason()).contains("line 3").contains("sex 'X' is not M or F");
    });
  }

  @Test
  void rejectsAMissingSpeakersFileNamingIt() {
    Path missing = dir.resolve("SPEAKERS.TXT");
    assertThatThrownBy(() -> SpeakersFile.read(missing))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void rejectsLinesWithoutAllFields() throws IOException {
    SpeakersFile f = SpeakersFile.read(write("19 | F | train-clean-100 | 25.19 | Kara", "20 | F"));
    assertThat(f.problems()).singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("line 3").contains("5 |-separated fields"));
  }

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("SPEAKERS.TXT");
    Files.write(file, List.of(new String[] {";ID  |SEX| SUBSET |MINUTES| NAME"}));
    Files.write(file, List.of(lines), java.nio.file.StandardOpenOption.APPEND);
    return file;
  }
}
