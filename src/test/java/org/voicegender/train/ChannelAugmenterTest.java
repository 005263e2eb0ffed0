package org.voicegender.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SyntheticCorpus;
import org.voicegender.corpus.Utterance;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.model.ChannelAugmentation;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;

/** Degraded copies of training recordings: deterministic, of the same reader, made once. */
class ChannelAugmenterTest {
  @TempDir Path dir;

  @Test
  void makesEachCopyOnceAtAFixedSeedAsARecordingOfTheSameReader() throws IOException {
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(SyntheticCorpus.generate(dir.resolve("demo"), 2, 1, 1));
    TrainingConfig cfg = TrainingConfig.robust();
    List<Utterance> all = corpus.utterances();
    CorpusFeatures.Result f = CorpusFeatures.run(all, TrainingJobs.featuresFor(cfg),
        new CorpusFeatures.Options(dir.resolve("cache"), 2, false));
    WindowDataset data = WindowDataset.load(f, all);
    ChannelAugmentation a = cfg.channels();
    WindowDataset more = ChannelAugmenter.withCopies(data, all.subList(0, 2), a, cfg.seed(), TrainingJobs.featuresFor(cfg));
    List<Utterance> copies = ChannelAugmenter.copiesOf(more, all.subList(0, 2));
    assertThat(copies).extracting(Utterance::id).containsExactly(
        all.get(0).id() + "~channel0", all.get(0).id() + "~channel1", all.get(1).id() + "~channel0", all.get(1).id() + "~channel1");
    assertThat(copies.get(0).speaker()).isEqualTo(all.get(0).speaker());
    assertThat(more.rowsOf(List.of(copies.get(0)))).isNotEmpty();
    for (int r : more.rowsOf(List.of(copies.get(0)))) {
      assertThat(more.label(r)).isEqualTo(all.get(0).gender().label());
    }
    assertThat(ChannelAugmenter.withCopies(more, all.subList(0, 2), a, cfg.seed(), TrainingJobs.featuresFor(cfg))).isSameAs(more);
    WindowDataset again = ChannelAugmenter.withCopies(data, all.subList(0, 2), a, cfg.seed(), TrainingJobs.featuresFor(cfg));
    int[] rows = again.rowsOf(copies);
    assertThat(rows).isEqualTo(more.rowsOf(copies));
    for (int r : rows) {
      assertThat(again.window(r)).isDeepEqualTo(more.window(r));
    }
    // a copy differs from its clean recording
    assertThat(more.window(more.rowsOf(List.of(copies.get(0)))[0])).isNotEqualTo(data.window(data.rowsOf(List.of(all.get(0)))[0]));
    assertThat(ChannelAugmenter.channel(a, 42, all.get(0), 0).describe())
        .isEqualTo(ChannelAugmenter.channel(a, 42, all.get(0), 0).describe())
        .isNotEqualTo(ChannelAugmenter.channel(a, 43, all.get(0), 0).describe());
  }

  @Test
  void recipesSaveTheirChannelsAndOlderRecipeFilesHaveNone() {
    TrainingConfig robust = TrainingConfig.robust();
    assertThat(TrainingConfig.fromJson(robust.toJson())).isEqualTo(robust);
    assertThat(robust.withEpochs(3).channels()).isEqualTo(ChannelAugmentation.robust());
    String old = TrainingConfig.defaults().toJson().replaceAll(",\"channels\":\\{[^}]*\\}", "");
    assertThat(old).doesNotContain("channels");
    assertThat(TrainingConfig.fromJson(old).channels()).isEqualTo(ChannelAugmentation.none());
    assertThat(TrainingConfig.fromJson(old)).isEqualTo(TrainingConfig.defaults());
  }

  @Test
  void refusesSpeedChangesThatMoveVoicesAcrossTheGenderBoundary() {
    assertThatThrownBy(() -> new ChannelAugmentation(1, 0, 0, 0, 0, 0, 0, 0, 1, 0.1))
        .hasMessageContaining("speed change must be in 0-0.05");
    assertThatThrownBy(() -> new ChannelAugmentation(1, 1.5, 0, 10, 0, 0, 0, 0, 0, 0))
        .hasMessageContaining("probability");
  }
}
