package org.voicegender.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.voicegender.audio.YinPitchTracker;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.output.FigureFiles;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;
import org.voicegender.report.RobustnessFiles;
import org.voicegender.robust.RobustnessStudy;
import org.voicegender.robust.VoiceStress;
import org.voicegender.train.CrossValidation;
import org.voicegender.train.TrainingJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cv", mixinStandardHelpOptions = true,
    description = "k-fold cross-validation by reader (gender-stratified), one or more recipes side by side.")
final class CrossValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions options;

  @Option(names = "--data", description = "LibriSpeech root")
  Path data;

  @Option(names = "--folds", defaultValue = "5", description = "folds of readers (default ${DEFAULT-VALUE})")
  int folds;

  @Option(names = "--recipe", split = ",", defaultValue = "original,default",
      description = "recipes to compare: original, default, previous-default, robust or recipe .json files (comma-separated)")
  List<String> recipes;

  @Option(names = "--network", defaultValue = "shipped", description = "network size: shipped or larger (default ${DEFAULT-VALUE})")
  String network;

  @Option(names = "--epochs", description = "override every recipe's epochs (for quick runs)")
  Integer epochs;

  @Option(names = "--out", required = true, description = "output folder")
  Path outDir;

  @Option(names = "--robustness",
      description = "also score every fold's model on degraded copies of its test readers (generated noise at 20/10/5 dB,"
          + " reverberation, telephone, gain, speed): <recipe>/robustness/ and robustness.md over every reader; and the"
          + " voice stress table of every reader (<recipe>/voices/)")
  boolean robustness;

  @Option(names = "--train", description = "instead of folds: train on every reader of this corpus...")
  Path trainCorpus;

  @Option(names = "--test", description = "...and test on every reader of this one (no reader in both)")
  Path testCorpus;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((trainCorpus == null) != (testCorpus == null)) {
      throw new IllegalArgumentException("--train and --test go together");
    }
    if (trainCorpus != null) {
      return trainTest(out);
    }
    LibriSpeechCorpus corpus = ModelOptions.open(data);
    List<CrossValidation.CvResult> results = new ArrayList<>();
    List<RobustnessStudy.Result> robust = new ArrayList<>();
    for (String name : recipes) {
      TrainingConfig cfg = ModelOptions.recipe(name, epochs);
      var features = options.features(corpus, TrainingJobs.featuresFor(cfg));
      var settings = RobustnessStudy.Settings.standard(cfg.seed());
      var pool = new RobustnessStudy.Pool(RobustnessStudy.conditions(settings, List.of()), settings);
      java.util.function.Consumer<String> say = line -> {
        out.println(line);
        out.flush();
      };
      results.add(CrossValidation.crossValidate(corpus.utterances(), features, folds,
          NetworkConfig.preset(network), cfg, outDir.resolve(cfg.recipe()), say, (fold, model) -> {
            if (robustness) {
              pool.add(model, fold.test(), say);
            }
          }));
      if (robustness) {
        var r = pool.result(cfg.utteranceScore());
        RobustnessFiles.writeRobustness(r, folds + "-fold cross-validation by reader, recipe " + cfg.recipe()
            + ": every reader once, scored by the fold's model that never met it", java.util.Map.of("recipe", cfg.recipe(),
            "corpus", corpus.root().toString(), "folds", folds), outDir.resolve(cfg.recipe()).resolve("robustness"));
        robust.add(r);
        var voices = VoiceStress.of(r.clean().evaluation(), corpus.utterances(),
            new YinPitchTracker(YinPitchTracker.Config.speech()));
        RobustnessFiles.writeVoices(voices, "bin/voicegender cv --folds " + folds + " --recipe "
            + String.join(",", recipes) + " --robustness (every reader, scored by the fold's model that never met it)",
            java.util.Map.of("recipe", cfg.recipe(), "folds", folds),
            outDir.resolve(cfg.recipe()).resolve("voices"));
      }
    }
    if (robustness) {
      robustnessTable(results, robust).write(outDir.resolve("robustness"));
    }
    FigureTable table = new FigureTable(folds + "-fold cross-validation by reader on " + corpus.root(),
        "recipe", "per window", "per utterance", "per reader", "per utterance, each reader once",
        "readers", "s/epoch", "ms/iteration");
    for (CrossValidation.CvResult r : results) {
      var s = r.summary();
      table.row(r.recipe(),
          String.format("%.1f %% ± %.1f", 100 * (double) s.get("window_accuracy"), 100 * (double) s.get("window_accuracy_std")),
          String.format("%.1f %% ± %.1f", 100 * (double) s.get("utterance_accuracy"), 100 * (double) s.get("utterance_accuracy_std")),
          String.format("%.1f %% ± %.1f", 100 * (double) s.get("reader_accuracy"), 100 * (double) s.get("reader_accuracy_std")),
          String.format("%.1f %% ± %.1f", 100 * (double) s.get("reader_weighted_utterance_accuracy"),
              100 * (double) s.get("reader_weighted_utterance_accuracy_std")),
          String.valueOf(s.get("readers")),
          String.format("%.3f", (double) s.get("seconds_per_epoch")),
          String.format("%.1f", (double) s.get("ms_per_iteration")));
    }
    table.note("Mean ± standard deviation over folds; no reader is in both training and test. Per reader:"
        + " a reader is right when the majority of its utterances is (a tie goes to their mean P(male));"
        + " per utterance, each reader once: the mean over readers of each reader's utterance accuracy.");
    table.write(outDir.resolve("cv"));
    FigureFiles.writeJson(results.stream().map(CrossValidation.CvResult::summary).toList(), outDir.resolve("metrics.json"));
    out.print(table.toMarkdown());
    return 0;
  }

  /** The recipes' robustness side by side: accuracy per window, utterance and reader under each condition. */
  private FigureTable robustnessTable(List<CrossValidation.CvResult> results, List<RobustnessStudy.Result> robust) {
    List<String> columns = new ArrayList<>(List.of("condition"));
    for (CrossValidation.CvResult r : results) {
      columns.addAll(List.of(r.recipe() + " window", r.recipe() + " utterance", r.recipe() + " reader",
          r.recipe() + " utterance vs clean"));
    }
    FigureTable t = new FigureTable(folds + "-fold cross-validation by reader: degraded copies of the test readers",
        columns.toArray(String[]::new));
    for (int c = 0; c < robust.get(0).rows().size(); c++) {
      List<Object> row = new ArrayList<>(List.of(robust.get(0).rows().get(c).condition()));
      for (RobustnessStudy.Result r : robust) {
        var e = r.rows().get(c).evaluation();
        row.addAll(List.of(Figures.percent(e.windowAccuracy()), Figures.percent(e.utteranceAccuracy()),
            Figures.percent(e.readerAccuracy()),
            String.format("%+.1f", 100 * (e.utteranceAccuracy() - r.clean().evaluation().utteranceAccuracy()))));
      }
      t.row(row.toArray());
    }
    t.note("Every reader of the corpus once, scored by the fold's model that never met it; each degraded copy at a"
        + " seed fixed by the recipe's seed, the condition and the utterance id.");
    t.note("Made by: bin/voicegender cv --folds " + folds + " --recipe " + String.join(",", recipes) + " --robustness");
    return t;
  }

  private int trainTest(PrintWriter out) throws Exception {
    LibriSpeechCorpus train = LibriSpeechCorpus.open(trainCorpus);
    LibriSpeechCorpus test = LibriSpeechCorpus.open(testCorpus);
    FigureTable table = new FigureTable("Train on " + train.root() + ", test on " + test.root(),
        "recipe", "per window", "per utterance", "utterance 95% CI (readers)", "per reader", "reader 95% CI",
        "per utterance, each reader once");
    for (String name : recipes) {
      TrainingConfig cfg = ModelOptions.recipe(name, epochs);
      var config = TrainingJobs.featuresFor(cfg);
      WindowDataset trainData = WindowDataset.load(options.features(train, config), train.utterances());
      WindowDataset testData = WindowDataset.load(options.features(test, config), test.utterances());
      var m = CrossValidation.trainTest(trainData, testData, NetworkConfig.preset(network), cfg,
          outDir.resolve(cfg.recipe()), null);
      double[] ci = (double[]) m.get("utterance_accuracy_95ci");
      table.row(cfg.recipe(), String.format("%.1f %%", 100 * (double) m.get("window_accuracy")),
          String.format("%.1f %%", 100 * (double) m.get("utterance_accuracy")),
          String.format("%.1f-%.1f %%", 100 * ci[0], 100 * ci[1]),
          String.format("%.1f %%", 100 * (double) m.get("reader_accuracy")),
          String.format("%.1f-%.1f %%", 100 * ((double[]) m.get("reader_accuracy_95ci"))[0],
              100 * ((double[]) m.get("reader_accuracy_95ci"))[1]),
          String.format("%.1f %%", 100 * (double) m.get("reader_weighted_utterance_accuracy")));
    }
    table.write(outDir.resolve("train-test"));
    out.print(table.toMarkdown());
    return 0;
  }
}
