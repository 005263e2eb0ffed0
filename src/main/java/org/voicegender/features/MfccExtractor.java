package org.voicegender.features;

/**
 * MFCCs of one window as librosa 0.7.2 computes {@code feature.mfcc(y, sr, n_mfcc)}: centred STFT
 * (periodic Hann, padded by n_fft/2), power spectrum, mel filterbank, {@code power_to_db(ref=1,
 * amin, top_db)}, then an orthonormal DCT-II over the mel axis. Arithmetic is in double.
 *
 * <p>Not thread-safe (it reuses scratch buffers); create one per thread. Construction is cheap
 * next to a window's extraction only when reused, so keep it around.
 */
public final class MfccExtractor {
  private final FeatureConfig config;
  private final MelFilterbank filterbank;
  private final FramePowerSpectra spectra;
  private final double[] window;
  private final double[][] dct;
  private final double[] padded;
  private final double[][] melScratch;

  public MfccExtractor(FeatureConfig config) {
    this.config = config;
    int nFft = config.nFft();
    this.filterbank =
        new MelFilterbank(config.sampleRate(), nFft, config.nMels(), config.fMin(), config.fMax());
    this.spectra = new FramePowerSpectra(nFft);
    this.window = periodicHann(nFft);
    this.dct = orthonormalDct(config.nMfcc(), config.nMels());
    this.padded = new double[config.windowSamples() + nFft];
    this.melScratch = new double[config.nMels()][config.frames()];
  }

  public FeatureConfig config() {
    return config;
  }

  /**
   * The power mel spectrogram, {@code [nMels][frames]}, of a window of exactly {@link
   * FeatureConfig#windowSamples()} samples at the config's rate.
   */
  public double[][] melSpectrogram(float[] samples) {
    return melSpectrogram(samples, new double[config.nMels()][config.frames()]);
  }

  private double[][] melSpectrogram(float[] samples, double[][] mel) {
    int n = config.windowSamples();
    if (samples.length != n) {
      throw new IllegalArgumentException(
          "a window has " + n + " samples at " + config.sampleRate() + " Hz, got "
              + samples.length);
    }
    padCentred(samples);
    int frames = config.frames();
    spectra.prepare(padded, config.hopLength());
    for (int t = 0; t < frames; t += FramePowerSpectra.FRAMES) {
      int count = Math.min(FramePowerSpectra.FRAMES, frames - t);
      spectra.melBands(window, t, count, filterbank, mel);
    }
    return mel;
  }

  /** MFCCs, {@code [nMfcc][frames]} (40 × 87 for the seed), of one window. */
  public float[][] mfcc(float[] samples) {
    double[][] db = powerToDb(melSpectrogram(samples, melScratch)); // every entry rewritten
    int frames = config.frames();
    float[][] out = new float[config.nMfcc()][frames];
    // All frames of one coefficient at once: the sum over mel bands runs in the same order as a
    // dot product per frame (the same numbers), but the frames' sums are independent, so the JIT
    // vectorises them instead of waiting on one chain of dependent adds.
    if (FramePowerSpectra.vectorApi()) {
      SpectrumKernel.dct(dct, db, frames, out); // the same sums, a register of frames at a time
      return out;
    }
    double[] sums = new double[frames];
    for (int c = 0; c < out.length; c++) {
      double[] basis = dct[c];
      java.util.Arrays.fill(sums, 0);
      for (int m = 0; m < basis.length; m++) {
        double b = basis[m];
        double[] row = db[m];
        for (int t = 0; t < frames; t++) {
          sums[t] += b * row[t];
        }
      }
      for (int t = 0; t < frames; t++) {
        out[c][t] = (float) sums[t];
      }
    }
    return out;
  }

  /** librosa power_to_db(S, ref=1.0, amin, top_db), in place. */
  private double[][] powerToDb(double[][] mel) {
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : mel) {
      for (int t = 0; t < row.length; t++) {
        row[t] = 10.0 * Math.log10(Math.max(config.amin(), row[t]));
        max = Math.max(max, row[t]);
      }
    }
    double floor = max - config.topDb();
    for (double[] row : mel) {
      for (int t = 0; t < row.length; t++) {
        row[t] = Math.max(row[t], floor);
      }
    }
    return mel;
  }

  private void padCentred(float[] samples) {
    int half = config.nFft() / 2;
    int n = samples.length;
    for (int i = 0; i < n; i++) {
      padded[half + i] = samples[i];
    }
    for (int i = 1; i <= half; i++) {
      if (config.padMode() == PadMode.REFLECT) {
        padded[half - i] = samples[i]; // numpy 'reflect': the edge sample is not repeated
        padded[half + n - 1 + i] = samples[n - 1 - i];
      } else {
        padded[half - i] = 0;
        padded[half + n - 1 + i] = 0;
      }
    }
  }

  /** scipy.signal.get_window('hann', n, fftbins=True), the window librosa's stft uses. */
  static double[] periodicHann(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    }
    return w;
  }

  /** Rows of scipy.fftpack.dct(type=2, norm='ortho'): the first {@code count} basis vectors. */
  static double[][] orthonormalDct(int count, int n) {
    double[][] basis = new double[count][n];
    for (int k = 0; k < count; k++) {
      double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
      for (int m = 0; m < n; m++) {
        basis[k][m] = scale * Math.cos(Math.PI * k * (2 * m + 1) / (2.0 * n));
      }
    }
    return basis;
  }
}
