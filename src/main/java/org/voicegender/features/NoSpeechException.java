package org.voicegender.features;

import java.io.IOException;
import java.nio.file.Path;

/** A recording none of whose windows holds speech by the model's {@link SpeechGate}. */
public final class NoSpeechException extends IOException {
  private final Path file;
  private final int windows;

  public NoSpeechException(Path file, int windows, SpeechGate gate) {
    super(file + ": no speech (none of its " + windows + " windows passes the " + gate.describe() + ")");
    this.file = file;
    this.windows = windows;
  }

  public Path file() {
    return file;
  }

  /** Windows the recording has, none with speech. */
  public int windows() {
    return windows;
  }
}
