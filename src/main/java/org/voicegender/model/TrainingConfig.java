package org.voicegender.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.voicegender.audio.WindowPolicy;

/**
 * Every knob of a training run. {@link #original()} is the 2020 recipe (first 2 s per file, raw
 * MFCCs, full batch, Adam 1e-3 with weight decay 1e-3, 500 iterations); {@link #defaults()} ours.
 *
 * @param recipe a name for reports
 * @param windowPolicy which windows of each training file are examples
 * @param normalize standardise MFCCs per coefficient (fitted on training readers)
 * @param batchSize minibatch size; 0 = the whole training set (full batch)
 * @param epochs passes over the training set (full batch: iterations)
 * @param learningRate Adam's step size
 * @param l2 coupled weight decay on weights and biases (PyTorch Adam's weight_decay)
 * @param dropout drop probability after each hidden dense layer (0 = none)
 * @param validationFraction share of the training readers held out for early stopping (0 = none)
 * @param patience epochs without a better validation loss before stopping (0 = never stop early)
 * @param seed seeds the initialisation, the shuffling and the validation split
 */
public record TrainingConfig(
    String recipe,
    WindowPolicy windowPolicy,
    boolean normalize,
    int batchSize,
    int epochs,
    double learningRate,
    double l2,
    double dropout,
    double validationFraction,
    int patience,
    long seed) {

  public TrainingConfig {
    if (batchSize < 0 || epochs < 1 || !(learningRate > 0) || l2 < 0 || dropout < 0
        || dropout >= 1 || validationFraction < 0 || validationFraction >= 1 || patience < 0) {
      throw new IllegalArgumentException("invalid training config: " + this);
    }
    if (patience > 0 && validationFraction == 0) {
      throw new IllegalArgumentException(
          "invalid training config: early stopping (patience " + patience
              + ") needs validation readers (validationFraction > 0)");
    }
  }

  /** The original project's recipe. */
  public static TrainingConfig original() {
    return new TrainingConfig("original", WindowPolicy.FIRST, false, 0, 500, 1e-3, 1e-3, 0.0, 0.0, 0, 42);
  }

  /**
   * Ours: every 2 s window, standardised MFCCs, minibatches of 32, dropout, early stopping on
   * held-out readers.
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig("default", WindowPolicy.EVERY, true, 32, 60, 2e-3, 1e-4, 0.3, 0.15, 12, 42);
  }

  public static TrainingConfig preset(String name) {
    return switch (name) {
      case "original" -> original();
      case "default" -> defaults();
      default -> throw new IllegalArgumentException(
          "unknown recipe '" + name + "': use original or default");
    };
  }

  public TrainingConfig withEpochs(int n) {
    return new TrainingConfig(recipe, windowPolicy, normalize, batchSize, n, learningRate, l2,
        dropout, validationFraction, patience, seed);
  }

  public TrainingConfig withSeed(long s) {
    return new TrainingConfig(recipe, windowPolicy, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, s);
  }

  public String toJson() {
    try {
      return new ObjectMapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TrainingConfig fromJson(String json) {
    try {
      return new ObjectMapper().readValue(json, TrainingConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a training config: " + e.getOriginalMessage(), e);
    }
  }
}
