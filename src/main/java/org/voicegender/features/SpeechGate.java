package org.voicegender.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Which MFCC windows hold speech: a simple energy detector on the windows themselves. A frame's
 * level is its mean log-mel power, {@code c0 / sqrt(nMels)} (c0 of librosa's orthonormal DCT-II
 * is {@code sqrt(1/nMels)} times the sum of the mel bands in dB, {@code ref = 1}); a window holds
 * speech when at least {@code minSpeechFraction} of its frames reach {@code minFrameDb}. Digital
 * silence sits at {@code 10 log10(amin) = -100 dB}, 16-bit dither (white noise at -90 dBFS) near
 * -73 dB; on the 200 LibriSpeech recordings of the shared mini corpus, every 2 s window (1,245
 * under the every-window policy) has at least 9.2 % of its frames at -70 dB or more, so the seed
 * gate, -70 dB on 5 % of the frames, drops none of them ({@code voicegender fuzz} measures it
 * again in {@code artifacts/reliability.md}).
 *
 * <p>It is not a voice-activity detector for noisy audio: a hiss louder than -70 dB passes.
 *
 * @param minFrameDb the level a frame must reach to count as active, in dB
 * @param minSpeechFraction share of a window's frames that must be active, in [0, 1]; 0 lets
 *     every window through ({@link #off()})
 */
public record SpeechGate(double minFrameDb, double minSpeechFraction) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public SpeechGate {
    if (Double.isNaN(minFrameDb)) {
      throw new IllegalArgumentException("minFrameDb must be a number");
    }
    if (!(minSpeechFraction >= 0 && minSpeechFraction <= 1)) {
      throw new IllegalArgumentException(
          "minSpeechFraction must be in [0, 1], got " + minSpeechFraction);
    }
  }

  /** -70 dB on at least 5 % of the frames (see the class comment for why). */
  public static SpeechGate seed() {
    return new SpeechGate(-70, 0.05);
  }

  /** Every window counts as speech. */
  public static SpeechGate off() {
    return new SpeechGate(-100, 0);
  }

  /** Whether this gate lets every window through. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isOff() {
    return minSpeechFraction == 0;
  }

  /** Share of frames of a window's c0 row ({@code window[0]}) at or above {@link #minFrameDb}. */
  public double speechFraction(float[] c0, int nMels) {
    double scale = Math.sqrt(nMels);
    int active = 0;
    for (float v : c0) {
      if (v / scale >= minFrameDb) {
        active++;
      }
    }
    return c0.length == 0 ? 0 : (double) active / c0.length;
  }

  /** Whether a window, given by its c0 row as extracted, holds speech. */
  public boolean holdsSpeech(float[] c0, int nMels) {
    return isOff() || speechFraction(c0, nMels) >= minSpeechFraction;
  }

  /** In words, for messages. */
  public String describe() {
    return isOff()
        ? "no speech gate"
        : String.format("speech gate: %.0f%% of frames at %.0f dB or more", 100 * minSpeechFraction, minFrameDb);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SpeechGate fromJson(String json) {
    try {
      return JSON.readValue(json, SpeechGate.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a speech gate: " + e.getOriginalMessage(), e);
    }
  }
}
