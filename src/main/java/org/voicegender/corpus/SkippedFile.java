package org.voicegender.corpus;

import java.nio.file.Path;

/** A file (or a line of one) left out of a run, and why. */
public record SkippedFile(Path path, String reason) {
  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
