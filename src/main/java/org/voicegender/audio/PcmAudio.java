package org.voicegender.audio;

/**
 * Mono PCM samples as floats in [-1, 1) (int16 / 32768, librosa's scaling) with their rate.
 *
 * @param samples the samples; not copied, so treat as read-only
 * @param sampleRate samples per second
 * @param totalFrames frames in the whole recording, which may exceed {@code samples.length} when
 *     only a prefix was decoded
 */
public record PcmAudio(float[] samples, int sampleRate, long totalFrames) {
  public PcmAudio {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
    }
    if (totalFrames < samples.length) {
      throw new IllegalArgumentException(
          "total frames " + totalFrames + " < decoded samples " + samples.length);
    }
  }

  public PcmAudio(float[] samples, int sampleRate) {
    this(samples, sampleRate, samples.length);
  }

  /** Duration of the whole recording in seconds. */
  public double durationSeconds() {
    return (double) totalFrames / sampleRate;
  }
}
