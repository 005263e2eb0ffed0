package org.voicegender.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.voicegender.model.Predictor;
import org.voicegender.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Tell the speaker's gender of FLAC or WAV files (any rate, any length).")
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "model file")
  Path modelFile;

  @Parameters(index = "1..*", arity = "1..*", description = "recordings")
  List<Path> files;

  @Option(names = "--windows", description = "show every window's span and P(male)")
  boolean showWindows;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainedModel model = TrainedModel.load(modelFile);
    Predictor predictor = new Predictor(model);
    double length = model.features().windowSeconds();
    double hop = model.features().windowHopSeconds(); // windows overlap when the hop is shorter
    int failed = 0;
    for (Path f : files) {
      try {
        Predictor.Prediction p = predictor.predict(f);
        out.printf("%s\t%s\t%.3f\t%d windows%n", f, p.gender().name().toLowerCase(), p.probability(), p.windows());
        if (showWindows) {
          for (int w = 0; w < p.windows(); w++) {
            out.printf("  window %d (%.1f-%.1f s)\tP(male) %.3f%n", w, hop * w, hop * w + length, p.windowMale()[w]);
          }
        }
      } catch (IOException e) {
        err.println("skipped " + e.getMessage());
        failed++;
      }
    }
    out.flush();
    return failed == files.size() ? 1 : 0;
  }
}
