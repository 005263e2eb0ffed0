package org.voicegender.audio;

import java.io.PrintStream;

/**
 * Keeps a decoder library's debugging prints off the console. jflac 1.5.2 prints {@code
 * "readResidual elsecase, pEsc = ..."} to {@code System.out} for every escaped residual partition
 * (valid FLAC, and common in corrupt files); this filter drops lines with that prefix and passes
 * everything else through unchanged.
 */
public final class LibraryChatter extends PrintStream {
  /** jflac's debug line (EntropyPartitionedRice.readResidual, jflac-codec 1.5.2). */
  static final String JFLAC_PREFIX = "readResidual elsecase";

  private LibraryChatter(PrintStream out) {
    super(out, true);
  }

  /** Installs the filter on {@code System.out} once; later calls do nothing. */
  public static synchronized void silence() {
    System.setOut(filter(System.out));
  }

  /** {@code out} with jflac's debugging lines dropped (itself if already filtered). */
  public static PrintStream filter(PrintStream out) {
    return out instanceof LibraryChatter ? out : new LibraryChatter(out);
  }

  @Override
  public void println(String line) {
    if (line == null || !line.startsWith(JFLAC_PREFIX)) {
      super.println(line);
    }
  }
}
