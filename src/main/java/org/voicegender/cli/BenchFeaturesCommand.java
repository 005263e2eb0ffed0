package org.voicegender.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.bench.FeatureSpeed;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.output.FigureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench-features",
    mixinStandardHelpOptions = true,
    description = "Time MFCC extraction (first 2 s, cold cache) beside the numpy/scipy peer,"
        + " alternating in one run, on 1 thread and on every core.")
final class BenchFeaturesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PeerOptions peerOptions;

  @Option(names = "--data", description = "LibriSpeech root (default: as for features)")
  Path data;

  @Option(names = "--threads", split = ",", defaultValue = "1,0",
      description = "thread (and peer process) counts to time, comma-separated; 0 = all cores"
          + " (default ${DEFAULT-VALUE})")
  int[] threads;

  @Option(names = "--out", defaultValue = "artifacts/feature-speed",
      description = "table base name (.md and .csv are written) (default ${DEFAULT-VALUE})")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(data != null ? data : DefaultCorpus.path());
    int cores = Runtime.getRuntime().availableProcessors();
    int[] counts = java.util.Arrays.stream(threads).map(t -> t == 0 ? cores : t).distinct().toArray();
    var result = FeatureSpeed.run(new FeatureSpeed.Options(corpus.root(), corpus.utterances(),
        peerOptions.rounds, counts, peerOptions.peer()));
    result.peerUnavailable().ifPresent(
        why -> spec.commandLine().getErr().println("voicegender: peer not run: " + why
            + "; measuring ours only"));
    FigureTable table = FeatureSpeed.table(result, corpus.root().toString());
    table.note("Made by: bin/voicegender bench-features " + peerOptions.words());
    table.write(outPath);
    spec.commandLine().getOut().print(table.toMarkdown());
    return 0;
  }
}
