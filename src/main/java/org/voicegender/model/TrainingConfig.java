package org.voicegender.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.voicegender.audio.WindowPolicy;

/**
 * Every knob of a training run. {@link #original()} is the 2020 recipe (first 2 s per file, raw
 * MFCCs, full batch, Adam 1e-3 with weight decay 1e-3, 500 iterations); {@link #defaults()} ours.
 *
 * @param recipe a name for reports
 * @param windowPolicy which windows of each file are examples
 * @param windowHopSeconds start-to-start distance of windows under EVERY (2 = no overlap)
 * @param normalize standardise MFCCs per coefficient (fitted on training readers)
 * @param batchSize minibatch size; 0 = the whole training set (full batch)
 * @param epochs passes over the training set (full batch: iterations)
 * @param learningRate Adam's step size
 * @param l2 coupled weight decay on weights and biases (PyTorch Adam's weight_decay)
 * @param dropout drop probability after each hidden dense layer (0 = none)
 * @param validationFraction share of the training readers held out for early stopping (0 = none)
 * @param patience epochs without a better validation loss before stopping (0 = never stop early)
 * @param seed seeds the initialisation, the shuffling and the validation split
 * @param augment mask random bands of coefficients and spans of frames in each training
 *     example (SpecAugment, Park et al. 2019, applied to MFCCs), a new mask every time
 */
public record TrainingConfig(
    String recipe,
    WindowPolicy windowPolicy,
    double windowHopSeconds,
    boolean normalize,
    int batchSize,
    int epochs,
    double learningRate,
    double l2,
    double dropout,
    double validationFraction,
    int patience,
    long seed,
    boolean augment) {

  public TrainingConfig {
    if (!(windowHopSeconds > 0) || batchSize < 0 || epochs < 1 || !(learningRate > 0) || l2 < 0 || dropout < 0
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
    return new TrainingConfig("original", WindowPolicy.FIRST, 2.0, false, 0, 500, 1e-3, 1e-3, 0.0, 0.0, 0, 42, false);
  }

  /**
   * Ours: every 2 s window, standardised MFCCs, minibatches of 32, dropout, early stopping on
   * held-out readers.
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig("default", WindowPolicy.EVERY, 2.0, true, 32, 60, 2e-3, 1e-4, 0.3, 0.15, 12, 42, false);
  }

  /** A preset by name, or a config from a JSON file (a name ending in .json). */
  public static TrainingConfig preset(String name) {
    if (name.endsWith(".json")) {
      try {
        return fromJson(java.nio.file.Files.readString(java.nio.file.Path.of(name)));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot read recipe " + name + ": " + e.getMessage(), e);
      }
    }
    return switch (name) {
      case "original" -> original();
      case "default" -> defaults();
      default -> throw new IllegalArgumentException(
          "unknown recipe '" + name + "': use original, default or a recipe .json file");
    };
  }

  public TrainingConfig withEpochs(int n) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, n, learningRate, l2,
        dropout, validationFraction, patience, seed, augment);
  }

  public TrainingConfig withSeed(long s) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, s, augment);
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
