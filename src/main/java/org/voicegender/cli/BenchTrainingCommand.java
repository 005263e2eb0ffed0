package org.voicegender.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.model.NetworkConfig;
import org.voicegender.output.FigureTable;
import org.voicegender.train.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench-training", mixinStandardHelpOptions = true,
    description = "Measure training ms/iteration and inference clips/s of the network on random data.")
final class BenchTrainingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--batch", split = ",", defaultValue = "32,64,200,256",
      description = "minibatch sizes to time, comma-separated (default ${DEFAULT-VALUE})")
  int[] batches;

  @Option(names = "--iterations", defaultValue = "100",
      description = "training steps timed per batch size, one batch repeated (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--out", defaultValue = "artifacts/training-speed",
      description = "output path without extension: .md and .csv are written (default ${DEFAULT-VALUE})")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    FigureTable t = TrainingBenchmark.run(NetworkConfig.shipped(), batches, iterations);
    t.note("Made by: bin/voicegender bench-training");
    t.write(outPath);
    spec.commandLine().getOut().print(t.toMarkdown());
    return 0;
  }
}
