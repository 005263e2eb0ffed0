package org.voicegender.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.corpus.Gender;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.corpus.Utterance;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.features.CepstralMean;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.Predictor;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.UtteranceScore;
import org.voicegender.model.WindowDataset;

/** A few epochs on 40 real readers: behaviour, not accuracy (that is for the benchmarks). */
class TrainingAndEvaluationTest {
  @TempDir static Path cache;
  static WindowDataset data;
  static SpeakerSplit.Fold fold;

  static final TrainingConfig QUICK =
      new TrainingConfig("quick", WindowPolicy.EVERY, 2.0, true, 32, 3, 2e-3, 1e-4, 0.2, 0.2, 0, 42, true);

  @BeforeAll
  static void load() throws IOException {
    List<Utterance> all = LibriSpeechCorpus.open(SharedData.miniCorpus()).utterances();
    List<Utterance> some = SpeakerSplit.split(all, 0.8, 0.0, 0.2, 3).test(); // 40 readers
    CorpusFeatures.Result f = CorpusFeatures.run(some,
        FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY), new CorpusFeatures.Options(cache, 2, false));
    data = WindowDataset.load(f, some);
    fold = SpeakerSplit.kFolds(data.utterances(), 4, 1).get(0);
  }

  @Test
  void sameSeedGivesTheSameWeightsAndHistory() {
    Trainer.Result a = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), QUICK, null);
    Trainer.Result b = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), QUICK, null);
    assertThat(a.model().graph().params()).isEqualTo(b.model().graph().params());
    assertThat(a.history()).extracting(EpochStats::trainLoss)
        .isEqualTo(b.history().stream().map(EpochStats::trainLoss).toList());
    assertThat(a.history()).hasSize(3);
    assertThat(a.history().get(2).trainLoss()).isLessThan(a.history().get(0).trainLoss());
    assertThat(a.history().get(0).validationAccuracy()).isBetween(0.0, 1.0);
  }

  @Test
  void normalizerIsFittedOnTrainingReadersOnly() {
    Trainer.Result r = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), QUICK.withEpochs(1), null);
    var split = SpeakerSplit.split(fold.train(), 0.8, 0.2, 0, QUICK.seed());
    FeatureNormalizer expected = FeatureNormalizer.fit(data, data.rowsOf(split.train()));
    assertThat(r.model().normalizer()).isEqualTo(expected);
  }

  @Test
  void earlyStoppingKeepsTheBestValidationEpoch() {
    TrainingConfig patient = new TrainingConfig("p", WindowPolicy.EVERY, 2.0, true, 16, 30, 5e-3, 0, 0, 0.3, 2, 1, false);
    Trainer.Result r = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), patient, null);
    double best = r.history().stream().mapToDouble(EpochStats::validationLoss).min().orElseThrow();
    assertThat(r.history().get(r.bestEpoch() - 1).validationLoss()).isEqualTo(best);
    assertThat(r.history().size()).isLessThanOrEqualTo(r.bestEpoch() + 2);
  }

  /** No dropout, no validation readers, constant rate: a run of n epochs is the first n of a longer one. */
  static final TrainingConfig PLAIN =
      new TrainingConfig("plain", WindowPolicy.EVERY, 2.0, true, 32, 3, 2e-3, 0, 0, 0, 0, 5, false);

  @Test
  void averagingTheLastEpochsGivesTheMeanOfTheirParameters() {
    var net = NetworkConfig.shipped();
    var p2 = TrainingJobs.train(data, fold.train(), net, PLAIN.withEpochs(2), null).model().graph().params();
    var p3 = TrainingJobs.train(data, fold.train(), net, PLAIN, null).model().graph().params();
    var averaged = TrainingJobs.train(data, fold.train(), net,
        PLAIN.withSelection(TrainingConfig.Selection.LAST, 0, 2), null);
    var expected = p2.add(p3).divi(2);
    assertThat(averaged.model().graph().params().equalsWithEps(expected, 1e-6)).isTrue();
    assertThat(averaged.bestEpoch()).isEqualTo(3);
  }

  @Test
  void selectionByValidationAccuracyKeepsTheMostAccurateEpoch() {
    TrainingConfig cfg = QUICK.withEpochs(5).withSelection(TrainingConfig.Selection.VALIDATION_ACCURACY, 0, 0);
    Trainer.Result r = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), cfg, null);
    double best = r.history().stream().mapToDouble(EpochStats::validationAccuracy).max().orElseThrow();
    EpochStats kept = r.history().get(r.bestEpoch() - 1);
    assertThat(kept.validationAccuracy()).isEqualTo(best);
    assertThat(r.history().stream().filter(s -> s.validationAccuracy() == best))
        .allMatch(s -> s.validationLoss() >= kept.validationLoss());
    // the kept parameters are that epoch's: recomputing its validation figures gives them back
    var split = TrainingJobs.validationSplit(fold.train(), cfg);
    int[] rows = data.rowsOf(split.validation());
    double[] again = Trainer.lossAndAccuracy(r.model().graph(),
        data.features(rows, r.model().normalizer()), data.labels(rows, 2));
    assertThat(again[1]).isEqualTo(best);
  }

  @Test
  void cosineScheduleTrainsDeterministicallyAndLeavesTheBaseRate() {
    TrainingConfig cfg = PLAIN.withSchedule(TrainingConfig.Schedule.COSINE).withRegularisers(0.1, 0.4, 0.05, true);
    Trainer.Result a = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), cfg, null);
    Trainer.Result b = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), cfg, null);
    Trainer.Result constant = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(),
        PLAIN.withRegularisers(0.1, 0.4, 0.05, true), null);
    assertThat(a.model().graph().params()).isEqualTo(b.model().graph().params());
    assertThat(a.model().graph().params()).isNotEqualTo(constant.model().graph().params());
    assertThat(a.model().graph().getLearningRate("fc_1")).isEqualTo(PLAIN.learningRate());
    assertThat(a.history().get(2).trainLoss()).isLessThan(a.history().get(0).trainLoss());
  }

  @Test
  void balancedReadersTrainWhenTheLastMinibatchHasOneWindow() {
    var split = TrainingJobs.validationSplit(fold.train(), PLAIN);
    int n = data.rowsOf(split.train()).length;
    int batch = n - 1;
    assertThat(n % batch).as("a last batch of one").isEqualTo(1);
    TrainingConfig cfg = new TrainingConfig("b", WindowPolicy.EVERY, 2.0, true, batch, 1, 2e-3, 0, 0, 0, 0, 5, false)
        .withRegularisers(0, 0, 0, true);
    Trainer.Result r = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), cfg, null);
    assertThat(r.iterations()).isEqualTo(1);
    assertThat(Trainer.batchEnd(0, 32, 65, true)).isEqualTo(32);
    assertThat(Trainer.batchEnd(32, 32, 65, true)).isEqualTo(65);
    assertThat(Trainer.batchEnd(32, 32, 65, false)).isEqualTo(64);
  }

  @Test
  void utteranceDecisionFollowsTheModelsScore() {
    int[] rows = data.rowsOf(fold.test());
    double[] p = new double[rows.length];
    // every male utterance: one confidently female window, the others mildly male
    for (int i = 0; i < rows.length; i++) {
      boolean male = data.label(rows[i]) == 1;
      boolean firstWindow = i == 0 || data.utteranceIndex(rows[i - 1]) != data.utteranceIndex(rows[i]);
      p[i] = male ? (firstWindow ? 0.001 : 0.7) : 0.1;
    }
    var mean = SpeakerEvaluation.evaluate(data, rows, p, UtteranceScore.MEAN_PROBABILITY, 1);
    var logOdds = SpeakerEvaluation.evaluate(data, rows, p, UtteranceScore.MEAN_LOG_ODDS, 1);
    assertThat(logOdds.windowConfusion()).isDeepEqualTo(mean.windowConfusion());
    int[][] expectedMean = new int[2][2];
    int[][] expectedLogOdds = new int[2][2];
    java.util.Map<Integer, java.util.List<Double>> byUtterance = new java.util.TreeMap<>();
    for (int i = 0; i < rows.length; i++) {
      byUtterance.computeIfAbsent(data.utteranceIndex(rows[i]), k -> new java.util.ArrayList<>()).add(p[i]);
    }
    byUtterance.forEach((u, ps) -> {
      int label = data.utterances().get(u).gender().label();
      double m = ps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double l = ps.stream().mapToDouble(x -> Math.log(x / (1 - x))).average().orElseThrow();
      expectedMean[label][m >= 0.5 ? 1 : 0]++;
      expectedLogOdds[label][l >= 0 ? 1 : 0]++;
    });
    assertThat(mean.utteranceConfusion()).isDeepEqualTo(expectedMean);
    assertThat(logOdds.utteranceConfusion()).isDeepEqualTo(expectedLogOdds);
    assertThat(java.util.Arrays.deepEquals(logOdds.utteranceConfusion(), mean.utteranceConfusion())).isFalse();
  }

  @Test
  void evaluatesPerWindowPerUtteranceAndPerReader() {
    int[] rows = data.rowsOf(fold.test());
    double[] p = new double[rows.length];
    // windows of male readers get 0.9, except the first window of each utterance (0.2): the
    // windows are 1 in k wrong, utterances of 2+ windows still right on average
    for (int i = 0; i < rows.length; i++) {
      boolean male = data.label(rows[i]) == 1;
      boolean firstWindow = i == 0 || data.utteranceIndex(rows[i - 1]) != data.utteranceIndex(rows[i]);
      p[i] = male ? (firstWindow ? 0.2 : 0.9) : 0.1;
    }
    SpeakerEvaluation.Result r = SpeakerEvaluation.evaluate(data, rows, p, UtteranceScore.MEAN_PROBABILITY, 1);
    long maleUtterances = fold.test().stream().filter(u -> u.gender() == Gender.MALE).count();
    long maleWindows = java.util.Arrays.stream(rows).filter(i -> data.label(i) == 1).count();
    assertThat(r.readers()).isEqualTo(10);
    assertThat(r.utterances()).isEqualTo(fold.test().size());
    assertThat(r.windowConfusion()[1][0]).isEqualTo((int) maleUtterances);
    assertThat(r.windowConfusion()[1][1]).isEqualTo((int) (maleWindows - maleUtterances));
    assertThat(r.windowAccuracy()).isEqualTo(1 - (double) maleUtterances / rows.length);
    assertThat(r.windowAccuracyByGender().get(Gender.FEMALE)).isEqualTo(1.0);
    assertThat(r.perReader()).hasSize(10);
    assertThat(r.utteranceInterval()[0]).isLessThanOrEqualTo(r.utteranceAccuracy());
    assertThat(r.utteranceInterval()[1]).isGreaterThanOrEqualTo(r.utteranceAccuracy());
    assertThat(r.windowInterval()[0]).isLessThan(r.windowInterval()[1]);
    // one utterance per reader here: a reader's figures are its utterance's
    assertThat(r.readerAccuracy()).isEqualTo(r.utteranceAccuracy());
    assertThat(r.readerWeightedUtteranceAccuracy()).isEqualTo(r.utteranceAccuracy());
    assertThat(r.readerInterval()).isEqualTo(r.utteranceInterval());
  }

  @Test
  void distillationTrainsATeacherFirstAndKeepsOnlyTheStudentDeterministically() {
    TrainingConfig distilled = PLAIN.withEpochs(1).withDistillation("larger", 0.5);
    Trainer.Result a = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), distilled, null);
    Trainer.Result b = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), distilled, null);
    Trainer.Result labelsOnly = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), PLAIN.withEpochs(1), null);
    assertThat(a.model().graph().params()).isEqualTo(b.model().graph().params());
    // the teacher's probabilities changed the targets, and so the student
    assertThat(a.model().graph().params()).isNotEqualTo(labelsOnly.model().graph().params());
    // what is kept is the student alone, with the recipe that made it
    assertThat(a.model().graph().numParams()).isEqualTo(11_770);
    assertThat(a.model().network()).isEqualTo(NetworkConfig.shipped());
    assertThat(a.model().training()).isEqualTo(distilled);
    assertThat(a.model().normalizer()).isEqualTo(labelsOnly.model().normalizer());
    assertThat(a.history()).hasSize(1);
  }

  @Test
  void windowsLoseTheirOwnRecordingsMean() {
    WindowDataset centred = data.withCepstralMean(CepstralMean.ALL);
    assertThat(data.withCepstralMean(CepstralMean.NONE)).isSameAs(data);
    assertThat(centred.withCepstralMean(CepstralMean.ALL)).isSameAs(centred);
    assertThatThrownBy(() -> centred.withCepstralMean(CepstralMean.C0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> centred.withCepstralMean(CepstralMean.ALL, 0.5)).isInstanceOf(IllegalStateException.class);
    assertThat(centred.size()).isEqualTo(data.size());
    for (Utterance u : data.utterances().subList(0, 3)) {
      int[] rows = data.rowsOf(List.of(u));
      double[] sum = new double[40];
      double rawC0 = 0;
      for (int r : rows) {
        assertThat(centred.utteranceOf(r)).isEqualTo(u);
        assertThat(centred.label(r)).isEqualTo(data.label(r));
        for (int c = 0; c < 40; c++) {
          for (int t = 0; t < 87; t++) {
            sum[c] += centred.window(r)[c][t];
            // coefficient for coefficient, the same shift for every frame of the recording
            assertThat(data.window(r)[c][t] - centred.window(r)[c][t])
                .isCloseTo(data.window(rows[0])[c][0] - centred.window(rows[0])[c][0], offset(1e-3f));
          }
        }
        for (float v : data.window(r)[0]) {
          rawC0 += v;
        }
      }
      assertThat(Math.abs(rawC0 / (87.0 * rows.length))).isGreaterThan(1); // there was a mean to remove
      for (int c = 0; c < 40; c++) {
        assertThat(sum[c] / (87.0 * rows.length)).isCloseTo(0, offset(1e-3));
      }
    }
  }

  @Test
  void recordingMeanIsRemovedAlikeInTrainingEvaluationAndPrediction(@TempDir Path dir) throws IOException {
    for (double fraction : new double[] {1, 0.5}) {
      TrainingConfig cmn = QUICK.withEpochs(1).withCepstralMean(CepstralMean.ALL, fraction);
      TrainedModel model = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), cmn, null).model();
      var split = TrainingJobs.validationSplit(fold.train(), cmn);
      WindowDataset centred = data.withCepstralMean(CepstralMean.ALL, fraction);
      assertThat(model.normalizer()).isEqualTo(FeatureNormalizer.fit(centred, data.rowsOf(split.train())));
      Path file = dir.resolve("model-" + fraction + ".zip");
      model.save(file);
      TrainedModel loaded = TrainedModel.load(file);
      assertThat(loaded.training()).isEqualTo(cmn);
      Predictor predictor = new Predictor(loaded);
      for (Utterance u : fold.test().subList(0, 2)) {
        int[] rows = data.rowsOf(List.of(u));
        var trainingSide = model.inputs(data, rows);
        var predictSide = loaded.inputs(predictor.windows(u.path()));
        assertThat(predictSide.shape()).isEqualTo(trainingSide.shape());
        assertThat(predictSide.data().asFloat()).containsExactly(trainingSide.data().asFloat());
        assertThat(trainingSide.data().asFloat())
            .containsExactly(centred.features(rows, model.normalizer()).data().asFloat());
        assertThat(trainingSide).isNotEqualTo(data.features(rows, model.normalizer()));
        assertThat(predictor.predict(u.path()).windowMale())
            .containsExactly(model.maleProbabilities(data, rows), offset(1e-6));
      }
    }
  }

  @Test
  void aModelPreparesRawWindowsAsItTrainedAndRefusesWindowsPreparedOtherwise() throws IOException {
    TrainingConfig half = QUICK.withEpochs(1).withCepstralMean(CepstralMean.ALL, 0.5);
    TrainedModel model = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), half, null).model();
    // Raw windows are prepared as in training: the same evaluation as from prepared ones.
    WindowDataset prepared = model.inputs(data);
    assertThat(prepared.preparation()).isEqualTo(model.preparation());
    assertThat(model.inputs(prepared)).isSameAs(prepared);
    var fromRaw = Evaluation.evaluate(model, data, fold.test(), 1);
    var fromPrepared = Evaluation.evaluate(model, prepared, fold.test(), 1);
    assertThat(fromRaw.windowAccuracy()).isEqualTo(fromPrepared.windowAccuracy());
    assertThat(fromRaw.utteranceAccuracy()).isEqualTo(fromPrepared.utteranceAccuracy());
    // Windows with another share of the mean removed are refused, by every job that takes a model.
    WindowDataset whole = data.withCepstralMean(CepstralMean.ALL, 1);
    assertThatThrownBy(() -> Evaluation.evaluate(model, whole, fold.test(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.0 of each recording's ALL mean removed")
        .hasMessageContaining("0.5 of each recording's ALL mean removed");
    assertThatThrownBy(() -> org.voicegender.quant.QuantizationJobs.prepare(model, whole, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.maleProbabilities(whole, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loadsAModelFileThatNamesItsLayersByTheirPackageBeforeTheMove(@TempDir Path dir) throws IOException {
    TrainedModel model = TrainingJobs.train(data, fold.train(), NetworkConfig.shipped(), QUICK.withEpochs(1), null).model();
    Path file = dir.resolve("old.zip");
    model.save(file);
    try (var zip = java.nio.file.FileSystems.newFileSystem(java.net.URI.create("jar:" + file.toUri()), java.util.Map.of())) {
      Path conf = zip.getPath("configuration.json");
      String moved = java.nio.file.Files.readString(conf);
      assertThat(moved).contains("org.voicegender.model.layers.CompactLstm");
      java.nio.file.Files.writeString(conf, moved.replace("org.voicegender.model.layers.", "org.voicegender.model."));
    }
    TrainedModel loaded = TrainedModel.load(file);
    int[] rows = data.rowsOf(fold.test().subList(0, 2));
    assertThat(loaded.maleProbabilities(data, rows)).containsExactly(model.maleProbabilities(data, rows));
  }
}
