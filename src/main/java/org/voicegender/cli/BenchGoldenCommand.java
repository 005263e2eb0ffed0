package org.voicegender.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.voicegender.bench.GoldenSpeed;
import org.voicegender.output.FigureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench-golden", mixinStandardHelpOptions = true,
    description = "Time the integer golden model beside PyTorch float inference, thread count for"
        + " thread count, alternating in one run.")
final class BenchGoldenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PeerOptions peerOptions;

  @Option(names = "--clips", defaultValue = "100000",
      description = "clips per measurement of ours (default ${DEFAULT-VALUE})")
  int clips;

  @Option(names = "--bits", split = ",", defaultValue = "8",
      description = "weight and activation widths to time, comma-separated (default ${DEFAULT-VALUE})")
  List<Integer> bits;

  @Option(names = "--threads", split = ",", defaultValue = "1,0",
      description = "thread counts, each for ours and PyTorch; 0 = all cores (default ${DEFAULT-VALUE})")
  int[] threads;

  @Option(names = "--out", defaultValue = "artifacts/golden-speed",
      description = "output path without extension: .md and .csv are written (default ${DEFAULT-VALUE})")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int[] counts = java.util.Arrays.stream(threads).map(t -> t == 0 ? cores : t).distinct().toArray();
    var result = GoldenSpeed.run(
        new GoldenSpeed.Options(clips, bits, peerOptions.rounds, counts, peerOptions.peer()));
    result.peerUnavailable().ifPresent(
        why -> spec.commandLine().getErr().println("voicegender: peer not run: " + why
            + "; measuring ours only"));
    FigureTable t = GoldenSpeed.table(result);
    t.note("Made by: bin/voicegender bench-golden " + peerOptions.words());
    t.write(outPath);
    spec.commandLine().getOut().print(t.toMarkdown());
    return 0;
  }
}
