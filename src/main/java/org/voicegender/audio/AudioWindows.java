package org.voicegender.audio;

import java.util.ArrayList;
import java.util.List;

/** Cuts a recording, at its own sample rate, into the windows a {@link WindowPolicy} selects. */
public final class AudioWindows {
  private AudioWindows() {}

  /** A window: {@code length} samples from {@code start}; shorter than full when padded later. */
  public record Segment(int index, int start, int length) {}

  /**
   * The windows of a recording of {@code totalSamples} samples at {@code sampleRate}.
   *
   * @param windowSeconds length of one window (2 s in the original)
   * @param hopSeconds start-to-start distance of windows under EVERY (= windowSeconds: none
   *     overlap)
   * @param minLastSeconds a last partial window shorter than this is dropped ({@link
   *     WindowPolicy#EVERY} only); a recording shorter than this has no windows under EVERY
   */
  public static List<Segment> segments(
      long totalSamples,
      int sampleRate,
      WindowPolicy policy,
      double windowSeconds,
      double hopSeconds,
      double minLastSeconds) {
    int window = (int) Math.round(windowSeconds * sampleRate);
    if (window <= 0) {
      throw new IllegalArgumentException("window of " + windowSeconds + " s has no samples");
    }
    List<Segment> out = new ArrayList<>();
    if (policy == WindowPolicy.FIRST) {
      if (totalSamples > 0) {
        out.add(new Segment(0, 0, (int) Math.min(totalSamples, window)));
      }
      return out;
    }
    long minLast = (long) Math.ceil(minLastSeconds * sampleRate);
    int hop = (int) Math.round(hopSeconds * sampleRate);
    for (long start = 0, i = 0; start < totalSamples; start += hop, i++) {
      int length = (int) Math.min(window, totalSamples - start);
      if (length < window && (length < minLast || !out.isEmpty() && start - hop + window >= totalSamples)) {
        break; // too short, or only a shorter copy of the end the previous window already holds
      }
      out.add(new Segment((int) i, (int) start, length));
    }
    return out;
  }
}
