package org.voicegender.features;

/**
 * Per-recording cepstral mean normalisation (Atal 1974; Furui 1981): the recording's mean MFCC
 * vector, over every frame of every window of it, subtracted from each of those frames. A fixed
 * linear channel (microphone, room) and the recording level add a constant to the cepstrum, which
 * this removes; so does any constant part of the speaker's own spectrum. {@link #C0} removes only
 * the mean of coefficient 0 (the log energy: the recording level). A fraction of the mean can be
 * removed instead of all of it, leaving that much less of the channel and keeping the rest of the
 * recording's own average spectrum (which, for some readers, is what tells their gender).
 *
 * <p>The same function serves training (a corpus's cached windows, one recording at a time) and
 * prediction (a file's windows), so both see the same numbers.
 */
public enum CepstralMean {
  /** Windows as extracted. */
  NONE,
  /** Every coefficient's recording mean removed. */
  ALL,
  /** Coefficient 0's (log energy) recording mean removed, the others as extracted. */
  C0;

  /** {@link #subtract(float[][][], double)} of the whole mean. */
  public float[][][] subtract(float[][][] recording) {
    return subtract(recording, 1);
  }

  /**
   * The windows {@code [windows][coefficients][frames]} of one recording with {@code fraction} of
   * its mean removed as this mode says: new arrays ({@code recording} is left as it was), or
   * {@code recording} itself for {@link #NONE}. The mean is taken in double precision over all
   * frames of all windows (overlapping windows count their shared frames twice, as the network
   * sees them twice).
   *
   * @param fraction how much of the mean to remove, in (0, 1]
   */
  public float[][][] subtract(float[][][] recording, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("the fraction of a recording's mean to remove must be in (0, 1], got "
          + fraction);
    }
    if (this == NONE || recording.length == 0) {
      return recording;
    }
    int coefficients = this == ALL ? recording[0].length : 1;
    double[] sum = new double[coefficients];
    long frames = 0;
    for (float[][] window : recording) {
      for (int c = 0; c < coefficients; c++) {
        for (float v : window[c]) {
          sum[c] += v;
        }
      }
      frames += window[0].length;
    }
    float[][][] out = new float[recording.length][][];
    for (int w = 0; w < recording.length; w++) {
      out[w] = new float[recording[w].length][];
      for (int c = 0; c < recording[w].length; c++) {
        out[w][c] = recording[w][c].clone();
        if (c < coefficients) {
          float mean = (float) (fraction * sum[c] / frames);
          for (int t = 0; t < out[w][c].length; t++) {
            out[w][c][t] -= mean;
          }
        }
      }
    }
    return out;
  }
}
