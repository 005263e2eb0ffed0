package org.voicegender.audio;

import java.util.List;
import java.util.Random;

/**
 * A channel a recording may have passed through, applied to decoded audio at a fixed seed: the
 * same recording, degradation and seed give the same samples. Used to test a model on copies of
 * unseen readers it has not met in this form, and to augment training.
 */
public sealed interface Degradation {
  /** {@code audio} through this channel; {@code seed} draws whatever is random in it. */
  PcmAudio apply(PcmAudio audio, long seed);

  /** A short name for tables, e.g. {@code white noise 10 dB}. */
  String describe();

  /** No degradation: the clean recording. */
  record None() implements Degradation {
    @Override
    public PcmAudio apply(PcmAudio audio, long seed) {
      return audio;
    }

    @Override
    public String describe() {
      return "clean";
    }
  }

  /** The colour of generated noise. */
  enum NoiseColour {
    /** Flat spectrum. */
    WHITE,
    /** -3 dB per octave, as much of the noise of rooms and machines is (Paul Kellet's filter). */
    PINK
  }

  /**
   * Generated Gaussian noise added at a signal-to-noise ratio, the signal's power taken over the
   * whole recording (LibriSpeech segments hold little silence), the noise's over its samples.
   */
  record AdditiveNoise(double snrDb, NoiseColour colour) implements Degradation {
    public AdditiveNoise {
      if (!Double.isFinite(snrDb)) {
        throw new IllegalArgumentException("SNR must be finite, got " + snrDb);
      }
    }

    @Override
    public PcmAudio apply(PcmAudio audio, long seed) {
      float[] x = audio.samples();
      double[] n = new double[x.length];
      Random random = new Random(seed);
      // Paul Kellet's refined pink filter (musicdsp.org, "pink noise filter", 1999), 0.5 dB within 9.2 Hz-Nyquist at 44.1 kHz
      double b0 = 0;
      double b1 = 0;
      double b2 = 0;
      double b3 = 0;
      double b4 = 0;
      double b5 = 0;
      double b6 = 0;
      for (int i = 0; i < n.length; i++) {
        double w = random.nextGaussian();
        if (colour == NoiseColour.WHITE) {
          n[i] = w;
        } else {
          b0 = 0.99886 * b0 + w * 0.0555179;
          b1 = 0.99332 * b1 + w * 0.0750759;
          b2 = 0.96900 * b2 + w * 0.1538520;
          b3 = 0.86650 * b3 + w * 0.3104856;
          b4 = 0.55000 * b4 + w * 0.5329522;
          b5 = -0.7616 * b5 - w * 0.0168980;
          n[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
          b6 = w * 0.115926;
        }
      }
      return mix(audio, n, snrDb);
    }

    @Override
    public String describe() {
      return colour.name().toLowerCase() + " noise " + Degradation.format(snrDb) + " dB";
    }
  }

  /**
   * Noise recorded elsewhere (e.g. the pauses of other recordings, {@link PauseNoise}), looped
   * from a seeded offset and added at a signal-to-noise ratio as {@link AdditiveNoise} does.
   *
   * @param noise the noise, at the rate of the audio it is added to
   */
  record RecordedNoise(PcmAudio noise, double snrDb, String source) implements Degradation {
    public RecordedNoise {
      if (noise.samples().length == 0) {
        throw new IllegalArgumentException("no noise samples from " + source);
      }
    }

    @Override
    public PcmAudio apply(PcmAudio audio, long seed) {
      if (noise.sampleRate() != audio.sampleRate()) {
        throw new IllegalArgumentException("noise from " + source + " is at " + noise.sampleRate()
            + " Hz, the recording at " + audio.sampleRate() + " Hz");
      }
      float[] s = noise.samples();
      int offset = new Random(seed).nextInt(s.length);
      double[] n = new double[audio.samples().length];
      for (int i = 0; i < n.length; i++) {
        n[i] = s[(offset + i) % s.length];
      }
      return mix(audio, n, snrDb);
    }

