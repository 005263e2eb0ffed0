package org.voicegender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.features.CepstralMean;

class TrainingConfigTest {
  /** artifacts/recipes/default-seed-1.json as written before selection, schedules and regularisers. */
  static final String OLD_RECIPE = "{\"recipe\":\"default-seed-1\",\"windowPolicy\":\"EVERY\",\"normalize\":true,"
      + "\"windowHopSeconds\":2.0,\"batchSize\":32,\"epochs\":60,\"learningRate\":0.002,\"l2\":0.0001,"
      + "\"dropout\":0.3,\"validationFraction\":0.15,\"patience\":12,\"seed\":1,\"augment\":false}";

  @Test
  void readsRecipeFilesWrittenBeforeTheNewKnobsWithThoseOff() {
    TrainingConfig cfg = TrainingConfig.fromJson(OLD_RECIPE);
    assertThat(cfg).isEqualTo(new TrainingConfig("default-seed-1", WindowPolicy.EVERY, 2.0, true, 32, 60, 0.002,
        0.0001, 0.3, 0.15, 12, 1, false));
    assertThat(cfg.selection()).isEqualTo(TrainingConfig.Selection.VALIDATION_LOSS);
    assertThat(cfg.schedule()).isEqualTo(TrainingConfig.Schedule.CONSTANT);
    assertThat(cfg.utteranceScore()).isEqualTo(UtteranceScore.MEAN_PROBABILITY);
    assertThat(cfg.averageEpochs()).isZero();
    assertThat(cfg.labelSmoothing()).isZero();
    assertThat(cfg.mixupAlpha()).isZero();
    assertThat(cfg.inputNoise()).isZero();
    assertThat(cfg.balanceReaders()).isFalse();
    assertThat(cfg.augments()).isFalse();
    assertThat(cfg.maskBands()).isEqualTo(1);
    assertThat(cfg.maskSpans()).isEqualTo(1);
    assertThat(cfg.maskMaxCoefficients()).isEqualTo(TrainingConfig.DEFAULT_MASK_MAX_COEFFICIENTS);
    assertThat(cfg.maskMaxFrames()).isEqualTo(TrainingConfig.DEFAULT_MASK_MAX_FRAMES);
    assertThat(cfg.timeShiftFrames()).isZero();
  }

  /** artifacts/recipes/default-seed-1.json as written before the SpecAugment counts and widths and the time shift. */
  static final String DEFAULT_SEED_1 = "{\"recipe\":\"default-seed-1\",\"windowPolicy\":\"EVERY\","
      + "\"windowHopSeconds\":1.0,\"normalize\":true,\"batchSize\":32,\"epochs\":12,\"learningRate\":0.002,"
      + "\"l2\":0.0001,\"dropout\":0.3,\"validationFraction\":0.0,\"patience\":0,\"seed\":1,\"augment\":true,"
      + "\"selection\":\"LAST\",\"schedule\":\"COSINE\",\"averageEpochs\":6,\"utteranceScore\":\"MEAN_LOG_ODDS\","
      + "\"labelSmoothing\":0.0,\"mixupAlpha\":0.0,\"inputNoise\":0.0,\"balanceReaders\":true}";

  @Test
  void readsRecipeFilesWrittenBeforeMaskCountsAndTimeShiftsWithOneBandOneSpanAndNoShift() {
    TrainingConfig cfg = TrainingConfig.fromJson(DEFAULT_SEED_1);
    // the default of its day: the current one without the cepstral mean
    assertThat(cfg).isEqualTo(TrainingConfig.defaults().withRecipe("default-seed-1").withSeed(1)
        .withCepstralMean(org.voicegender.features.CepstralMean.NONE));
    assertThat(cfg).isEqualTo(cfg.withMasks(1, 1, TrainingConfig.DEFAULT_MASK_MAX_COEFFICIENTS, TrainingConfig.DEFAULT_MASK_MAX_FRAMES));
    assertThat(cfg).isEqualTo(cfg.withMasks(0, 0, 0, 0).withTimeShift(0));
    assertThat(cfg.timeShiftFrames()).isZero();
    assertThat(TrainingConfig.fromJson(cfg.toJson())).isEqualTo(cfg);
  }

