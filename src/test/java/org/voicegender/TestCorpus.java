package org.voicegender;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small LibriSpeech tree in a temporary folder, made of copies of real recordings from the
 * shared mini corpus, so tests can add broken files and metadata next to good ones.
 */
public final class TestCorpus {
  private final Path root;
  private final List<String> speakerLines = new ArrayList<>();

  public TestCorpus(Path dir) throws IOException {
    this.root = dir.resolve("LibriSpeech");
    Files.createDirectories(root.resolve("train-clean-100"));
    speakerLines.add("; test SPEAKERS.TXT");
    speakerLines.add(";ID  |SEX| SUBSET           |MINUTES| NAME");
  }

  public Path root() {
    return root;
  }

  /** Copies a real recording of the mini corpus (and its reader's real SPEAKERS.TXT line). */
  public Path copyReal(String utteranceId) throws IOException {
    Path source = SharedData.recording(utteranceId);
    int speaker = Integer.parseInt(utteranceId.split("-")[0]);
    String line =
        Files.readAllLines(SharedData.miniCorpus().resolve("SPEAKERS.TXT")).stream()
            .filter(l -> l.matches("^" + speaker + "\\s*\\|.*"))
            .findFirst()
            .orElseThrow();
    if (!speakerLines.contains(line)) {
      speakerLines.add(line);
    }
    Path target = file(utteranceId);
    Files.createDirectories(target.getParent());
    Files.copy(source, target);
    return target;
  }

  /** Where an utterance's file goes in this tree. */
  public Path file(String utteranceId) {
    String[] p = utteranceId.split("-");
    return root.resolve("train-clean-100").resolve(p[0]).resolve(p[1]).resolve(utteranceId + ".flac");
  }

  /** Writes arbitrary bytes as an utterance's file. */
  public Path write(String utteranceId, byte[] bytes) throws IOException {
    Path target = file(utteranceId);
    Files.createDirectories(target.getParent());
    Files.write(target, bytes);
    return target;
  }

  public TestCorpus speakerLine(String line) {
    speakerLines.add(line);
    return this;
  }

  /** Writes SPEAKERS.TXT from the lines gathered so far. */
  public TestCorpus writeSpeakers() throws IOException {
    Files.write(root.resolve("SPEAKERS.TXT"), speakerLines);
    return this;
  }
}
