package org.voicegender.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.report.ProjectLog;
import org.voicegender.train.Trainer;
import org.voicegender.train.TrainingJobs;

/**
 * The main job, end to end: features of a corpus, training on 80 % of its readers, evaluation
 * on the other 20 %, history and charts, metrics, a saved model and a project-log entry.
 */
public final class Pipeline {
  private Pipeline() {}

  /** A project-log entry with a run's headline figures. */
  public static ProjectLog.Entry logEntry(
      String title, String corpusLabel, TrainingConfig cfg, Trainer.Result trained,
      SpeakerEvaluation.Result ev) {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("accuracy per 2 s window", String.format("%.1f %% (95 %% CI %.1f-%.1f, %d windows)",
        100 * ev.windowAccuracy(), 100 * ev.windowInterval()[0], 100 * ev.windowInterval()[1], ev.windows()));
    figures.put("accuracy per utterance", String.format("%.1f %% (95 %% CI %.1f-%.1f, %d utterances)",
        100 * ev.utteranceAccuracy(), 100 * ev.utteranceInterval()[0], 100 * ev.utteranceInterval()[1], ev.utterances()));
    figures.put("accuracy per reader", String.format("%.1f %% (95 %% CI %.1f-%.1f, %d readers, majority of each one's utterances)",
        100 * ev.readerAccuracy(), 100 * ev.readerInterval()[0], 100 * ev.readerInterval()[1], ev.readers()));
    figures.put("accuracy per utterance, each reader once", String.format("%.1f %% (95 %% CI %.1f-%.1f)",
        100 * ev.readerWeightedUtteranceAccuracy(), 100 * ev.readerWeightedUtteranceInterval()[0],
        100 * ev.readerWeightedUtteranceInterval()[1]));
    figures.put("test readers", ev.readers() + " (none seen in training)");
    figures.put("parameters", String.format("%,d", trained.model().graph().numParams()));
    figures.put("training time", String.format("%.1f s (%d epochs, best %d, %.2f s/epoch)",
        trained.fitSeconds(), trained.history().size(), trained.bestEpoch(), trained.secondsPerEpoch()));
    return new ProjectLog.Entry(ZonedDateTime.now(), title, corpusLabel, cfg.toJson(), figures);
  }

  /** What a run produced. */
  public record Result(
      LibriSpeechCorpus corpus, CorpusFeatures.Result features, Trainer.Result training,
      SpeakerEvaluation.Result evaluation, Path outDir) {}

  public static Result run(
      LibriSpeechCorpus corpus, TrainingConfig cfg, Path cacheDir, Path outDir, Path log,
      String corpusLabel, Consumer<String> say) throws IOException {
    CorpusFeatures.Result features = CorpusFeatures.run(corpus.utterances(),
        TrainingJobs.featuresFor(cfg), CorpusFeatures.Options.defaults(cacheDir));
    say.accept(String.format("features: %d windows of %d recordings (%d skipped) in %.1f s",
        features.windows(), features.entries().size(), features.skipped().size(),
        features.elapsed().toNanos() / 1e9));
    WindowDataset data = WindowDataset.load(features, corpus.utterances());
    SpeakerSplit.Split split = SpeakerSplit.split(data.utterances(), 0.8, 0.0, 0.2, cfg.seed());
    Trainer.Result trained = TrainingJobs.train(data, split.train(), split.test(), NetworkConfig.shipped(), cfg,
        s -> say.accept(s.describe()));
    SpeakerEvaluation.Result ev = Evaluation.evaluate(trained.model(), data, split.test(), cfg.seed());
    Map<String, Object> extra = new LinkedHashMap<>(TrainingJobs.trainingFigures(trained));
    extra.put("corpus", corpus.root().toString());
    Evaluation.writeEvaluation(ev, extra, outDir);
    TrainingJobs.writeHistory(trained, outDir);
    trained.model().save(outDir.resolve("model.zip"));
    ProjectLog.prepend(log, logEntry("main job (recipe " + cfg.recipe() + ")", corpusLabel, cfg, trained, ev));
    return new Result(corpus, features, trained, ev, outDir);
  }
}
