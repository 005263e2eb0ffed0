package org.voicegender.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.voicegender.audio.WindowPolicy;

/**
 * Every parameter of the feature pipeline, from window selection to the number of MFCCs.
 * {@link #seed()} gives the original project's values: {@code librosa.load(path, duration=2)}
 * (22,050 Hz) then {@code librosa.feature.mfcc(y, sr=22050, n_mfcc=40)} with librosa 0.7.2's
 * defaults, which are 40 × 87 features per 2 s window.
 *
 * @param sampleRate rate the audio is resampled to (librosa.load default 22,050 Hz)
 * @param windowSeconds length of one example window (the original's duration=2)
 * @param windowPolicy which windows of a recording are used
 * @param windowHopSeconds start-to-start distance of windows under EVERY (= windowSeconds: no
 *     overlap, the seed's; less gives overlapping windows, more examples from the same audio)
 * @param minLastWindowSeconds a last partial window shorter than this is dropped (EVERY only)
 * @param nFft FFT size and STFT frame length (librosa default 2048)
 * @param hopLength STFT hop (librosa default n_fft/4 = 512)
 * @param padMode edge padding for centred frames (librosa 0.7: reflect)
 * @param nMels mel bands (librosa melspectrogram default 128)
 * @param fMin lowest mel edge in Hz (librosa default 0)
 * @param fMax highest mel edge in Hz (librosa default sr/2)
 * @param amin floor of the power before the log (librosa power_to_db default 1e-10)
 * @param topDb dynamic range kept below the maximum, in dB (librosa default 80)
 * @param nMfcc cepstral coefficients kept (the original's n_mfcc=40)
 */
public record FeatureConfig(
    int sampleRate,
    double windowSeconds,
    WindowPolicy windowPolicy,
    double windowHopSeconds,
    double minLastWindowSeconds,
    int nFft,
    int hopLength,
    PadMode padMode,
    int nMels,
    double fMin,
    double fMax,
    double amin,
    double topDb,
    int nMfcc) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public FeatureConfig {
    require(sampleRate > 0, "sampleRate must be positive, got " + sampleRate);
    require(windowSeconds > 0, "windowSeconds must be positive, got " + windowSeconds);
    require(windowPolicy != null, "windowPolicy is required (FIRST or EVERY)");
    require(
        windowHopSeconds > 0 && windowHopSeconds <= windowSeconds,
        "windowHopSeconds must be in (0, windowSeconds], got " + windowHopSeconds);
    require(
        minLastWindowSeconds >= 0 && minLastWindowSeconds <= windowSeconds,
        "minLastWindowSeconds must be in [0, windowSeconds], got " + minLastWindowSeconds);
    require(nFft > 0 && Integer.bitCount(nFft) == 1, "nFft must be a power of two, got " + nFft);
    require(hopLength > 0, "hopLength must be positive, got " + hopLength);
    require(padMode != null, "padMode is required (REFLECT or CONSTANT)");
    require(nMels > 0, "nMels must be positive, got " + nMels);
    require(
        fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2.0,
        "need 0 <= fMin < fMax <= sampleRate/2, got fMin=" + fMin + " fMax=" + fMax);
    require(amin > 0, "amin must be positive, got " + amin);
    require(topDb > 0, "topDb must be positive, got " + topDb);
    require(nMfcc > 0 && nMfcc <= nMels, "nMfcc must be in [1, nMels], got " + nMfcc);
    require(
        padMode == PadMode.CONSTANT || Math.round(windowSeconds * sampleRate) > nFft / 2,
        "reflect padding needs windows longer than nFft/2 samples");
  }

  /** The original project's settings: librosa 0.7.2 defaults, 40 MFCCs, the first 2 s. */
  public static FeatureConfig seed() {
    return new FeatureConfig(
        22_050, 2.0, WindowPolicy.FIRST, 2.0, 1.0, 2048, 512, PadMode.REFLECT, 128, 0.0, 11_025.0,
        1e-10, 80.0, 40);
  }

  public FeatureConfig withWindowPolicy(WindowPolicy policy) {
    return new FeatureConfig(
        sampleRate, windowSeconds, policy, windowHopSeconds, minLastWindowSeconds, nFft, hopLength, padMode, nMels,
        fMin, fMax, amin, topDb, nMfcc);
  }

  public FeatureConfig withWindowHop(double seconds) {
    return new FeatureConfig(
        sampleRate, windowSeconds, windowPolicy, seconds, minLastWindowSeconds, nFft, hopLength,
        padMode, nMels, fMin, fMax, amin, topDb, nMfcc);
  }

  public FeatureConfig withPadMode(PadMode mode) {
    return new FeatureConfig(
        sampleRate, windowSeconds, windowPolicy, windowHopSeconds, minLastWindowSeconds, nFft, hopLength, mode,
        nMels, fMin, fMax, amin, topDb, nMfcc);
  }

  public FeatureConfig withNMfcc(int n) {
    return new FeatureConfig(
        sampleRate, windowSeconds, windowPolicy, windowHopSeconds, minLastWindowSeconds, nFft, hopLength, padMode,
        nMels, fMin, fMax, amin, topDb, n);
  }

  /** Samples in one window at {@link #sampleRate()}: 44,100 for the seed. */
  public int windowSamples() {
    return (int) Math.round(windowSeconds * sampleRate);
  }

  /** STFT frames per window with centred frames: 1 + samples / hop = 87 for the seed. */
  public int frames() {
    return 1 + windowSamples() / hopLength;
  }

  /** The config as JSON, keys sorted, so equal configs give equal text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + this, e);
    }
  }

  /** Reads a config written by {@link #toJson()}; validation runs as for any config. */
  public static FeatureConfig fromJson(String json) {
    try {
      return JSON.readValue(json, FeatureConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a feature config: " + e.getOriginalMessage(), e);
    }
  }

  /** A short stable fingerprint of every parameter (SHA-256 of {@link #toJson()}, 12 hex). */
  public String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("invalid feature config: " + message);
    }
  }
}
