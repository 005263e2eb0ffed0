package org.voicegender.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.features.GoldenCheck;
import org.voicegender.output.FigureTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "check-golden",
    mixinStandardHelpOptions = true,
    description = "Compare decoding, resampling, mel spectrogram and MFCC with the golden files.")
final class GoldenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--golden", description = "golden folder (default: ../shared/golden/mfcc)")
  Path golden;

  @Option(names = "--data", description = "LibriSpeech root holding the golden recordings"
      + " (default: the shared mini corpus)")
  Path data;

  @Option(names = "--out", defaultValue = "artifacts/golden-check",
      description = "table base name (.md and .csv are written)")
  Path outPath;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (golden == null) {
      golden = DefaultCorpus.shared().resolve("golden/mfcc");
    }
    if (data == null) {
      data = DefaultCorpus.shared().resolve("data/librispeech-mini/LibriSpeech");
    }
    var comparisons = GoldenCheck.run(golden, data);
    FigureTable table = GoldenCheck.table(comparisons);
    table.note("Made by: bin/voicegender check-golden");
    table.write(outPath);
    out.print(table.toMarkdown());
    return comparisons.stream().allMatch(GoldenCheck.Comparison::pass) ? 0 : 1;
  }
}
