package org.voicegender.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.voicegender.fuzz.FuzzCampaign;
import org.voicegender.fuzz.ReliabilityJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fuzz", mixinStandardHelpOptions = true,
    description = "Hostile input: seeded mutations of real FLAC files, SPEAKERS.TXT, a recipe, a cache entry and a"
        + " model file, each read or refused within a time limit; a corpus with damaged files; the speech gate on"
        + " real speech -> reliability.md. Exits 1 if anything threw an unchecked exception or hung.")
final class FuzzCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", description = "LibriSpeech root of real recordings (default: as for run)")
  Path data;

  @Option(names = "--model", defaultValue = "artifacts/run/model.zip", description = "model file to damage")
  Path model;

  @Option(names = "--cases", defaultValue = "10000", description = "FLAC mutations (the other files get a tenth, the model 3 %%)")
  int cases;

  @Option(names = "--recordings", defaultValue = "48", description = "real recordings the FLAC mutations start from")
  int recordings;

  @Option(names = "--seed", defaultValue = "20261202", description = "random seed of the campaign")
  long seed;

  @Option(names = "--timeout-ms", defaultValue = "10000", description = "time one file may take before it counts as a hang")
  long timeoutMs;

  @Option(names = "--out", defaultValue = "artifacts/reliability.md", description = "where the report goes")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    Path corpus = data != null ? data : DefaultCorpus.path();
    Path modelFile = Files.isRegularFile(model) ? model : null;
    if (modelFile == null) {
      w.println("no model file at " + model + ": model files are left out");
    }
    var config = new ReliabilityJob.Config(corpus, modelFile,
        new FuzzCampaign.Config(cases, seed, Duration.ofMillis(timeoutMs)), recordings);
    Path scratch = Files.createTempDirectory("voicegender-fuzz");
    ReliabilityJob.Result r;
    long total = Math.round(cases * (1 + 0.1 * 3 + (modelFile == null ? 0 : 0.03)));
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("fuzz").setInitialMax(total).setUnit(" files", 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().build()) {
      r = ReliabilityJob.run(config, scratch, bar::stepTo);
    } finally {
      org.apache.commons.io.FileUtils.deleteQuietly(scratch.toFile());
    }
    String command = "bin/voicegender fuzz --cases " + cases + " --recordings " + recordings + " --seed " + seed;
    String md = ReliabilityJob.markdown(r, command);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md);
    w.print(md);
    w.println("\nwritten to " + out);
    return r.failures() == 0 ? 0 : 1;
  }
}
