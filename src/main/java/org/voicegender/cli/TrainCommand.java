package org.voicegender.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.output.FigureFiles;
import org.voicegender.train.Trainer;
import org.voicegender.train.TrainingJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the CNN-LSTM on every reader of a corpus and save the model file.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions options;

  @Option(names = "--data", description = "LibriSpeech root (default: data/LibriSpeech, else the shared mini corpus)")
  Path data;

  @Option(names = "--out", required = true, description = "model file to write (.zip)")
  Path model;

  @Option(names = "--recipe", defaultValue = "default", description = "original, default, previous-default or a .json file")
  String recipe;

  @Option(names = "--network", defaultValue = "shipped", description = "shipped or larger")
  String network;

  @Option(names = "--epochs", description = "override the recipe's epochs")
  Integer epochs;

  @Option(names = "--seed", description = "override the recipe's seed")
  Long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    TrainingConfig cfg = ModelOptions.recipe(recipe, epochs);
    if (seed != null) {
      cfg = cfg.withSeed(seed);
    }
    LibriSpeechCorpus corpus = ModelOptions.open(data);
    var features = options.features(corpus, TrainingJobs.featuresFor(cfg));
    WindowDataset ds = WindowDataset.load(features, corpus.utterances());
    Trainer.Result r = TrainingJobs.train(ds, ds.utterances(), NetworkConfig.preset(network), cfg,
        s -> out.println(s.describe()));
    r.model().save(model);
    Path dir = model.toAbsolutePath().getParent().resolve(stem(model) + "-training");
    TrainingJobs.writeHistory(r, dir);
    FigureFiles.writeJson(TrainingJobs.trainingFigures(r), dir.resolve("training.json"));
    out.printf("%s%nbest epoch %d of %d; %.3f s/epoch, %.2f ms/iteration%nsaved %s (history and charts in %s)%n",
        r.model().summary(), r.bestEpoch(), r.history().size(), r.secondsPerEpoch(), r.msPerIteration(), model, dir);
    return 0;
  }

  static String stem(Path p) {
    String n = p.getFileName().toString();
    return n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n;
  }
}
