package org.voicegender.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.corpus.Utterance;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.output.FigureFiles;

/** Training jobs: a recipe's features, training with its validation readers, fine-tuning, the history files. */
public final class TrainingJobs {
  private TrainingJobs() {}

  /** Feature settings for a recipe: the seed's, with the recipe's window policy and hop. */
  public static FeatureConfig featuresFor(TrainingConfig cfg) {
    FeatureConfig seed = FeatureConfig.seed().withWindowPolicy(cfg.windowPolicy());
    return cfg.windowPolicy() == org.voicegender.audio.WindowPolicy.EVERY
        ? seed.withWindowHop(cfg.windowHopSeconds())
        : seed;
  }

  /**
   * Trains on {@code train}'s readers, holding out the recipe's validation share of them for
   * early stopping.
   */
  public static Trainer.Result train(
      WindowDataset data, List<Utterance> train, NetworkConfig net, TrainingConfig cfg,
      Consumer<EpochStats> progress) {
    return train(data, train, List.of(), net, cfg, progress);
  }

  /**
   * {@link #train(WindowDataset, List, NetworkConfig, TrainingConfig, Consumer)}, with each
   * epoch's loss and accuracy also measured on {@code heldOut}'s readers (test readers, say),
   * which neither train nor select anything: the history then shows whether it over-fits. With
   * the recipe's channel augmentation, the degraded copies of the training readers' recordings
   * (those {@code data} does not hold yet are made here) train beside them.
   */
  public static Trainer.Result train(
      WindowDataset data, List<Utterance> train, List<Utterance> heldOut, NetworkConfig net,
      TrainingConfig cfg, Consumer<EpochStats> progress) {
    SpeakerSplit.Split split = validationSplit(train, cfg);
    List<Utterance> fit = split.train();
    if (cfg.channels().active()) {
      data = ChannelAugmenter.withCopies(data, split.train(), cfg.channels(), cfg.seed(), featuresFor(cfg));
      fit = new java.util.ArrayList<>(split.train());
      fit.addAll(ChannelAugmenter.copiesOf(data, split.train()));
    }
    return Trainer.train(data, data.rowsOf(fit), data.rowsOf(split.validation()),
        data.rowsOf(heldOut), featuresFor(cfg), net, cfg, progress);
  }

  /** The recipe's validation readers held out of {@code train} (none when its fraction is 0). */
  public static SpeakerSplit.Split validationSplit(List<Utterance> train, TrainingConfig cfg) {
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
      Consumer<ComputationGraph> adapt, Consumer<EpochStats> progress) {
    data = model.inputs(data); // refuses windows prepared otherwise than the model's training
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
    return Trainer.fit(copy, data, data.rowsOf(split.train()), data.rowsOf(split.validation()), cfg, progress);
  }

  /** Writes a training run's history CSV and accuracy/loss charts. */
  public static void writeHistory(Trainer.Result result, Path out) throws IOException {
    var table = TrainingHistory.table(result.history());
    FigureFiles.writeCsv(table, out.resolve("history.csv"));
    FigureFiles.writePng(TrainingHistory.curves(table, "accuracy"), out.resolve("accuracy.png"));
    FigureFiles.writePng(TrainingHistory.curves(table, "loss"), out.resolve("loss.png"));
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

}
