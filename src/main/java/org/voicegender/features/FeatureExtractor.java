package org.voicegender.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.AudioFormatException;
import org.voicegender.audio.AudioWindows;
import org.voicegender.audio.PcmAudio;
import org.voicegender.audio.PolyphaseResampler;
import org.voicegender.audio.WindowPolicy;

/**
 * A recording file to its MFCC windows, end to end: decode (only the first window's worth under
 * {@link WindowPolicy#FIRST}), cut windows at the file's own rate, resample each window as if on
 * its own as {@code librosa.load(duration=2)} did (overlapping windows share the work, {@link
 * PolyphaseResampler#resampleRanges}), zero-pad to the window length, MFCC.
 *
 * <p>Thread-safe: each thread gets its own {@link MfccExtractor}.
 */
public final class FeatureExtractor {
  private final FeatureConfig config;
  private final ThreadLocal<MfccExtractor> mfcc;

  public FeatureExtractor(FeatureConfig config) {
    this.config = config;
    this.mfcc = ThreadLocal.withInitial(() -> new MfccExtractor(config));
  }

  public FeatureConfig config() {
    return config;
  }

  /**
   * The windows' MFCCs, {@code [windows][nMfcc][frames]}.
   *
   * @throws AudioFormatException if the file cannot be decoded, is shorter than one STFT frame,
   *     or has no window under the policy
   */
  public float[][][] extract(Path file) throws IOException {
    return extract(file, AudioDecoder.decode(file, secondsToDecode()));
  }

  /**
   * As {@link #extract(Path)} for a recording held in memory (a Spark task's file bytes); {@code
   * source} names it in errors.
   */
  public float[][][] extract(byte[] data, Path source) throws AudioFormatException {
    return extract(source, AudioDecoder.decode(data, source, secondsToDecode()));
  }

  private double secondsToDecode() {
    return config.windowPolicy() == WindowPolicy.FIRST
        ? config.windowSeconds()
        : Double.POSITIVE_INFINITY;
  }

  /** As {@link #extract(Path)} for audio already decoded; {@code file} names it in errors. */
  public float[][][] extract(Path file, PcmAudio audio) throws AudioFormatException {
    checkLongEnough(file, audio);
    List<AudioWindows.Segment> segments =
        AudioWindows.segments(
            audio.samples().length,
            audio.sampleRate(),
            config.windowPolicy(),
            config.windowSeconds(),
            config.windowHopSeconds(),
            config.minLastWindowSeconds());
    if (segments.isEmpty()) {
      throw new AudioFormatException(
          file,
          String.format(
              "recording is %.3f s, shorter than the %.1f s minimum window of the %s policy",
              audio.durationSeconds(), config.minLastWindowSeconds(), config.windowPolicy()));
    }
    PolyphaseResampler resampler = PolyphaseResampler.of(audio.sampleRate(), config.sampleRate());
    // Each window resampled as if on its own (librosa.load(offset, duration)), the overlapping
    // windows sharing one resampling of the recording where that gives the same bits.
    int[] starts = segments.stream().mapToInt(AudioWindows.Segment::start).toArray();
    int[] lengths = segments.stream().mapToInt(AudioWindows.Segment::length).toArray();
    float[][] resampled = resampler.resampleRanges(audio.samples(), starts, lengths);
    float[][][] out = new float[segments.size()][][];
    for (int i = 0; i < segments.size(); i++) {
      float[] y = resampled[i];
      // Zero-padded to the window's length (a copy only when short: mfcc does not write its input).
      float[] window = y.length == config.windowSamples() ? y : Arrays.copyOf(y, config.windowSamples());
      out[segments.get(i).index()] = mfcc.get().mfcc(window);
    }
    return out;
  }

  private void checkLongEnough(Path file, PcmAudio audio) throws AudioFormatException {
    double frameSeconds = (double) config.nFft() / config.sampleRate();
    if (audio.samples().length < frameSeconds * audio.sampleRate()) {
      throw new AudioFormatException(
          file,
          String.format(
              "recording is %d samples (%.1f ms at %d Hz), shorter than one STFT frame (%d"
                  + " samples at %d Hz = %.1f ms)",
              audio.samples().length,
              1000.0 * audio.samples().length / audio.sampleRate(),
              audio.sampleRate(),
              config.nFft(),
              config.sampleRate(),
              1000 * frameSeconds));
    }
  }
}
