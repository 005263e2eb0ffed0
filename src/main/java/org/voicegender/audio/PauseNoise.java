package org.voicegender.audio;

import java.util.Arrays;

/**
 * The background noise of a recording: its quietest 25 ms frames (those at or below a
 * percentile of frame energy, where the reader pauses), joined end to end.
 */
public final class PauseNoise {
  private PauseNoise() {}

  /** Frame length, seconds. */
  public static final double FRAME_SECONDS = 0.025;

  /** The frames of {@code audio} whose energy is at or below its {@code percentile}-th percentile. */
  public static PcmAudio extract(PcmAudio audio, double percentile) {
    if (!(percentile > 0 && percentile < 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100), got " + percentile);
    }
    float[] x = audio.samples();
    int frame = Math.max(1, (int) Math.round(FRAME_SECONDS * audio.sampleRate()));
    int frames = x.length / frame;
    double[] energy = new double[frames];
    for (int f = 0; f < frames; f++) {
      for (int j = 0; j < frame; j++) {
        energy[f] += (double) x[f * frame + j] * x[f * frame + j];
      }
    }
    if (frames == 0) {
      return new PcmAudio(new float[0], audio.sampleRate());
    }
    double[] sorted = energy.clone();
    Arrays.sort(sorted);
    double limit = sorted[(int) Math.floor(percentile / 100 * (frames - 1))];
    float[] out = new float[frames * frame];
    int n = 0;
    for (int f = 0; f < frames; f++) {
      if (energy[f] <= limit) {
        System.arraycopy(x, f * frame, out, n, frame);
        n += frame;
      }
    }
    return new PcmAudio(Arrays.copyOf(out, n), audio.sampleRate());
  }
}
