package org.voicegender.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.FeatureExtractor;
import org.voicegender.features.NpyFile;
import org.voicegender.features.PadMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "mfcc",
    mixinStandardHelpOptions = true,
    description = "Write one recording's MFCCs of its first 2 s (40 x 87, float32 .npy).")
final class MfccCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "a FLAC or WAV file, any sample rate")
  Path file;

  @Option(names = "--out", required = true, description = "output .npy file")
  Path outPath;

  @Option(names = "--pad", defaultValue = "reflect",
      description = "STFT edge padding: reflect (librosa 0.7) or constant (librosa >= 0.10)")
  String pad;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    FeatureConfig config = FeatureConfig.seed().withPadMode(PadMode.valueOf(pad.toUpperCase()));
    float[][] mfcc = new FeatureExtractor(config).extract(file)[0];
    float[] flat = new float[mfcc.length * mfcc[0].length];
    for (int c = 0; c < mfcc.length; c++) {
      System.arraycopy(mfcc[c], 0, flat, c * mfcc[c].length, mfcc[c].length);
    }
    if (outPath.toAbsolutePath().getParent() != null) {
      java.nio.file.Files.createDirectories(outPath.toAbsolutePath().getParent());
    }
    NpyFile.writeFloat32(outPath, flat, mfcc.length, mfcc[0].length);
    out.printf("%s: %d x %d MFCC -> %s%n", file, mfcc.length, mfcc[0].length, outPath);
    return 0;
  }
}
