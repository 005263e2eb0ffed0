package org.voicegender.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureConfig;
import picocli.CommandLine.Option;

/** Options shared by the model commands: the feature cache and thread count. */
final class ModelOptions {
  @Option(names = "--cache", defaultValue = "data/cache/features", description = "feature cache folder")
  Path cache;

  @Option(names = "--threads", defaultValue = "0", description = "feature extraction threads (0 = all cores)")
  int threads;

  CorpusFeatures.Result features(LibriSpeechCorpus corpus, FeatureConfig config) throws IOException {
    return CorpusFeatures.run(corpus.utterances(), config, options());
  }

  /** A model file with a corpus' windows, extracted with the model's own feature settings. */
  record ModelAndData(org.voicegender.model.TrainedModel model, LibriSpeechCorpus corpus,
      org.voicegender.model.WindowDataset dataset) {}

  ModelAndData load(Path modelFile, Path data) throws IOException {
    var model = org.voicegender.model.TrainedModel.load(modelFile);
    LibriSpeechCorpus corpus = open(data);
    // The model's own path from recordings to its inputs: its feature config, its recording mean.
    return new ModelAndData(model, corpus, model.inputs(corpus, options()));
  }

  CorpusFeatures.Options options() {
    return new CorpusFeatures.Options(cache, threads, true);
  }

  /** A recipe by name or JSON file, with the epochs overridden when given. */
  static org.voicegender.model.TrainingConfig recipe(String name, Integer epochs) {
    var cfg = org.voicegender.model.TrainingConfig.preset(name.trim());
    return epochs == null ? cfg : cfg.withEpochs(epochs);
  }

  static LibriSpeechCorpus open(Path data) throws IOException {
    return LibriSpeechCorpus.open(data != null ? data : DefaultCorpus.path(), List.of());
  }
}
