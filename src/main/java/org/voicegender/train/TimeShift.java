package org.voicegender.train;

import java.util.Random;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.WindowDataset;

/**
 * Random time shifts of training windows: each time a window is used it is moved by a random
 * number of frames, up to {@code maxShift} either way, and the frames it moves in come from the
 * neighbouring window of the same recording, which overlaps it when windows are a hop apart. The
 * network then sees 2 s of speech starting at any frame rather than only on the hop grid, with
 * as many examples per epoch as before and no new feature extraction.
 *
 * <p>A window's first and last {@code edgeFrames} frames are computed over its padded edges
 * (librosa centres frames: {@code nFft / 2} samples of padding), so the shifted window takes a
 * frame from the neighbour whenever the neighbour holds it away from its own edges (even
 * unshifted, a window inside a recording gets its neighbours' frames for its edges; test windows
 * keep theirs). Windows one
 * hop apart start {@code hop · sampleRate / hopLength} frames apart (43.07 for 1 s at 22,050 Hz
 * and a 512-sample STFT hop), taken as the nearest whole frame: a 0.07-frame (1.6 ms)
 * misalignment, well inside one 93 ms STFT frame. Each window is its own log-mel spectrum's
 * reference for the 80 dB floor, so stitched frames can differ from a window extracted at the
 * shifted position in values more than 80 dB below the loudest frame.
 */
final class TimeShift {
  private final int[] previous;
  private final int[] next;
  private final int hopFrames;
  private final int edgeFrames;
  private final int maxShift;

  /**
   * @param previous per example, the example one hop earlier in the same recording, or -1
   * @param next per example, the example one hop later in the same recording, or -1
   * @param hopFrames frames from one window's start to the next one's
   * @param edgeFrames frames at each end of a window computed over padding
   * @param maxShift the largest shift either way, at most {@code hopFrames}
   */
  TimeShift(int[] previous, int[] next, int hopFrames, int edgeFrames, int maxShift) {
    if (maxShift < 1 || maxShift > hopFrames || previous.length != next.length) {
      throw new IllegalArgumentException("a time shift of " + maxShift + " frames needs neighbouring windows at"
          + " most that many frames apart; they are " + hopFrames + " frames apart");
    }
    this.previous = previous;
    this.next = next;
    this.hopFrames = hopFrames;
    this.edgeFrames = edgeFrames;
    this.maxShift = maxShift;
  }

  /** Shifts of up to {@code maxShift} frames for the windows {@code rows} of {@code data}, in that order. */
  static TimeShift of(WindowDataset data, int[] rows, FeatureConfig features, int maxShift) {
    if (features.windowPolicy() != WindowPolicy.EVERY) {
      throw new IllegalArgumentException("a time shift needs every window of a recording (policy EVERY), not "
          + features.windowPolicy());
    }
    int hop = (int) Math.round(features.windowHopSeconds() * features.sampleRate() / features.hopLength());
    int edge = (features.nFft() / 2 + features.hopLength() - 1) / features.hopLength();
    int[] previous = new int[rows.length];
    int[] next = new int[rows.length];
    for (int p = 0; p < rows.length; p++) {
      previous[p] = p > 0 && adjacent(data, rows[p - 1], rows[p]) ? p - 1 : -1;
      next[p] = p + 1 < rows.length && adjacent(data, rows[p], rows[p + 1]) ? p + 1 : -1;
    }
    return new TimeShift(previous, next, hop, edge, maxShift);
  }

  /** Whether row {@code b} is the window after row {@code a} of the same recording (the dataset keeps them in order). */
  private static boolean adjacent(WindowDataset data, int a, int b) {
    return b == a + 1 && data.utteranceIndex(a) == data.utteranceIndex(b);
  }

  /**
   * The examples {@code idx} of {@code flat} ({@code [n, channels, frames]}), each shifted by a
   * shift drawn uniformly from those its neighbours allow (none earlier for a recording's first
   * window, none later for its last), one draw per example.
   */
  float[] gather(float[] flat, int channels, int frames, int[] idx, Random random) {
    int stride = channels * frames;
    float[] out = new float[idx.length * stride];
    int[] sourceRow = new int[frames];
    int[] sourceFrame = new int[frames];
    for (int i = 0; i < idx.length; i++) {
      int p = idx[i];
      int lo = previous[p] < 0 ? 0 : -maxShift;
      int hi = next[p] < 0 ? 0 : maxShift;
      int shift = lo + random.nextInt(hi - lo + 1);
      for (int f = 0; f < frames; f++) {
        locate(p, f + shift, frames, sourceRow, sourceFrame, f);
      }
      for (int c = 0; c < channels; c++) {
        int to = i * stride + c * frames;
        for (int f = 0; f < frames; f++) {
          out[to + f] = flat[sourceRow[f] * stride + c * frames + sourceFrame[f]];
        }
      }
    }
    return out;
  }

  /** Where frame {@code t} of example {@code p}'s time axis (may lie outside it) is best read. */
  private void locate(int p, int t, int frames, int[] row, int[] frame, int f) {
    boolean clean = t >= edgeFrames && t < frames - edgeFrames;
    if (!clean && t >= frames - edgeFrames && next[p] >= 0 && t - hopFrames >= 0 && t - hopFrames < frames) {
      row[f] = next[p];
      frame[f] = t - hopFrames;
    } else if (!clean && t < edgeFrames && previous[p] >= 0 && t + hopFrames >= 0 && t + hopFrames < frames) {
      row[f] = previous[p];
      frame[f] = t + hopFrames;
    } else {
      row[f] = p;
      frame[f] = t; // inside the window: a shift never reaches past a missing neighbour
    }
  }
}
