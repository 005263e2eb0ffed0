package org.voicegender.features;

/**
 * librosa 0.7.2's {@code filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm=1)}:
 * triangular filters on the Slaney mel scale, each scaled by 2 / (upper − lower edge) in Hz.
 * Stored sparsely (each filter's non-zero bins) since a filter covers a few bins out of 1,025.
 */
public final class MelFilterbank {
  /** Slaney scale: linear below 1 kHz at 200/3 Hz per mel (librosa.hz_to_mel). */
  private static final double F_SP = 200.0 / 3;

  private static final double MIN_LOG_HZ = 1000.0;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  /** Slaney scale: log step above 1 kHz, ln(6.4)/27 (librosa.hz_to_mel). */
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  private final int[] firstBin;
  private final double[][] weights;

  public MelFilterbank(int sampleRate, int nFft, int nMels, double fMin, double fMax) {
    int bins = nFft / 2 + 1;
    double[] fftFreqs = new double[bins];
    for (int k = 0; k < bins; k++) {
      fftFreqs[k] = k * (sampleRate / 2.0) / (bins - 1);
    }
    double minMel = hzToMel(fMin);
    double maxMel = hzToMel(fMax);
    double[] melF = new double[nMels + 2];
    for (int i = 0; i < melF.length; i++) {
      melF[i] = melToHz(minMel + (maxMel - minMel) * i / (nMels + 1));
    }
    firstBin = new int[nMels];
    weights = new double[nMels][];
    double[] row = new double[bins];
    for (int m = 0; m < nMels; m++) {
      double lowerWidth = melF[m + 1] - melF[m];
      double upperWidth = melF[m + 2] - melF[m + 1];
      double enorm = 2.0 / (melF[m + 2] - melF[m]);
      int first = -1;
      int last = -1;
      for (int k = 0; k < bins; k++) {
        double lower = (fftFreqs[k] - melF[m]) / lowerWidth;
        double upper = (melF[m + 2] - fftFreqs[k]) / upperWidth;
        row[k] = Math.max(0, Math.min(lower, upper)) * enorm;
        if (row[k] > 0) {
          if (first < 0) {
            first = k;
          }
          last = k;
        }
      }
      if (first < 0) { // an empty filter (too many mels for n_fft), as librosa allows
        first = 0;
        last = -1;
      }
      firstBin[m] = first;
      weights[m] = java.util.Arrays.copyOfRange(row, first, last + 1);
    }
  }

  public static double hzToMel(double hz) {
    return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
  }

  public static double melToHz(double mel) {
    return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
  }

  public int bands() {
    return weights.length;
  }

  /** Band {@code m}'s energy for a power spectrum of n_fft/2 + 1 bins. */
  public double apply(int m, double[] power) {
    double[] w = weights[m];
    int at = firstBin[m];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i] * power[at + i];
    }
    return sum;
  }

  /** Band {@code m}'s first non-zero bin. */
  int firstBin(int m) {
    return firstBin[m];
  }

  /** Band {@code m}'s non-zero weights from {@link #firstBin}, in bin order (not a copy). */
  double[] weights(int m) {
    return weights[m];
  }

  /** Weight of band {@code m} at FFT bin {@code k} (dense view, for tests and charts). */
  public double weight(int m, int k) {
    int i = k - firstBin[m];
    return i >= 0 && i < weights[m].length ? weights[m][i] : 0.0;
  }
}
