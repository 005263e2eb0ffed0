package org.voicegender.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SyntheticCorpus;
import org.voicegender.jobs.Pipeline;
import org.voicegender.model.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "The main job: features, training, evaluation on unseen readers, charts, project log.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", description = "LibriSpeech root; default: data/LibriSpeech, else the"
      + " shared mini corpus, else a synthetic demo corpus generated in data/synthetic")
  Path data;

  @Option(names = "--recipe", defaultValue = "default", description = "original, default, previous-default or a .json file")
  String recipe;

  @Option(names = "--epochs", description = "override the recipe's epochs")
  Integer epochs;

  @Option(names = "--out", defaultValue = "artifacts/run", description = "output folder")
  Path outDir;

  @Option(names = "--cache", defaultValue = "data/cache/features", description = "feature cache folder (default ${DEFAULT-VALUE})")
  Path cache;

  @Option(names = "--log", defaultValue = "artifacts/PROJECT_LOG.md", description = "project log to add this run's entry to (default ${DEFAULT-VALUE})")
  Path log;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path root = data;
    String label;
    if (root == null) {
      root = DefaultCorpus.path();
      if (!Files.isDirectory(root)) {
        Path synthetic = Path.of("data", "synthetic");
        root = Files.isDirectory(synthetic.resolve("LibriSpeech"))
            ? synthetic.resolve("LibriSpeech")
            : SyntheticCorpus.generate(synthetic, 12, 3, 1);
        out.println("NOTE: no LibriSpeech found, so this runs on a SYNTHETIC demo corpus of"
            + " generated voices (" + root + "). Its figures say nothing about real speech."
            + " Get real recordings with: bin/voicegender download dev-clean");
      }
    }
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(root);
    boolean synthetic = corpus.utterances().stream().allMatch(u -> u.subset().equals(SyntheticCorpus.SUBSET));
    label = corpus.root() + (synthetic ? " (synthetic)" : "")
        + ", " + corpus.utterances().size() + " utterances of " + corpus.summary().readers() + " readers";
    out.println("Corpus " + label);
    out.print(corpus.summary());
    out.flush();
    TrainingConfig cfg = ModelOptions.recipe(recipe, epochs);
    Pipeline.Result r = Pipeline.run(corpus, cfg, cache, outDir, log, label, line -> {
      out.println(line);
      out.flush();
    });
    EvaluateCommand.print(out, r.evaluation());
    out.printf("model, metrics.json, history.csv, accuracy.png and loss.png in %s; log entry in %s%n", outDir, log);
    return 0;
  }
}
