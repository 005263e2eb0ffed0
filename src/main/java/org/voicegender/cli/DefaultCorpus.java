package org.voicegender.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The corpus a command uses when none is given. */
final class DefaultCorpus {
  /** Where {@code voicegender download} unpacks. */
  static final Path DOWNLOADED = Path.of("data", "LibriSpeech");
  /** The shared 200-reader sample of real recordings next to the repository. */
  static final Path SHARED_MINI = Path.of("..", "shared", "data", "librispeech-mini", "LibriSpeech");

  private DefaultCorpus() {}

  /** data/LibriSpeech when downloaded, else the shared mini corpus (errors name both). */
  static Path path() {
    return Files.isDirectory(DOWNLOADED) ? DOWNLOADED : SHARED_MINI;
  }
}
