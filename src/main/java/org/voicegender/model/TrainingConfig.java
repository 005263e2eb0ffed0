package org.voicegender.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.features.CepstralMean;

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
 * @param selection which epoch's parameters the run keeps; missing (older recipe files) =
 *     {@link Selection#VALIDATION_LOSS} with validation readers, else {@link Selection#LAST}
 * @param schedule the learning rate over the run; missing = {@link Schedule#CONSTANT}
 * @param averageEpochs average the parameters at the end of the last this many epochs (all of
 *     them if fewer; stochastic weight averaging, Izmailov et al. 2018: still one network of the
 *     same size); 0 = no averaging; needs {@link Selection#LAST} and no early stopping
 * @param utteranceScore how an utterance's windows are combined into its gender; missing =
 *     {@link UtteranceScore#MEAN_PROBABILITY}
 * @param labelSmoothing ε of label smoothing (Szegedy et al. 2016): targets 1 − ε/2 and ε/2
 * @param mixupAlpha α of mixup (Zhang et al. 2018): each training example blended with another
 *     of its minibatch by λ ~ Beta(α, α), targets alike; 0 = none
 * @param inputNoise standard deviation of Gaussian noise added to the standardised MFCCs of each
 *     training example, new every time; 0 = none
 * @param balanceReaders weight each training window by 1 / (its reader's windows), scaled to a
 *     mean of 1, so every reader counts the same however long the recording (the weight scales the
 *     window's loss; up to stop 10 DL4J's output layer also scaled its logits, see {@code
 *     model.layers.CompactOutputLayer})
 * @param maskBands with {@code augment}, how many bands of coefficients are masked per training
 *     example; missing or 0 = 1 (the masks before this knob)
 * @param maskSpans with {@code augment}, how many spans of frames are masked per training
 *     example; missing or 0 = 1
 * @param maskMaxCoefficients with {@code augment}, the widest band, in coefficients (each band's
 *     width is drawn from 0 to this); missing or 0 = {@value #DEFAULT_MASK_MAX_COEFFICIENTS}
 * @param maskMaxFrames with {@code augment}, the longest span, in frames; missing or 0 =
 *     {@value #DEFAULT_MASK_MAX_FRAMES}
 * @param timeShiftFrames shift each training window by a random number of frames, up to this many
 *     either way and new every time, filling the frames it moves in from the overlapping
 *     neighbouring window of the same recording (windows every 1 s overlap by 1 s): a window
 *     starting anywhere in the recording instead of on the hop grid; needs windows under {@link
 *     WindowPolicy#EVERY}, at most a hop apart; missing or 0 = none
 * @param teacher knowledge distillation (Hinton et al. 2015): the {@link NetworkConfig#preset}
 *     name of a teacher network trained first by this same recipe (without distillation) on the
 *     same training readers, whose window probabilities then enter the targets of the network
 *     itself; the saved model is that network alone (the teacher is dropped, and fine-tuning a
 *     saved model trains on the labels); missing = none
 * @param distillWeight with a {@code teacher}, the weight of its probabilities in each training
 *     target, {@code (1 − w) · label + w · P_teacher}, the teacher seeing the same (masked)
 *     example as the network; in (0, 1] with a teacher, missing or 0 without
 * @param cepstralMean each recording's mean MFCC vector removed before standardisation ({@link
 *     CepstralMean}), in training and wherever the model is used (evaluation, cross-validation,
 *     prediction, quantization); missing = {@link CepstralMean#NONE}
 * @param cepstralMeanFraction with {@code cepstralMean}, how much of each recording's mean is
 *     removed, in (0, 1]: part of the channel goes, part of the recording's average spectrum
 *     stays; missing or 0 = 1 (all of it)
 * @param channels degraded copies of every training recording trained on beside it ({@link
 *     ChannelAugmentation}: noise, reverberation, telephone band, gain, speed); missing = none
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
    boolean augment,
    Selection selection,
    Schedule schedule,
    int averageEpochs,
    UtteranceScore utteranceScore,
    double labelSmoothing,
    double mixupAlpha,
    double inputNoise,
    boolean balanceReaders,
    int maskBands,
    int maskSpans,
    int maskMaxCoefficients,
    int maskMaxFrames,
    int timeShiftFrames,
    String teacher,
    double distillWeight,
    CepstralMean cepstralMean,
    double cepstralMeanFraction,
    ChannelAugmentation channels) {

  /** Which parameters a training run ends with. */
  public enum Selection {
    /** The epoch with the lowest validation loss (needs validation readers). */
    VALIDATION_LOSS,
    /** The epoch with the highest validation window accuracy, ties to the lower loss. */
    VALIDATION_ACCURACY,
    /** The last epoch's (or, with averageEpochs, the average of the last epochs'). */
    LAST
  }

  /** The learning rate over a run, as a factor of {@code learningRate}. */
  public enum Schedule {
    CONSTANT,
    /** Half a cosine from 1 to 0 over all the run's iterations (Loshchilov & Hutter 2017). */
    COSINE;

    /** The factor at iteration {@code t} of {@code total} (0-based). */
    public double factor(long t, long total) {
      return this == CONSTANT ? 1.0 : 0.5 * (1 + Math.cos(Math.PI * t / total));
    }
  }

  /** SpecAugment's widest coefficient band and frame span when a recipe sets none (Park et al. 2019, sized for 40 x 87 MFCCs). */
  public static final int DEFAULT_MASK_MAX_COEFFICIENTS = 5;

  /** See {@link #DEFAULT_MASK_MAX_COEFFICIENTS}. */
  public static final int DEFAULT_MASK_MAX_FRAMES = 15;

  public TrainingConfig {
    if (selection == null) {
      selection = validationFraction > 0 ? Selection.VALIDATION_LOSS : Selection.LAST;
    }
    if (schedule == null) {
      schedule = Schedule.CONSTANT;
    }
    if (utteranceScore == null) {
      utteranceScore = UtteranceScore.MEAN_PROBABILITY;
    }
    if (cepstralMean == null) {
      cepstralMean = CepstralMean.NONE;
    }
    if (channels == null) {
      channels = ChannelAugmentation.none();
    }
    if (!(cepstralMeanFraction >= 0 && cepstralMeanFraction <= 1)) {
      throw new IllegalArgumentException("invalid training config: the fraction of each recording's mean to"
          + " remove must be in (0, 1] (0 or missing = 1), got " + cepstralMeanFraction);
    }
    cepstralMeanFraction = cepstralMeanFraction == 0 ? 1 : cepstralMeanFraction; // 0: a file from before this knob
    teacher = teacher == null || teacher.isBlank() ? null : teacher;
    if (teacher != null) {
      NetworkConfig.preset(teacher); // refuses an unknown name, saying which are known
    }
    if ((teacher != null) != (distillWeight > 0) || !(distillWeight >= 0 && distillWeight <= 1)) {
      throw new IllegalArgumentException("invalid training config: distillation needs a teacher network and a"
          + " weight of its probabilities in (0, 1], got teacher " + teacher + ", weight " + distillWeight);
    }
    if (maskBands < 0 || maskSpans < 0 || maskMaxCoefficients < 0 || maskMaxFrames < 0 || timeShiftFrames < 0) {
      throw new IllegalArgumentException("invalid training config: SpecAugment masks and time shift cannot be"
          + " negative: " + maskBands + " bands, " + maskSpans + " spans, " + maskMaxCoefficients
          + " coefficients, " + maskMaxFrames + " frames, shift " + timeShiftFrames);
    }
    // 0 (a recipe file from before these knobs) = the single band and span masks of then.
    maskBands = maskBands == 0 ? 1 : maskBands;
    maskSpans = maskSpans == 0 ? 1 : maskSpans;
    maskMaxCoefficients = maskMaxCoefficients == 0 ? DEFAULT_MASK_MAX_COEFFICIENTS : maskMaxCoefficients;
    maskMaxFrames = maskMaxFrames == 0 ? DEFAULT_MASK_MAX_FRAMES : maskMaxFrames;
    if (timeShiftFrames > 0 && windowPolicy != WindowPolicy.EVERY) {
      throw new IllegalArgumentException("invalid training config: a time shift of " + timeShiftFrames
          + " frames needs overlapping windows (windowPolicy EVERY), not " + windowPolicy);
    }
    if (averageEpochs < 0 || !(labelSmoothing >= 0 && labelSmoothing < 0.5)
        || !(mixupAlpha >= 0) || !(inputNoise >= 0)) {
      throw new IllegalArgumentException("invalid training config: " + this);
    }
    if (selection != Selection.LAST && validationFraction == 0) {
      throw new IllegalArgumentException(
          "invalid training config: selection " + selection + " needs validation readers (validationFraction > 0)");
    }
    if (averageEpochs > 0 && (selection != Selection.LAST || patience > 0)) {
      throw new IllegalArgumentException("invalid training config: averaging the last " + averageEpochs
          + " epochs needs selection LAST and no early stopping (patience 0)");
    }
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

  /** The knobs before model selection, schedules and the other regularisers: those off. */
  public TrainingConfig(
      String recipe, WindowPolicy windowPolicy, double windowHopSeconds, boolean normalize, int batchSize,
      int epochs, double learningRate, double l2, double dropout, double validationFraction, int patience,
      long seed, boolean augment) {
    this(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2, dropout,
        validationFraction, patience, seed, augment, null, null, 0, null, 0, 0, 0, false);
  }

  /** The knobs before the SpecAugment mask counts and widths and the time shift: those as before. */
  public TrainingConfig(
      String recipe, WindowPolicy windowPolicy, double windowHopSeconds, boolean normalize, int batchSize,
      int epochs, double learningRate, double l2, double dropout, double validationFraction, int patience,
      long seed, boolean augment, Selection selection, Schedule schedule, int averageEpochs,
      UtteranceScore utteranceScore, double labelSmoothing, double mixupAlpha, double inputNoise,
      boolean balanceReaders) {
    this(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2, dropout,
        validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders, 0, 0, 0, 0, 0);
  }

  /** The knobs before distillation and cepstral mean normalisation: those off. */
  public TrainingConfig(
      String recipe, WindowPolicy windowPolicy, double windowHopSeconds, boolean normalize, int batchSize,
      int epochs, double learningRate, double l2, double dropout, double validationFraction, int patience,
      long seed, boolean augment, Selection selection, Schedule schedule, int averageEpochs,
      UtteranceScore utteranceScore, double labelSmoothing, double mixupAlpha, double inputNoise,
      boolean balanceReaders, int maskBands, int maskSpans, int maskMaxCoefficients, int maskMaxFrames,
      int timeShiftFrames) {
    this(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2, dropout,
        validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders, maskBands, maskSpans, maskMaxCoefficients,
        maskMaxFrames, timeShiftFrames, null, 0, null, 0);
  }

  /** The knobs before channel augmentation: none. */
  public TrainingConfig(
      String recipe, WindowPolicy windowPolicy, double windowHopSeconds, boolean normalize, int batchSize,
      int epochs, double learningRate, double l2, double dropout, double validationFraction, int patience,
      long seed, boolean augment, Selection selection, Schedule schedule, int averageEpochs,
      UtteranceScore utteranceScore, double labelSmoothing, double mixupAlpha, double inputNoise,
      boolean balanceReaders, int maskBands, int maskSpans, int maskMaxCoefficients, int maskMaxFrames,
      int timeShiftFrames, String teacher, double distillWeight, CepstralMean cepstralMean,
      double cepstralMeanFraction) {
    this(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2, dropout,
        validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders, maskBands, maskSpans, maskMaxCoefficients,
        maskMaxFrames, timeShiftFrames, teacher, distillWeight, cepstralMean, cepstralMeanFraction, null);
  }

  /** The original project's recipe. */
  public static TrainingConfig original() {
    return new TrainingConfig("original", WindowPolicy.FIRST, 2.0, false, 0, 500, 1e-3, 1e-3, 0.0, 0.0, 0, 42, false);
  }

  /**
   * Ours: 2 s windows every 1 s (training and test), half of each recording's mean MFCC vector
   * removed and then MFCCs standardised, minibatches of 32 with SpecAugment masks, every reader
   * weighing the same, dropout; all training readers for 12 epochs under a cosine learning rate,
   * ending with the average of the last 6 epochs' weights (no validation readers: early stopping
   * on them kept the first epochs, where the validation loss was lowest); an utterance is decided
   * by the mean of its windows' log-odds. 96.5 % per utterance and 93.9 % per window in 5-fold
   * cross-validation by reader on librispeech-mini, mean of seeds 42, 1, 2, 3 (96.0 % and 93.3 %
   * at 42; artifacts/recipe-experiments.md); without the cepstral mean (the default until stop
   * 11, {@code artifacts/recipes/swa-12-hop-1.0-specaugment.json}) 95.75 % and 92.9 %, {@link
   * #previousDefault()} 93.6 % and 91.7 %.
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig("default", WindowPolicy.EVERY, 1.0, true, 32, 12, 2e-3, 1e-4, 0.3, 0.0, 0, 42, true,
        Selection.LAST, Schedule.COSINE, 6, UtteranceScore.MEAN_LOG_ODDS, 0, 0, 0, true)
        .withCepstralMean(CepstralMean.ALL, 0.5);
  }

  /**
   * The default before weight averaging: every 2 s window, minibatches of 32, dropout, early
   * stopping on the validation loss of 15 % of the training readers, mean probability.
   */
  public static TrainingConfig previousDefault() {
    return new TrainingConfig("previous-default", WindowPolicy.EVERY, 2.0, true, 32, 60, 2e-3, 1e-4, 0.3, 0.15, 12,
        42, false);
  }

  /**
   * A recipe from a JSON file.
   *
   * @throws java.io.IOException naming the file, when it cannot be read, is not JSON, or holds a
   *     config that validation refuses
   */
  public static TrainingConfig read(java.nio.file.Path file) throws java.io.IOException {
    String json;
    try {
      json = java.nio.file.Files.readString(file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new java.io.IOException(file + ": not a recipe (not UTF-8 text)", e);
    }
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new java.io.IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The default recipe with two degraded copies of every training recording ({@link
   * ChannelAugmentation#robust()}): noise, reverberation, telephone band, gain and speed.
   */
  public static TrainingConfig robust() {
    return defaults().withRecipe("robust").withChannels(ChannelAugmentation.robust());
  }

  /** A preset by name, or a config from a JSON file (a name ending in .json). */
  public static TrainingConfig preset(String name) {
    if (name.endsWith(".json")) {
      try {
        return read(java.nio.file.Path.of(name));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot read recipe " + e.getMessage(), e);
      }
    }
    return switch (name) {
      case "original" -> original();
      case "default" -> defaults();
      case "previous-default" -> previousDefault();
      case "robust" -> robust();
      default -> throw new IllegalArgumentException(
          "unknown recipe '" + name + "': use original, default, previous-default, robust or a recipe .json file");
    };
  }

  /** Whether training examples change from one use to the next (masks, noise, mixup, ...). */
  public boolean augments() {
    return augment || labelSmoothing > 0 || mixupAlpha > 0 || inputNoise > 0 || balanceReaders
        || timeShiftFrames > 0;
  }

  public TrainingConfig withEpochs(int n) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, n, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders,
        maskBands, maskSpans, maskMaxCoefficients, maskMaxFrames, timeShiftFrames, teacher, distillWeight,
        cepstralMean, cepstralMeanFraction, channels);
  }

  public TrainingConfig withSeed(long s) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, s, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders,
        maskBands, maskSpans, maskMaxCoefficients, maskMaxFrames, timeShiftFrames, teacher, distillWeight,
        cepstralMean, cepstralMeanFraction, channels);
  }

  public TrainingConfig withRecipe(String name) {
    return new TrainingConfig(name, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders,
        maskBands, maskSpans, maskMaxCoefficients, maskMaxFrames, timeShiftFrames, teacher, distillWeight,
        cepstralMean, cepstralMeanFraction, channels);
  }

  /** The same recipe with another way of choosing the parameters it ends with. */
  public TrainingConfig withSelection(Selection s, int patienceEpochs, int average) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patienceEpochs, seed, augment, s, schedule, average, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders,
        maskBands, maskSpans, maskMaxCoefficients, maskMaxFrames, timeShiftFrames, teacher, distillWeight,
        cepstralMean, cepstralMeanFraction, channels);
  }

  public TrainingConfig withSchedule(Schedule s) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, s, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders,
        maskBands, maskSpans, maskMaxCoefficients, maskMaxFrames, timeShiftFrames, teacher, distillWeight,
        cepstralMean, cepstralMeanFraction, channels);
  }

  public TrainingConfig withUtteranceScore(UtteranceScore score) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, score,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders,
        maskBands, maskSpans, maskMaxCoefficients, maskMaxFrames, timeShiftFrames, teacher, distillWeight,
        cepstralMean, cepstralMeanFraction, channels);
  }

  /** The same recipe with other regularisers of the training examples. */
  public TrainingConfig withRegularisers(double smoothing, double mixup, double noise, boolean balance) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        smoothing, mixup, noise, balance,
        maskBands, maskSpans, maskMaxCoefficients, maskMaxFrames, timeShiftFrames, teacher, distillWeight,
        cepstralMean, cepstralMeanFraction, channels);
  }

  /** The same recipe with other SpecAugment masks: counts per example and widest band and span (0 = as before). */
  public TrainingConfig withMasks(int bands, int spans, int maxCoefficients, int maxFrames) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders, bands, spans, maxCoefficients, maxFrames,
        timeShiftFrames, teacher, distillWeight, cepstralMean, cepstralMeanFraction, channels);
  }

  /** The same recipe with training windows shifted by up to {@code frames} either way (0 = none). */
  public TrainingConfig withTimeShift(int frames) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders, maskBands, maskSpans, maskMaxCoefficients,
        maskMaxFrames, frames, teacher, distillWeight, cepstralMean, cepstralMeanFraction, channels);
  }

  /**
   * The same recipe distilled from a teacher network of preset {@code teacherNetwork} with its
   * probabilities weighing {@code weight} in the targets (null and 0 = no distillation).
   */
  public TrainingConfig withDistillation(String teacherNetwork, double weight) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders, maskBands, maskSpans, maskMaxCoefficients,
        maskMaxFrames, timeShiftFrames, teacherNetwork, weight, cepstralMean, cepstralMeanFraction, channels);
  }

  /** The same recipe with each recording's whole mean removed as {@code mode} says. */
  public TrainingConfig withCepstralMean(CepstralMean mode) {
    return withCepstralMean(mode, 1);
  }

  /** The same recipe with {@code fraction} of each recording's mean removed as {@code mode} says. */
  public TrainingConfig withCepstralMean(CepstralMean mode, double fraction) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders, maskBands, maskSpans, maskMaxCoefficients,
        maskMaxFrames, timeShiftFrames, teacher, distillWeight, mode, fraction, channels);
  }

  /** The same recipe with degraded copies of its training recordings as {@code c} says. */
  public TrainingConfig withChannels(ChannelAugmentation c) {
    return new TrainingConfig(recipe, windowPolicy, windowHopSeconds, normalize, batchSize, epochs, learningRate, l2,
        dropout, validationFraction, patience, seed, augment, selection, schedule, averageEpochs, utteranceScore,
        labelSmoothing, mixupAlpha, inputNoise, balanceReaders, maskBands, maskSpans, maskMaxCoefficients,
        maskMaxFrames, timeShiftFrames, teacher, distillWeight, cepstralMean, cepstralMeanFraction, c);
  }

  /** Whether a teacher network's probabilities enter the training targets. */
  public boolean distills() {
    return teacher != null;
  }

  /** The recipe a distilling run trains its teacher with: this one without distillation. */
  public TrainingConfig teacherRecipe() {
    return withDistillation(null, 0).withRecipe(recipe + "-teacher");
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
    } catch (RuntimeException e) {
      // Jackson lets some failures of a record's compact constructor through unwrapped.
      throw new IllegalArgumentException("not a training config: " + e, e);
    }
  }
}
