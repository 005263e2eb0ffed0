package org.voicegender.model;

/**
 * How the windows of one utterance are combined into its P(male): the original's mean of the
 * windows' probabilities, or the mean of their log-odds (the product of the windows' likelihood
 * ratios, as if the windows were independent evidence), so a confident window weighs more than a
 * hesitant one.
 */
public enum UtteranceScore {
  MEAN_PROBABILITY,
  MEAN_LOG_ODDS;

  /** Probabilities are clipped to [ε, 1 − ε] before the log-odds: float32 softmax saturates. */
  static final double EPSILON = 1e-7;

  /** The utterance's P(male) from its windows' P(male). */
  public double combine(double[] windowMale) {
    if (windowMale.length == 0) {
      throw new IllegalArgumentException("an utterance needs at least one window");
    }
    double sum = 0;
    for (double p : windowMale) {
      sum += this == MEAN_PROBABILITY ? p : logOdds(p);
    }
    double mean = sum / windowMale.length;
    return this == MEAN_PROBABILITY ? mean : 1 / (1 + Math.exp(-mean));
  }

  static double logOdds(double p) {
    double q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    return Math.log(q / (1 - q));
  }
}
