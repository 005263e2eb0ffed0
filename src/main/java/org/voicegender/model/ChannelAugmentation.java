package org.voicegender.model;

/**
 * Training-time channel augmentation, a recipe knob: every training recording gets {@code
 * copies} degraded copies, each drawn at a seed fixed by the recipe's seed, the recording's id
 * and the copy's number (so the same recipe sees the same copies in every run and every fold),
 * their windows extracted once and trained on beside the clean ones. Each copy passes, in this
 * order, through each stage with its probability: reverberation (RT60 uniform in 0.2 s to {@code
 * maxRt60Seconds}), additive noise (white or pink, half each, SNR uniform in {@code minSnrDb} to
 * {@code maxSnrDb}), the telephone band, a gain uniform in ±{@code maxGainDb}, and speed
 * perturbation by a factor uniform in 1 ± {@code maxSpeedChange}.
 *
 * <p>Speed perturbation moves pitch with tempo (a vocal tract of another size, Ko et al. 2015).
 * Pitch perturbation alone is not offered: it moves a voice towards the other gender while the
 * label stays, and at ±10 % a 150 Hz man reaches 165 Hz, where women's voices begin. The speed
 * change is therefore capped at 5 % (0.85 semitones, against about 10 semitones between the
 * genders' typical F0).
 */
public record ChannelAugmentation(
    int copies, double noiseProbability, double minSnrDb, double maxSnrDb, double reverbProbability,
    double maxRt60Seconds, double telephoneProbability, double maxGainDb, double speedProbability,
    double maxSpeedChange) {
  public ChannelAugmentation {
    if (copies < 0 || copies > 10) {
      throw new IllegalArgumentException("invalid channel augmentation: copies must be in 0-10, got " + copies);
    }
    for (double p : new double[] {noiseProbability, reverbProbability, telephoneProbability, speedProbability}) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("invalid channel augmentation: a probability must be in [0, 1], got " + p);
      }
    }
    if (noiseProbability > 0 && !(minSnrDb <= maxSnrDb)) {
      throw new IllegalArgumentException("invalid channel augmentation: SNR range " + minSnrDb + " to " + maxSnrDb);
    }
    if (reverbProbability > 0 && !(maxRt60Seconds >= 0.2 && maxRt60Seconds <= 3)) {
      throw new IllegalArgumentException("invalid channel augmentation: the longest RT60 must be in 0.2-3 s, got "
          + maxRt60Seconds);
    }
    if (!(maxGainDb >= 0 && maxGainDb <= 40)) {
      throw new IllegalArgumentException("invalid channel augmentation: the gain range must be in 0-40 dB, got "
          + maxGainDb);
    }
    if (!(maxSpeedChange >= 0 && maxSpeedChange <= 0.05)) {
      throw new IllegalArgumentException("invalid channel augmentation: the speed change must be in 0-0.05"
          + " (more moves voices across the gender boundary), got " + maxSpeedChange);
    }
  }

  /** None: no copies. */
  public static ChannelAugmentation none() {
    return new ChannelAugmentation(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * The robust recipe's: two copies each; noise on 80 % at 0-20 dB SNR (the test's 5-20 dB and
   * below), reverberation on 40 % up to RT60 0.8 s, the telephone band on 15 %, gain within ±20 dB,
   * speed within ±5 % on half.
   */
  public static ChannelAugmentation robust() {
    return new ChannelAugmentation(2, 0.8, 0, 20, 0.4, 0.8, 0.15, 20, 0.5, 0.05);
  }

  public boolean active() {
    return copies > 0;
  }
}
