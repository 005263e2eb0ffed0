package org.voicegender.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.voicegender.corpus.CorpusLocation;

/** The data a command uses when none is given. */
final class DefaultCorpus {
  private DefaultCorpus() {}

  static Path shared() {
    return CorpusLocation.shared();
  }

  /** data/LibriSpeech when downloaded, else the shared 200-reader mini corpus. */
  static Path path() {
    return Files.isDirectory(CorpusLocation.DOWNLOADED)
        ? CorpusLocation.DOWNLOADED
        : CorpusLocation.sharedMini();
  }
}
