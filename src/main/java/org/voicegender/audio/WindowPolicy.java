package org.voicegender.audio;

/** Which 2 s windows of a recording become examples. */
public enum WindowPolicy {
  /** The original project's policy: the first window only, zero-padded if the file is shorter. */
  FIRST,
  /**
   * Every non-overlapping window; a last partial window is kept only if it is long enough (see
   * {@link AudioWindows}), and is zero-padded.
   */
  EVERY;

  /** Parses {@code first} or {@code every} (any case). */
  public static WindowPolicy parse(String text) {
    for (WindowPolicy p : values()) {
      if (p.name().equalsIgnoreCase(text.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown window policy '" + text + "': use first or every");
  }
}
