package org.voicegender.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.corpus.Utterance;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.output.FigureFiles;
import org.voicegender.output.Figures;

/** Speaker-independent figures of a recipe: k-fold cross-validation by reader, and train-on-one-corpus, test-on-another. */
public final class CrossValidation {
  private CrossValidation() {}

  /** The result of k-fold cross-validation for one recipe. */
  public record CvResult(String recipe, List<Map<String, Object>> folds, Map<String, Object> summary) {}

  /**
   * k-fold cross-validation by reader: each fold trains on the other folds' readers (minus the
   * recipe's validation readers) and tests on its own.
   */
  public static CvResult crossValidate(
      List<Utterance> utterances, CorpusFeatures.Result features, int k, NetworkConfig net,
      TrainingConfig cfg, Path out, Consumer<String> log) throws IOException {
    return crossValidate(utterances, features, k, net, cfg, out, log, (fold, model) -> {});
  }

  /**
   * {@link #crossValidate(List, CorpusFeatures.Result, int, NetworkConfig, TrainingConfig, Path,
   * Consumer)}, handing each fold's trained model to {@code foldModel} (to evaluate it otherwise).
   * With the recipe's channel augmentation, every recording's degraded copies are made once,
   * before the folds.
   */
  public static CvResult crossValidate(
      List<Utterance> utterances, CorpusFeatures.Result features, int k, NetworkConfig net,
      TrainingConfig cfg, Path out, Consumer<String> log,
      java.util.function.BiConsumer<SpeakerSplit.Fold, org.voicegender.model.TrainedModel> foldModel)
      throws IOException {
    WindowDataset data = WindowDataset.load(features, utterances);
    List<Utterance> recordings = data.utterances();
    if (cfg.channels().active()) {
      log.accept(cfg.recipe() + ": " + cfg.channels().copies() + " degraded copies of each of " + recordings.size()
          + " recordings");
      data = ChannelAugmenter.withCopies(data, recordings, cfg.channels(), cfg.seed(), TrainingJobs.featuresFor(cfg));
    }
    List<Map<String, Object>> folds = new ArrayList<>();
    List<Double> window = new ArrayList<>();
    List<Double> utterance = new ArrayList<>();
    List<Double> reader = new ArrayList<>();
    List<Double> readerWeighted = new ArrayList<>();
    int readers = 0;
    int readersCorrect = 0;
    double readerUtteranceShares = 0;
    List<Double> secondsPerEpoch = new ArrayList<>();
    List<Double> msPerIteration = new ArrayList<>();
    for (SpeakerSplit.Fold fold : SpeakerSplit.kFolds(recordings, k, cfg.seed())) {
      Trainer.Result trained = TrainingJobs.train(data, fold.train(), net, cfg, null);
      SpeakerEvaluation.Result ev = Evaluation.evaluate(trained.model(), data, fold.test(), cfg.seed());
      foldModel.accept(fold, trained.model());
      Path foldDir = out.resolve("fold-" + fold.index());
      Map<String, Object> m = Evaluation.writeEvaluation(ev, TrainingJobs.trainingFigures(trained), foldDir);
      TrainingJobs.writeHistory(trained, foldDir);
      m.put("fold", fold.index());
      folds.add(m);
      window.add(ev.windowAccuracy());
      utterance.add(ev.utteranceAccuracy());
      reader.add(ev.readerAccuracy());
      readerWeighted.add(ev.readerWeightedUtteranceAccuracy());
      for (SpeakerEvaluation.ReaderResult r : ev.perReader()) {
        readers++;
        readersCorrect += r.correct() ? 1 : 0;
        readerUtteranceShares += r.utteranceAccuracy();
      }
      secondsPerEpoch.add(trained.secondsPerEpoch());
      msPerIteration.add(trained.msPerIteration());
      log.accept(String.format("%s fold %d: window %s, utterance %s, reader %s (%d epochs, best %d, %.2f s/epoch)",
          cfg.recipe(), fold.index(), Figures.percent(ev.windowAccuracy()), Figures.percent(ev.utteranceAccuracy()),
          Figures.percent(ev.readerAccuracy()),
          trained.history().size(), trained.bestEpoch(), trained.secondsPerEpoch()));
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("recipe", cfg.recipe());
    s.put("folds", k);
    s.put("window_accuracy", mean(window));
    s.put("window_accuracy_std", std(window));
    s.put("utterance_accuracy", mean(utterance));
    s.put("utterance_accuracy_std", std(utterance));
    s.put("reader_accuracy", mean(reader));
    s.put("reader_accuracy_std", std(reader));
    s.put("reader_weighted_utterance_accuracy", mean(readerWeighted));
    s.put("reader_weighted_utterance_accuracy_std", std(readerWeighted));
    // every reader is tested in exactly one fold: the pooled figures are over all of them
    s.put("readers", readers);
    s.put("pooled_reader_accuracy", (double) readersCorrect / readers);
    s.put("pooled_reader_weighted_utterance_accuracy", readerUtteranceShares / readers);
    s.put("window_accuracy_per_fold", window);
    s.put("utterance_accuracy_per_fold", utterance);
    s.put("reader_accuracy_per_fold", reader);
    s.put("seconds_per_epoch", mean(secondsPerEpoch));
    s.put("ms_per_iteration", mean(msPerIteration));
    s.put("training", cfg);
    s.put("network", net);
    s.put("features", features.config());
    FigureFiles.writeJson(s, out.resolve("metrics.json"));
    return new CvResult(cfg.recipe(), folds, s);
  }

  /**
   * Trains on every reader of one corpus and tests on every reader of another; refuses corpora
   * that share a reader, so the figure stays speaker-independent.
   */
  public static Map<String, Object> trainTest(
      WindowDataset train, WindowDataset test, NetworkConfig net, TrainingConfig cfg, Path out,
      Consumer<EpochStats> progress) throws IOException {
    Set<Integer> trainReaders = new HashSet<>();
    train.utterances().forEach(u -> trainReaders.add(u.speaker()));
    List<Integer> shared = test.utterances().stream().map(Utterance::speaker)
        .filter(trainReaders::contains).distinct().sorted().toList();
    if (!shared.isEmpty()) {
      throw new IllegalArgumentException("readers " + shared + " are in both the training and the"
          + " test corpus; a speaker-independent test needs disjoint readers");
    }
    Trainer.Result trained = TrainingJobs.train(train, train.utterances(), net, cfg, progress);
    SpeakerEvaluation.Result ev = Evaluation.evaluate(trained.model(), test, test.utterances(), cfg.seed());
    Map<String, Object> m = Evaluation.writeEvaluation(ev, TrainingJobs.trainingFigures(trained), out);
    TrainingJobs.writeHistory(trained, out);
    return m;
  }

  static double mean(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static double std(List<Double> v) {
    double m = mean(v);
    return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / Math.max(1, v.size() - 1));
  }
}
