package org.voicegender.audio;

import java.io.IOException;
import java.nio.file.Path;

/** A recording that cannot be decoded: names the file and says what is wrong with it. */
public final class AudioFormatException extends IOException {
  private final Path file;

  public AudioFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public AudioFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that could not be decoded. */
  public Path file() {
    return file;
  }
}
