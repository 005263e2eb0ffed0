package org.voicegender.corpus;

import java.io.IOException;

/** A corpus that cannot be used at all: the message names the file and what is wrong. */
public final class CorpusException extends IOException {
  public CorpusException(String message) {
    super(message);
  }

  public CorpusException(String message, Throwable cause) {
    super(message, cause);
  }
}
