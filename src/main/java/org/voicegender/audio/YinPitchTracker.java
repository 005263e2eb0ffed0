package org.voicegender.audio;

import java.util.Arrays;

/**
 * The fundamental frequency (F0) of a recording, frame by frame, by YIN (A. de Cheveigné and H.
 * Kawahara, "YIN, a fundamental frequency estimator for speech and music", JASA 111(4), 2002):
 * the difference function (their step 2), its cumulative mean normalisation (step 3), the first
 * dip below an absolute threshold followed to its local minimum (step 4) and parabolic
 * interpolation of that minimum (step 5). Step 6 (best local estimate) is left out. A frame is
 * voiced when its dip is below the threshold and its energy is within {@link
 * Config#silenceDb()} of the loudest frame's; unvoiced frames have no F0.
 */
public final class YinPitchTracker {
  /**
   * Tracker settings.
   *
   * @param minHz, maxHz the F0 search range
   * @param threshold the absolute threshold on the normalised difference (the paper's 0.1)
   * @param frameSeconds the integration window W (at least two periods of {@code minHz})
   * @param hopSeconds the step between frames
   * @param silenceDb frames more than this many dB below the loudest frame are unvoiced
   */
  public record Config(
      double minHz, double maxHz, double threshold, double frameSeconds, double hopSeconds,
      double silenceDb) {
    public Config {
      if (!(minHz > 0 && maxHz > minHz)) {
        throw new IllegalArgumentException("need 0 < minHz < maxHz, got " + minHz + ", " + maxHz);
      }
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
      }
      if (!(frameSeconds * minHz >= 2)) {
        throw new IllegalArgumentException("a frame of " + frameSeconds + " s holds fewer than two periods of "
            + minHz + " Hz");
      }
      if (!(hopSeconds > 0) || !(silenceDb > 0)) {
        throw new IllegalArgumentException("hop and silence level must be positive, got " + hopSeconds + ", "
            + silenceDb);
      }
    }

    /**
     * For speech: 60-400 Hz (adult voices, low male to high female), threshold 0.1 (the paper's
     * value), 40 ms frames (2.4 periods of 60 Hz), 10 ms hop, frames 40 dB below the loudest unvoiced.
     */
    public static Config speech() {
      return new Config(60, 400, 0.1, 0.040, 0.010, 40);
    }

    /** This config searching {@code minHz}-{@code maxHz}, its frame grown to 2.4 periods of {@code minHz} if need be. */
    public Config withRange(double minHz, double maxHz) {
      return new Config(minHz, maxHz, threshold, Math.max(frameSeconds, 2.4 / minHz), hopSeconds, silenceDb);
    }

    public Config withThreshold(double threshold) {
      return new Config(minHz, maxHz, threshold, frameSeconds, hopSeconds, silenceDb);
    }
  }

  /**
   * A recording's F0 track.
   *
   * @param f0 Hz per frame, NaN where unvoiced
   * @param hopSeconds seconds between frames
   */
  public record Track(double[] f0, double hopSeconds) {
    /** The median F0 over voiced frames, NaN if none is voiced. */
    public double medianHz() {
      double[] v = Arrays.stream(f0).filter(x -> !Double.isNaN(x)).sorted().toArray();
      if (v.length == 0) {
        return Double.NaN;
      }
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The share of frames that are voiced. */
    public double voicedFraction() {
      return f0.length == 0 ? 0 : (double) Arrays.stream(f0).filter(x -> !Double.isNaN(x)).count() / f0.length;
    }
  }

  private final Config config;

  public YinPitchTracker(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  /** The F0 track of {@code audio} at its own sample rate. */
  public Track track(PcmAudio audio) {
    float[] x = audio.samples();
    int rate = audio.sampleRate();
    int w = (int) Math.round(config.frameSeconds() * rate);
    int tauMin = Math.max(2, (int) Math.floor(rate / config.maxHz()));
    int tauMax = (int) Math.ceil(rate / config.minHz());
    int hop = Math.max(1, (int) Math.round(config.hopSeconds() * rate));
    int frames = x.length < w + tauMax ? 0 : (x.length - w - tauMax) / hop + 1;
    double[] energy = new double[frames];
    double loudest = 0;
    for (int f = 0; f < frames; f++) {
      double e = 0;
      for (int j = 0; j < w; j++) {
        double v = x[f * hop + j];
        e += v * v;
      }
      energy[f] = e;
      loudest = Math.max(loudest, e);
    }
    double floor = loudest * Math.pow(10, -config.silenceDb() / 10);
    double[] f0 = new double[frames];
    double[] d = new double[tauMax + 2];
    for (int f = 0; f < frames; f++) {
      f0[f] = energy[f] > floor && energy[f] > 0 ? period(x, f * hop, w, tauMin, tauMax, d) : Double.NaN;
      if (!Double.isNaN(f0[f])) {
        f0[f] = rate / f0[f];
      }
    }
    return new Track(f0, (double) hop / rate);
  }

  /** The period in samples of the frame at {@code start}, or NaN when no dip is below the threshold. */
  private double period(float[] x, int start, int w, int tauMin, int tauMax, double[] d) {
    // step 2: d(tau) = sum_j (x_j - x_{j+tau})^2; step 3: d'(tau) = d(tau) / ((1/tau) sum_{k<=tau} d(k))
    d[0] = 1;
    double running = 0;
    for (int tau = 1; tau <= tauMax + 1; tau++) {
      double s = 0;
      for (int j = 0; j < w; j++) {
        double diff = x[start + j] - x[start + j + tau];
        s += diff * diff;
      }
      running += s;
      d[tau] = running > 0 ? s * tau / running : 1;
    }
    // step 4: the first tau in range below the threshold, followed down to its local minimum
    for (int tau = tauMin; tau <= tauMax; tau++) {
      if (d[tau] < config.threshold()) {
        while (tau + 1 <= tauMax && d[tau + 1] < d[tau]) {
          tau++;
        }
        return interpolate(d, tau);
      }
    }
    return Double.NaN;
  }

  /** Step 5: the vertex of the parabola through d'(tau - 1), d'(tau), d'(tau + 1). */
  private static double interpolate(double[] d, int tau) {
    double a = d[tau - 1];
    double b = d[tau];
    double c = d[tau + 1];
    double den = a - 2 * b + c;
    if (den <= 0) {
      return tau;
    }
    double shift = 0.5 * (a - c) / den;
    return tau + Math.max(-0.5, Math.min(0.5, shift));
  }
}
