package org.voicegender.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.features.GoldenCheck;
import org.voicegender.report.FigureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(
    name = "check-golden",
    mixinStandardHelpOptions = true,
    description = "Compare decoding, resampling, mel spectrogram and MFCC with the golden files.")
final class GoldenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--golden", defaultValue = "../shared/golden/mfcc", description = "golden folder")
  Path golden;

  @Option(names = "--data", defaultValue = "../shared/data/librispeech-mini/LibriSpeech",
      description = "LibriSpeech root holding the golden recordings")
  Path data;

  @Option(names = "--out", defaultValue = "artifacts/golden-check",
      description = "table base name (.md and .csv are written)")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    var comparisons = GoldenCheck.run(golden, data);
    FigureTable table = GoldenCheck.table(comparisons);
    table.note("Made by: bin/voicegender check-golden --golden " + golden + " --data " + data);
    table.write(outPath);
    out.print(table.toMarkdown());
    return comparisons.stream().allMatch(GoldenCheck.Comparison::pass) ? 0 : 1;
  }
}
