package org.voicegender.cli;

import java.io.PrintWriter;

/**
 * The exit status of a command over many recordings: a corpus run goes on past bad files and
 * succeeds, unless nothing could be read or the user asked {@code --fail-on-skip}.
 */
final class SkipPolicy {
  /** The status when recordings were skipped and the run was asked to fail for it, or read none. */
  static final int SKIPPED = 3;

  private SkipPolicy() {}

  static int exitCode(int used, int skipped, boolean failOnSkip, PrintWriter err) {
    if (used == 0) {
      err.println("error: no recording could be read (" + skipped + " skipped)");
      return SKIPPED;
    }
    if (failOnSkip && skipped > 0) {
      err.println("error: " + skipped + " recording(s) skipped and --fail-on-skip was given");
      return SKIPPED;
    }
    return 0;
  }
}
