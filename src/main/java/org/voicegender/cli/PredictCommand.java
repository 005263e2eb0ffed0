package org.voicegender.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.voicegender.features.NoSpeechException;
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

  @Option(names = "--fail-on-skip",
      description = "exit with status 3 when any file was skipped or held no speech (default: status 1 only when every file failed)")
  boolean failOnSkip;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainedModel model = TrainedModel.load(modelFile);
    Predictor predictor = new Predictor(model);
    double length = model.features().windowSeconds();
    double hop = model.features().windowHopSeconds(); // windows overlap when the hop is shorter
    int failed = 0;
    int noSpeech = 0;
    for (Path f : files) {
      try {
        Predictor.Prediction p = predictor.predict(f);
        out.printf("%s\t%s\t%.3f\t%d windows%s%n", f, p.gender().name().toLowerCase(), p.probability(), p.windows(),
            p.windows() < p.allWindows() ? " (of " + p.allWindows() + "; the rest hold no speech)" : "");
        if (showWindows) {
          for (int k = 0; k < p.windows(); k++) {
            int w = p.windowIndex()[k];
            out.printf("  window %d (%.1f-%.1f s)\tP(male) %.3f%n", w, hop * w, hop * w + length, p.windowMale()[k]);
          }
        }
      } catch (NoSpeechException e) {
        out.printf("%s\tno speech\t-\t0 of %d windows hold speech (%s)%n", f, e.windows(), model.speechGate().describe());
        noSpeech++;
      } catch (IOException e) {
        err.println("skipped " + e.getMessage());
        failed++;
      } catch (RuntimeException e) {
        // One bad file must not end a run over many: it is reported with what was thrown.
        err.println("skipped " + f + ": prediction failed unexpectedly: " + e);
        failed++;
      }
    }
    out.flush();
    if (failed == files.size()) {
      return 1;
    }
    return failOnSkip && failed + noSpeech > 0 ? SkipPolicy.SKIPPED : 0;
  }
}
