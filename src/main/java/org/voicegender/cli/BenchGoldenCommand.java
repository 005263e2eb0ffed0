package org.voicegender.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.voicegender.output.FigureTable;
import org.voicegender.quant.GoldenBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench-golden", mixinStandardHelpOptions = true,
    description = "Measure the integer golden model's clips per second on 1 thread and on every core.")
final class BenchGoldenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--clips", defaultValue = "100000", description = "clips per measurement (default ${DEFAULT-VALUE})")
  int clips;

  @Option(names = "--bits", split = ",", defaultValue = "8,16", description = "weight and activation widths")
  List<Integer> bits;

  @Option(names = "--out", defaultValue = "artifacts/golden-speed",
      description = "output path without extension: .md and .csv are written (default ${DEFAULT-VALUE})")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    FigureTable t = GoldenBenchmark.run(clips, bits);
    t.note("Made by: bin/voicegender bench-golden");
    t.write(outPath);
    spec.commandLine().getOut().print(t.toMarkdown());
    return 0;
  }
}
