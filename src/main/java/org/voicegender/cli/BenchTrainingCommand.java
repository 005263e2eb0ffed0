package org.voicegender.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.bench.TrainingSpeed;
import org.voicegender.model.NetworkConfig;
import org.voicegender.output.FigureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench-training", mixinStandardHelpOptions = true,
    description = "Time training epochs and inference beside the same network in PyTorch,"
        + " alternating in one run.")
final class BenchTrainingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PeerOptions peerOptions;

  @Option(names = "--batch", split = ",", defaultValue = "32,64,200",
      description = "minibatch sizes to time, comma-separated (default ${DEFAULT-VALUE})")
  int[] batches;

  @Option(names = "--peer-threads", split = ",", defaultValue = "1,2",
      description = "PyTorch thread settings to time; ours is set against the best"
          + " (default ${DEFAULT-VALUE})")
  int[] peerThreads;

  @Option(names = "--out", defaultValue = "artifacts/training-speed",
      description = "output path without extension: .md and .csv are written (default ${DEFAULT-VALUE})")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    var result = TrainingSpeed.run(NetworkConfig.shipped(),
        new TrainingSpeed.Options(batches, peerOptions.rounds, peerThreads, peerOptions.peer()));
    result.peerUnavailable().ifPresent(
        why -> spec.commandLine().getErr().println("voicegender: peer not run: " + why
            + "; measuring ours only"));
    FigureTable t = TrainingSpeed.table(result);
    t.note("Made by: bin/voicegender bench-training " + peerOptions.words());
    t.write(outPath);
    spec.commandLine().getOut().print(t.toMarkdown());
    return 0;
  }
}
