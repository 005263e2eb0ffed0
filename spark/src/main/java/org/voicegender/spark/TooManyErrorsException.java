package org.voicegender.spark;

import java.io.IOException;

/** The feature job met more unusable files than its error-rate limit allows. */
public final class TooManyErrorsException extends IOException {
  public TooManyErrorsException(String message) {
    super(message);
  }
}
