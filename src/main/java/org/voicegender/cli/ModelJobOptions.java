package org.voicegender.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A model file, the corpus to run it on and an output folder: what evaluate, quantize, export and approx take. */
final class ModelJobOptions {
  @Mixin ModelOptions options;

  @Parameters(index = "0", description = "model file")
  Path modelFile;

  @Option(names = "--data", description = "LibriSpeech root (readers the model trained on are left out of every figure)")
  Path data;

  @Option(names = "--out", required = true, description = "output folder")
  Path outDir;

  ModelOptions.ModelAndData load() throws IOException {
    return options.load(modelFile, data);
  }
}
