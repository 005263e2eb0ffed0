package org.voicegender.robust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;
import org.voicegender.audio.Degradation;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.corpus.Utterance;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.train.TrainingJobs;

/** The robustness study on a model trained briefly on 16 real readers, tested on 8 others. */
class RobustnessStudyTest {
  @TempDir static Path cache;
  static TrainedModel model;
  static WindowDataset data;
  static List<Utterance> train;
  static List<Utterance> test;

  @BeforeAll
  static void trainAModel() throws IOException {
    List<Utterance> all = LibriSpeechCorpus.open(SharedData.miniCorpus()).utterances();
    List<Utterance> some = SpeakerSplit.split(all, 0.88, 0.0, 0.12, 5).test(); // 24 readers
    SpeakerSplit.Split split = SpeakerSplit.split(some, 0.66, 0, 0.34, 1);
    train = split.train();
    test = split.test();
    TrainingConfig cfg = TrainingConfig.defaults(); // 12 epochs of 16 readers: seconds
    CorpusFeatures.Result f = CorpusFeatures.run(some, TrainingJobs.featuresFor(cfg), new CorpusFeatures.Options(cache, 2, false));
    data = WindowDataset.load(f, some);
    model = TrainingJobs.train(data, train, NetworkConfig.shipped(), cfg, null).model();
  }

  @Test
  void theCleanConditionIsTheModelsOwnEvaluation() throws IOException {
    var settings = new RobustnessStudy.Settings(List.of(), List.of(), false, List.of(), List.of(), 42);
    var r = RobustnessStudy.run(model, test, RobustnessStudy.conditions(settings, List.of()), settings, s -> {});
    assertThat(r.rows()).hasSize(1);
    SpeakerEvaluation.Result clean = r.clean().evaluation();
    SpeakerEvaluation.Result direct = Evaluation.evaluate(model, data, test, 42);
    assertThat(clean.windowConfusion()).isDeepEqualTo(direct.windowConfusion());
    assertThat(clean.utteranceConfusion()).isDeepEqualTo(direct.utteranceConfusion());
    assertThat(clean.windowInterval()).isEqualTo(direct.windowInterval());
    assertThat(clean.readerAccuracy()).isEqualTo(direct.readerAccuracy());
  }

  @Test
  void degradesAtFixedSeedsAndHeavyNoiseCostsAccuracy() throws IOException {
    var settings = new RobustnessStudy.Settings(List.of(-10.0), List.of(0.6), true, List.of(), List.of(), 7);
    List<Degradation> conditions = RobustnessStudy.conditions(settings, train.subList(0, 2));
    assertThat(conditions).extracting(Degradation::describe).containsExactly("clean", "white noise -10 dB",
        "pink noise -10 dB", "recorded noise -10 dB", "reverberation RT60 0.6 s",
        "telephone band (8 kHz, 300-3400 Hz, mu-law)");
    var a = RobustnessStudy.run(model, test, conditions, settings, s -> {});
    var b = RobustnessStudy.run(model, test, conditions, settings, s -> {});
    for (int i = 0; i < conditions.size(); i++) {
      assertThat(a.rows().get(i).evaluation().windowConfusion()).isDeepEqualTo(b.rows().get(i).evaluation().windowConfusion());
    }
    double clean = a.clean().evaluation().windowAccuracy();
    assertThat(clean).isGreaterThan(0.7);
    assertThat(a.rows().get(1).evaluation().windowAccuracy()).isLessThan(clean);
    assertThat(a.rows().get(1).evaluation().windows()).isEqualTo(a.clean().evaluation().windows());
    assertThat(a.table("t").toMarkdown()).contains("| white noise -10 dB |").contains("utterance vs clean");
  }
}
