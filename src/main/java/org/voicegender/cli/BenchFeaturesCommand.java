package org.voicegender.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.features.ExtractionBenchmark;
import org.voicegender.output.FigureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench-features",
    mixinStandardHelpOptions = true,
    description = "Measure feature extraction speed, cold and warm cache, both window policies.")
final class BenchFeaturesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", description = "LibriSpeech root (default: as for features)")
  Path data;

  @Option(names = "--threads", defaultValue = "0", description = "worker threads (0 = all cores)")
  int threads;

  @Option(names = "--out", defaultValue = "artifacts/feature-speed",
      description = "table base name (.md and .csv are written)")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(data != null ? data : DefaultCorpus.path());
    int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    Path scratch = Files.createTempDirectory("voicegender-bench");
    var result = ExtractionBenchmark.run(corpus.utterances(), n, scratch);
    Files.deleteIfExists(scratch);
    FigureTable table = ExtractionBenchmark.table(result, corpus.root().toString());
    table.note("Made by: bin/voicegender bench-features --threads " + threads);
    table.write(outPath);
    out.print(table.toMarkdown());
    return 0;
  }
}