    @Override
    public String describe() {
      return "recorded noise " + Degradation.format(snrDb) + " dB";
    }
  }

  /**
   * Reverberation by a synthetic room impulse response: a unit direct path, then from 2.5 ms on
   * Gaussian noise under an exponential envelope falling 60 dB in {@code rt60Seconds} (Sabine's
   * reverberation time), scaled so the tail carries {@code directToReverberantDb} less energy than
   * the direct path; the output keeps the input's RMS level.
   */
  record Reverberation(double rt60Seconds, double directToReverberantDb) implements Degradation {
    public Reverberation {
      if (!(rt60Seconds > 0.0 && rt60Seconds <= 3.0)) {
        throw new IllegalArgumentException("RT60 must be in (0, 3] s, got " + rt60Seconds);
      }
    }

    /** The impulse response at {@code rate}. */
    public double[] impulseResponse(int rate, long seed) {
      int length = (int) Math.ceil(rt60Seconds * rate);
      int start = Math.max(1, (int) Math.round(0.0025 * rate));
      double[] h = new double[Math.max(length, start + 1)];
      Random random = new Random(seed);
      double tailEnergy = 0;
      for (int i = start; i < h.length; i++) {
        double t = (double) i / rate;
        h[i] = random.nextGaussian() * Math.exp(-3 * Math.log(10) * t / rt60Seconds); // amplitude -60 dB at RT60
        tailEnergy += h[i] * h[i];
      }
      double scale = Math.sqrt(Math.pow(10, -directToReverberantDb / 10) / tailEnergy);
      for (int i = start; i < h.length; i++) {
        h[i] *= scale;
      }
      h[0] = 1;
      return h;
    }

    @Override
    public PcmAudio apply(PcmAudio audio, long seed) {
      float[] x = audio.samples();
      double[] y = Convolution.convolve(x, impulseResponse(audio.sampleRate(), seed), x.length);
      return new PcmAudio(toFloat(y, rms(x) / rms(y)), audio.sampleRate(), audio.totalFrames());
    }

    @Override
    public String describe() {
      return "reverberation RT60 " + Degradation.format(rt60Seconds) + " s";
    }
  }

  /**
   * A telephone channel: down to 8 kHz (SciPy's polyphase filter), the 300-3,400 Hz band of ITU-T
   * G.712 (fourth-order Butterworth high- and low-pass, each two biquads of the RBJ Audio EQ
   * Cookbook), and 8-bit G.711 mu-law companding (mu = 255).
   */
  record TelephoneBand() implements Degradation {
    static final int RATE = 8000;

    @Override
    public PcmAudio apply(PcmAudio audio, long seed) {
      float[] x = audio.sampleRate() == RATE ? audio.samples().clone()
          : PolyphaseResampler.of(audio.sampleRate(), RATE).resample(audio.samples());
      // fourth-order Butterworth: Q of its two second-order sections, 1/(2 cos(pi/8)) and 1/(2 cos(3pi/8))
      double[] q = {0.5411961, 1.3065630};
      for (double qi : q) {
        Biquad.highPass(300, qi, RATE).filter(x);
        Biquad.lowPass(3400, qi, RATE).filter(x);
      }
      double mu = 255;
      for (int i = 0; i < x.length; i++) {
        double v = Math.max(-1, Math.min(1, x[i]));
        double c = Math.signum(v) * Math.log1p(mu * Math.abs(v)) / Math.log1p(mu);
        c = Math.rint(c * 127) / 127; // 8-bit code: sign and 7 bits
        x[i] = (float) (Math.signum(c) * (Math.pow(1 + mu, Math.abs(c)) - 1) / mu);
      }
      long frames = Math.round((double) audio.totalFrames() * RATE / audio.sampleRate());
      return new PcmAudio(x, RATE, Math.max(frames, x.length));
    }

