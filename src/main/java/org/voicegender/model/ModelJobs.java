package org.voicegender.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.corpus.Utterance;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureConfig;
import org.voicegender.report.TrainingReport;

/**
 * The model stage's jobs as functions: train on some readers, evaluate on others, k-fold
 * cross-validation by reader. Each writes metrics.json, CSV tables and PNG charts into an
 * output folder and returns its figures.
 */
public final class ModelJobs {
  private ModelJobs() {}

  /** Feature settings for a recipe: the seed's, with the recipe's window policy and hop. */
  public static FeatureConfig featuresFor(TrainingConfig cfg) {
    FeatureConfig seed = FeatureConfig.seed().withWindowPolicy(cfg.windowPolicy());
    return cfg.windowPolicy() == org.voicegender.audio.WindowPolicy.EVERY
        ? seed.withWindowHop(cfg.windowHopSeconds())
        : seed;
  }

  /** Rows of {@code data} whose utterance is in {@code utterances}. */
  public static int[] rowsOf(WindowDataset data, List<Utterance> utterances) {
    Set<String> ids = new HashSet<>();
    utterances.forEach(u -> ids.add(u.id()));
    return java.util.stream.IntStream.range(0, data.size())
        .filter(i -> ids.contains(data.utteranceOf(i).id()))
        .toArray();
  }

  /**
   * Trains on {@code train}'s readers, holding out the recipe's validation share of them for
   * early stopping.
   */
  public static Trainer.Result train(
      WindowDataset data, List<Utterance> train, NetworkConfig net, TrainingConfig cfg,
      Consumer<Trainer.EpochStats> progress) {
    SpeakerSplit.Split split = validationSplit(train, cfg);
    return Trainer.train(data, rowsOf(data, split.train()), rowsOf(data, split.validation()),
        featuresFor(cfg), net, cfg, progress);
  }

  /** The recipe's validation readers held out of {@code train} (none when its fraction is 0). */
  static SpeakerSplit.Split validationSplit(List<Utterance> train, TrainingConfig cfg) {
    return cfg.validationFraction() > 0
        ? SpeakerSplit.split(train, 1 - cfg.validationFraction(), cfg.validationFraction(), 0, cfg.seed())
        : new SpeakerSplit.Split(train, List.of(), List.of());
  }

  /**
   * A copy of {@code model} trained on for {@code epochs} at {@code learningRate}, after {@code
   * adapt} has changed the copy's graph (fake quantization, approximate activations, ...), on the
   * readers the model trained on, split again into training and validation readers as its recipe
   * does; {@code model} itself is left as it was.
   */
  public static Trainer.Result fineTune(
      TrainedModel model, WindowDataset data, int epochs, double learningRate,
      Consumer<ComputationGraph> adapt, Consumer<Trainer.EpochStats> progress) {
    List<Utterance> seen = data.utterances().stream().filter(u -> model.sawReader(u.speaker())).toList();
    if (seen.isEmpty()) {
      throw new IllegalArgumentException("fine-tuning trains on the readers the model trained on, and"
          + " this corpus has none of them" + (model.readers().isEmpty()
              ? " (the model file does not record them: retrain it with this version)" : ""));
    }
    TrainingConfig cfg = model.training().withEpochs(epochs);
    SpeakerSplit.Split split = validationSplit(seen, cfg);
    TrainedModel copy = model.copy();
    adapt.accept(copy.graph());
    copy.graph().setLearningRate(learningRate);
    // Dropout draws from ND4J's global generator: seed it, so a fine-tuning run does not depend
    // on what ran before it in the same JVM.
    org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(cfg.seed());
    return Trainer.fit(copy, data, rowsOf(data, split.train()), rowsOf(data, split.validation()), cfg, progress);
  }

  public static SpeakerEvaluation.Result evaluate(TrainedModel model, WindowDataset data, List<Utterance> test, long seed) {
    int[] rows = rowsOf(data, test);
    if (rows.length == 0) {
      throw new IllegalArgumentException("no test windows to evaluate");
    }
    return SpeakerEvaluation.evaluate(data, rows, model.maleProbabilities(data, rows),
        model.training().utteranceScore(), seed);
  }

  /**
   * The utterances whose readers the model never saw in training or validation: an evaluation
   * on a corpus that shares readers with the model's training keeps only these.
   */
  public static List<Utterance> unseenBy(TrainedModel model, List<Utterance> utterances) {
    List<Utterance> unseen = utterances.stream().filter(u -> !model.sawReader(u.speaker())).toList();
    if (unseen.isEmpty()) {
      throw new IllegalArgumentException("every reader of this corpus trained or validated the model;"
          + " evaluate it on readers it has not seen");
    }
    return unseen;
  }

  /** Writes an evaluation's metrics.json, per-reader and confusion CSVs. */
  public static Map<String, Object> writeEvaluation(SpeakerEvaluation.Result r, Map<String, Object> extra, Path out) throws IOException {
    Files.createDirectories(out);
    Map<String, Object> m = metrics(r);
    m.putAll(extra);
    writeJson(m, out.resolve("metrics.json"));
    TrainingReport.writeCsv(TrainingReport.perReader(r), out.resolve("per_reader.csv"));
    TrainingReport.writeCsv(TrainingReport.confusion(r.windowConfusion(), "window confusion"), out.resolve("confusion_windows.csv"));
    TrainingReport.writeCsv(TrainingReport.confusion(r.utteranceConfusion(), "utterance confusion"), out.resolve("confusion_utterances.csv"));
    return m;
  }

