package org.voicegender.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The data a command uses when none is given. */
final class DefaultCorpus {
  /** Where {@code voicegender download} unpacks. */
  static final Path DOWNLOADED = Path.of("data", "LibriSpeech");

  private DefaultCorpus() {}

  /**
   * The shared folder of real data: {@code $VOICEGENDER_SHARED}, else {@code ../shared}, else
   * {@code /work/shared} (for clones made outside the workplace's checkout).
   */
  static Path shared() {
    return Stream.of(System.getenv("VOICEGENDER_SHARED"), "../shared", "/work/shared")
        .filter(s -> s != null && Files.isDirectory(Path.of(s)))
        .map(Path::of)
        .findFirst()
        .orElse(Path.of("../shared"));
  }

  /** data/LibriSpeech when downloaded, else the shared 200-reader mini corpus. */
  static Path path() {
    return Files.isDirectory(DOWNLOADED)
        ? DOWNLOADED
        : shared().resolve("data/librispeech-mini/LibriSpeech");
  }
}