  @Test
  void refusesNegativeMasksAndTimeShiftsWithoutEveryWindow() {
    TrainingConfig d = TrainingConfig.defaults();
    assertThatThrownBy(() -> d.withMasks(-1, 1, 5, 15)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withMasks(1, 1, 5, -15)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withTimeShift(-3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrainingConfig.original().withTimeShift(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EVERY");
  }

  @Test
  void oldRecipeWithoutValidationReadersKeepsTheLastEpoch() {
    TrainingConfig cfg = TrainingConfig.fromJson(OLD_RECIPE.replace("\"validationFraction\":0.15,\"patience\":12",
        "\"validationFraction\":0.0,\"patience\":0"));
    assertThat(cfg.selection()).isEqualTo(TrainingConfig.Selection.LAST);
    assertThat(TrainingConfig.original().selection()).isEqualTo(TrainingConfig.Selection.LAST);
  }

  @Test
  void everyKnobSurvivesJson() {
    TrainingConfig cfg = TrainingConfig.defaults().withSelection(TrainingConfig.Selection.LAST, 0, 5)
        .withSchedule(TrainingConfig.Schedule.COSINE).withUtteranceScore(UtteranceScore.MEAN_LOG_ODDS)
        .withRegularisers(0.1, 0.4, 0.05, true).withRecipe("all").withSeed(7).withEpochs(20)
        .withMasks(2, 3, 8, 25).withTimeShift(21).withDistillation("larger", 0.5)
        .withCepstralMean(CepstralMean.C0, 0.5);
    String json = cfg.toJson();
    assertThat(json).doesNotContain("augments");
    assertThat(TrainingConfig.fromJson(json)).isEqualTo(cfg);
    assertThat(cfg.maskSpans()).isEqualTo(3);
    assertThat(cfg.timeShiftFrames()).isEqualTo(21);
    assertThat(cfg.teacher()).isEqualTo("larger");
    assertThat(cfg.cepstralMean()).isEqualTo(CepstralMean.C0);
    assertThat(cfg.cepstralMeanFraction()).isEqualTo(0.5);
    assertThat(TrainingConfig.fromJson(TrainingConfig.defaults().toJson())).isEqualTo(TrainingConfig.defaults());
  }

  /** artifacts/recipes/specaugment-2-bands-2-spans-seed-1.json, written before distillation and the recording mean. */
  static final String TWO_BANDS_SEED_1 = DEFAULT_SEED_1.replace("\"recipe\":\"default-seed-1\"",
      "\"recipe\":\"specaugment-2-bands-2-spans-seed-1\"").replace("}", ",\"maskBands\":2,\"maskSpans\":2}");

  @Test
  void readsRecipeFilesWrittenBeforeDistillationAndRecordingMeansWithThoseOff() {
    for (String old : new String[] {OLD_RECIPE, DEFAULT_SEED_1, TWO_BANDS_SEED_1}) {
      TrainingConfig cfg = TrainingConfig.fromJson(old);
      assertThat(cfg.teacher()).isNull();
      assertThat(cfg.distillWeight()).isZero();
      assertThat(cfg.distills()).isFalse();
      assertThat(cfg.cepstralMean()).isEqualTo(CepstralMean.NONE);
      assertThat(cfg.cepstralMeanFraction()).isEqualTo(1);
      assertThat(cfg).isEqualTo(cfg.withDistillation(null, 0).withCepstralMean(CepstralMean.NONE, 0));
    }
    assertThat(TrainingConfig.fromJson(TWO_BANDS_SEED_1).maskBands()).isEqualTo(2);
    assertThat(TrainingConfig.fromJson(DEFAULT_SEED_1.replace("}", ",\"teacher\":\"\",\"cepstralMean\":null}")))
        .isEqualTo(TrainingConfig.fromJson(DEFAULT_SEED_1));
    TrainingConfig d = TrainingConfig.defaults();
    assertThat(d.distills()).isFalse();
    assertThat(d.cepstralMean()).isEqualTo(CepstralMean.ALL); // half of each recording's mean
    assertThat(d.cepstralMeanFraction()).isEqualTo(0.5);
    assertThatThrownBy(() -> d.withCepstralMean(CepstralMean.ALL, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withCepstralMean(CepstralMean.ALL, -0.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesDistillationWithoutBothATeacherAndAWeightUpToOne() {
    TrainingConfig d = TrainingConfig.defaults();
    assertThatThrownBy(() -> d.withDistillation("larger", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("teacher");
    assertThatThrownBy(() -> d.withDistillation(null, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withDistillation("larger", 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withDistillation("huge", 0.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shipped or larger");
    TrainingConfig distilled = d.withDistillation("larger", 0.5);
    assertThat(distilled.distills()).isTrue();
    assertThat(distilled.teacherRecipe()).isEqualTo(d.withRecipe("default-teacher"));
  }

  @Test
  void refusesSelectionsThatCannotWork() {
    TrainingConfig noValidation = TrainingConfig.fromJson(OLD_RECIPE.replace(
        "\"validationFraction\":0.15,\"patience\":12", "\"validationFraction\":0.0,\"patience\":0"));
    assertThatThrownBy(() -> noValidation.withSelection(TrainingConfig.Selection.VALIDATION_ACCURACY, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs validation readers");
    assertThatThrownBy(() -> TrainingConfig.fromJson(OLD_RECIPE).withSelection(TrainingConfig.Selection.LAST, 12, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no early stopping");
    assertThatThrownBy(() -> TrainingConfig.fromJson(OLD_RECIPE).withRegularisers(0.5, 0, 0, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrainingConfig.fromJson(OLD_RECIPE).withRegularisers(0, -1, 0, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultAveragesWeightsOverAllTrainingReadersAndThePreviousOneStaysAvailable() {
    TrainingConfig d = TrainingConfig.defaults();
    assertThat(d.validationFraction()).isZero();
    assertThat(d.selection()).isEqualTo(TrainingConfig.Selection.LAST);
    assertThat(d.averageEpochs()).isPositive().isLessThanOrEqualTo(d.epochs());
    assertThat(TrainingConfig.preset("default")).isEqualTo(d);
    TrainingConfig previous = TrainingConfig.preset("previous-default");
    assertThat(previous.withRecipe("default-seed-1").withSeed(1)).isEqualTo(TrainingConfig.fromJson(OLD_RECIPE));
    assertThat(previous.selection()).isEqualTo(TrainingConfig.Selection.VALIDATION_LOSS);
  }

  @Test
  void cosineScheduleFallsFromOneToZero() {
    TrainingConfig.Schedule cos = TrainingConfig.Schedule.COSINE;
    assertThat(cos.factor(0, 100)).isEqualTo(1.0);
    assertThat(cos.factor(50, 100)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(cos.factor(25, 100)).isCloseTo((1 + Math.sqrt(0.5)) / 2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(cos.factor(99, 100)).isBetween(0.0, 0.001);
    assertThat(TrainingConfig.Schedule.CONSTANT.factor(99, 100)).isEqualTo(1.0);
  }
}