  public static Map<String, Object> metrics(SpeakerEvaluation.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("window_accuracy", r.windowAccuracy());
    m.put("utterance_accuracy", r.utteranceAccuracy());
    m.put("window_accuracy_95ci", r.windowInterval());
    m.put("utterance_accuracy_95ci", r.utteranceInterval());
    m.put("windows", r.windows());
    m.put("utterances", r.utterances());
    m.put("readers", r.readers());
    Map<String, Object> byGender = new LinkedHashMap<>();
    r.windowAccuracyByGender().forEach((g, v) -> byGender.put(g.code() + "_window_accuracy", v));
    r.utteranceAccuracyByGender().forEach((g, v) -> byGender.put(g.code() + "_utterance_accuracy", v));
    m.put("by_gender", byGender);
    m.put("window_confusion", r.windowConfusion());
    m.put("utterance_confusion", r.utteranceConfusion());
    return m;
  }

  /** Writes a training run's history CSV and accuracy/loss charts. */
  public static void writeHistory(Trainer.Result result, Path out) throws IOException {
    var table = TrainingReport.history(result.history());
    TrainingReport.writeCsv(table, out.resolve("history.csv"));
    TrainingReport.writePng(TrainingReport.curves(table, "accuracy"), out.resolve("accuracy.png"));
    TrainingReport.writePng(TrainingReport.curves(table, "loss"), out.resolve("loss.png"));
  }

  public static Map<String, Object> trainingFigures(Trainer.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs_run", r.history().size());
    m.put("best_epoch", r.bestEpoch());
    m.put("iterations", r.iterations());
    m.put("seconds_per_epoch", r.secondsPerEpoch());
    m.put("ms_per_iteration", r.msPerIteration());
    m.put("parameters", r.model().graph().numParams());
    return m;
  }

  /** The result of k-fold cross-validation for one recipe. */
  public record CvResult(String recipe, List<Map<String, Object>> folds, Map<String, Object> summary) {}

  /**
   * k-fold cross-validation by reader: each fold trains on the other folds' readers (minus the
   * recipe's validation readers) and tests on its own.
   */
  public static CvResult crossValidate(
      List<Utterance> utterances, CorpusFeatures.Result features, int k, NetworkConfig net,
      TrainingConfig cfg, Path out, Consumer<String> log) throws IOException {
    WindowDataset data = WindowDataset.load(features, utterances);
    List<Map<String, Object>> folds = new ArrayList<>();
    List<Double> window = new ArrayList<>();
    List<Double> utterance = new ArrayList<>();
    List<Double> secondsPerEpoch = new ArrayList<>();
    List<Double> msPerIteration = new ArrayList<>();
    for (SpeakerSplit.Fold fold : SpeakerSplit.kFolds(data.utterances(), k, cfg.seed())) {
      Trainer.Result trained = train(data, fold.train(), net, cfg, null);
      SpeakerEvaluation.Result ev = evaluate(trained.model(), data, fold.test(), cfg.seed());
      Path foldDir = out.resolve("fold-" + fold.index());
      Map<String, Object> m = writeEvaluation(ev, trainingFigures(trained), foldDir);
      writeHistory(trained, foldDir);
      m.put("fold", fold.index());
      folds.add(m);
      window.add(ev.windowAccuracy());
      utterance.add(ev.utteranceAccuracy());
      secondsPerEpoch.add(trained.secondsPerEpoch());
      msPerIteration.add(trained.msPerIteration());
      log.accept(String.format("%s fold %d: window %.3f, utterance %.3f (%d epochs, best %d, %.2f s/epoch)",
          cfg.recipe(), fold.index(), ev.windowAccuracy(), ev.utteranceAccuracy(),
          trained.history().size(), trained.bestEpoch(), trained.secondsPerEpoch()));
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("recipe", cfg.recipe());
    s.put("folds", k);
    s.put("window_accuracy", mean(window));
    s.put("window_accuracy_std", std(window));
    s.put("utterance_accuracy", mean(utterance));
    s.put("utterance_accuracy_std", std(utterance));
    s.put("window_accuracy_per_fold", window);
    s.put("utterance_accuracy_per_fold", utterance);
    s.put("seconds_per_epoch", mean(secondsPerEpoch));
    s.put("ms_per_iteration", mean(msPerIteration));
    s.put("training", cfg);
    s.put("network", net);
    s.put("features", features.config());
    writeJson(s, out.resolve("metrics.json"));
    return new CvResult(cfg.recipe(), folds, s);
  }

  /**
   * Trains on every reader of one corpus and tests on every reader of another; refuses corpora
   * that share a reader, so the figure stays speaker-independent.
   */
  public static Map<String, Object> trainTest(
      WindowDataset train, WindowDataset test, NetworkConfig net, TrainingConfig cfg, Path out,
      Consumer<Trainer.EpochStats> progress) throws IOException {
    Set<Integer> trainReaders = new HashSet<>();
    train.utterances().forEach(u -> trainReaders.add(u.speaker()));
    List<Integer> shared = test.utterances().stream().map(Utterance::speaker)
        .filter(trainReaders::contains).distinct().sorted().toList();
    if (!shared.isEmpty()) {
      throw new IllegalArgumentException("readers " + shared + " are in both the training and the"
          + " test corpus; a speaker-independent test needs disjoint readers");
    }
    Trainer.Result trained = train(train, train.utterances(), net, cfg, progress);
    SpeakerEvaluation.Result ev = evaluate(trained.model(), test, test.utterances(), cfg.seed());
    Map<String, Object> m = writeEvaluation(ev, trainingFigures(trained), out);
    writeHistory(trained, out);
    return m;
  }

  public static void writeJson(Object value, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
  }

  static double mean(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static double std(List<Double> v) {
    double m = mean(v);
    return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / Math.max(1, v.size() - 1));
  }
}
