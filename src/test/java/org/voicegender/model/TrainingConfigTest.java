package org.voicegender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.voicegender.audio.WindowPolicy;

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
        .withRegularisers(0.1, 0.4, 0.05, true).withRecipe("all").withSeed(7).withEpochs(20);
    String json = cfg.toJson();
    assertThat(json).doesNotContain("augments");
    assertThat(TrainingConfig.fromJson(json)).isEqualTo(cfg);
    assertThat(TrainingConfig.fromJson(TrainingConfig.defaults().toJson())).isEqualTo(TrainingConfig.defaults());
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