    @Override
    public String describe() {
      return "telephone band (8 kHz, 300-3400 Hz, mu-law)";
    }
  }

  /** A level change, clipped to the 16-bit range as a recorder would. */
  record Gain(double db) implements Degradation {
    @Override
    public PcmAudio apply(PcmAudio audio, long seed) {
      double g = Math.pow(10, db / 20);
      float[] x = audio.samples();
      float[] y = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = (float) Math.max(-1, Math.min(32767 / 32768.0, g * x[i]));
      }
      return new PcmAudio(y, audio.sampleRate(), audio.totalFrames());
    }

    @Override
    public String describe() {
      return "gain " + (db > 0 ? "+" : "") + Degradation.format(db) + " dB";
    }
  }

  /**
   * Speed perturbation (Ko et al., Interspeech 2015): the recording resampled by 1/{@code factor}
   * and played at its own rate, so tempo, pitch and formants all move by {@code factor} (a factor
   * of 1.05 raises F0 by 5 %, 0.85 semitones). The factor is taken as a fraction of integers up to
   * 100, the resampling ratio.
   */
  record Speed(double factor) implements Degradation {
    public Speed {
      if (!(factor >= 0.5 && factor <= 2)) {
        throw new IllegalArgumentException("speed factor must be in [0.5, 2], got " + factor);
      }
    }

    @Override
    public PcmAudio apply(PcmAudio audio, long seed) {
      int[] f = fraction(factor);
      float[] y = PolyphaseResampler.of(f[0], f[1]).resample(audio.samples());
      long frames = Math.round(audio.totalFrames() / factor);
      return new PcmAudio(y, audio.sampleRate(), Math.max(frames, y.length));
    }

    /** {@code [p, q]} with p / q closest to {@code x}, q at most 100. */
    static int[] fraction(double x) {
      int[] best = {1, 1};
      double err = Double.MAX_VALUE;
      for (int q = 1; q <= 100; q++) {
        int p = (int) Math.round(x * q);
        double e = Math.abs((double) p / q - x);
        if (e < err - 1e-15) {
          err = e;
          best = new int[] {p, q};
        }
      }
      return best;
    }

    @Override
    public String describe() {
      return "speed x" + Degradation.format(factor);
    }
  }

  /** Several channels one after another, each with its own seed drawn from the chain's. */
  record Chain(List<Degradation> stages) implements Degradation {
    public Chain {
      stages = List.copyOf(stages);
    }

    @Override
    public PcmAudio apply(PcmAudio audio, long seed) {
      Random seeds = new Random(seed);
      PcmAudio out = audio;
      for (Degradation d : stages) {
        out = d.apply(out, seeds.nextLong());
      }
      return out;
    }

    @Override
    public String describe() {
      return String.join(" + ", stages.stream().map(Degradation::describe).toList());
    }
  }

  private static PcmAudio mix(PcmAudio audio, double[] noise, double snrDb) {
    float[] x = audio.samples();
    double ps = rms(x);
    double pn = 0;
    for (double v : noise) {
      pn += v * v;
    }
    pn = Math.sqrt(pn / Math.max(1, noise.length));
    double scale = pn == 0 ? 0 : ps / pn * Math.pow(10, -snrDb / 20);
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) (x[i] + scale * noise[i]);
    }
    return new PcmAudio(y, audio.sampleRate(), audio.totalFrames());
  }

  private static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += (double) v * v;
    }
    return Math.sqrt(s / Math.max(1, x.length));
  }

  private static double rms(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return Math.sqrt(s / Math.max(1, x.length));
  }

  private static float[] toFloat(double[] y, double scale) {
    float[] out = new float[y.length];
    double s = Double.isFinite(scale) ? scale : 0;
    for (int i = 0; i < y.length; i++) {
      out[i] = (float) (y[i] * s);
    }
    return out;
  }

  private static String format(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
