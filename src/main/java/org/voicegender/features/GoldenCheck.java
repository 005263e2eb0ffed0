package org.voicegender.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.PcmAudio;
import org.voicegender.audio.PolyphaseResampler;
import org.voicegender.output.FigureTable;

/**
 * Compares our pipeline with every file of the golden folder (../shared/golden/mfcc): decoded
 * PCM, resampled PCM (signal-to-error in dB), mel spectrogram (max relative error above 1e-8),
 * MFCC given the golden PCM, and MFCC end to end from the FLAC file.
 */
public final class GoldenCheck {
  private GoldenCheck() {}

  /** One comparison: what was compared, the measured figure, and the stated tolerance. */
  public record Comparison(String file, String what, double value, String tolerance, boolean pass) {}

  /**
   * @param goldenDir the folder of {@code ID.*.npy} files
   * @param corpusRoot the LibriSpeech root holding the recordings they come from
   */
  public static List<Comparison> run(Path goldenDir, Path corpusRoot) throws IOException {
    List<String> ids;
    try (Stream<Path> files = Files.list(goldenDir)) {
      ids =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".mfcc.npy"))
              .map(n -> n.substring(0, n.length() - ".mfcc.npy".length()))
              .sorted()
              .toList();
    }
    if (ids.isEmpty()) {
      throw new IOException(goldenDir + " holds no ID.mfcc.npy files");
    }
    List<Comparison> out = new ArrayList<>();
    FeatureConfig seed = FeatureConfig.seed();
    for (String id : ids) {
      Path flac = recording(corpusRoot, id);
      Path pcm16 = goldenDir.resolve(id + ".pcm16k.npy");
      if (Files.exists(pcm16)) {
        NpyFile.Array golden = NpyFile.read(pcm16);
        float[] ours = AudioDecoder.decode(flac).samples();
        double maxDiff = ours.length == golden.size() ? 0 : Double.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(ours.length, golden.size()); i++) {
          maxDiff = Math.max(maxDiff, Math.abs(ours[i] * 32768.0 - golden.data()[i]));
        }
        out.add(new Comparison(id + ".pcm16k", "max abs diff in int16 steps", maxDiff, "0", maxDiff == 0));
      }
      float[] golden22k = NpyFile.read(goldenDir.resolve(id + ".pcm22050.npy")).toFloats();
      PcmAudio head = AudioDecoder.decode(flac, seed.windowSeconds());
      float[] ours22k =
          java.util.Arrays.copyOf(
              PolyphaseResampler.of(head.sampleRate(), seed.sampleRate()).resample(head.samples()),
              golden22k.length);
      double ser = signalToErrorDb(golden22k, ours22k);
      out.add(new Comparison(id + ".pcm22050", "signal-to-error dB", ser, "> 100", ser > 100));

      MfccExtractor mfcc = new MfccExtractor(seed);
      double[][] mel = mfcc.melSpectrogram(golden22k);
      NpyFile.Array goldenMel = NpyFile.read(goldenDir.resolve(id + ".melspec.npy"));
      double rel = maxRelative(mel, goldenMel, 1e-8);
      out.add(new Comparison(id + ".melspec", "max relative error (> 1e-8)", rel, "< 1e-3", rel < 1e-3));

      double d = maxAbs(mfcc.mfcc(golden22k), NpyFile.read(goldenDir.resolve(id + ".mfcc.npy")));
      out.add(new Comparison(id + ".mfcc", "max abs diff from golden PCM", d, "< 0.01", d < 0.01));
      float[][] endToEnd = new FeatureExtractor(seed).extract(flac)[0];
      double e2e = maxAbs(endToEnd, NpyFile.read(goldenDir.resolve(id + ".mfcc.npy")));
      out.add(new Comparison(id + ".mfcc", "max abs diff end to end from FLAC", e2e, "< 0.01", e2e < 0.01));

      Path constant = goldenDir.resolve(id + ".mfcc-constantpad.npy");
      if (Files.exists(constant)) {
        FeatureConfig c = seed.withPadMode(PadMode.CONSTANT);
        double dc = maxAbs(new MfccExtractor(c).mfcc(golden22k), NpyFile.read(constant));
        out.add(new Comparison(id + ".mfcc-constantpad", "max abs diff from golden PCM", dc, "< 0.01", dc < 0.01));
      }
    }
    return out;
  }

  public static FigureTable table(List<Comparison> comparisons) {
    FigureTable t =
        new FigureTable("Golden comparison", "golden file", "measure", "value", "tolerance", "pass");
    for (Comparison c : comparisons) {
      String value =
          Double.isInfinite(c.value()) ? "∞ (bit-identical float32)" : String.format("%.3g", c.value());
      t.row(c.file(), c.what(), value, c.tolerance(), c.pass() ? "yes" : "NO");
    }
    return t;
  }

  private static Path recording(Path root, String id) throws IOException {
    String[] p = id.split("-");
    try (Stream<Path> subsets = Files.list(root)) {
      for (Path s : subsets.filter(Files::isDirectory).toList()) {
        Path f = s.resolve(p[0]).resolve(p[1]).resolve(id + ".flac");
        if (Files.exists(f)) {
          return f;
        }
      }
    }
    throw new IOException("no recording " + id + ".flac under " + root);
  }

  static double signalToErrorDb(float[] reference, float[] test) {
    double signal = 0;
    double error = 0;
    for (int i = 0; i < reference.length; i++) {
      signal += (double) reference[i] * reference[i];
      double e = (double) test[i] - reference[i];
      error += e * e;
    }
    return error == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / error);
  }

  private static double maxRelative(double[][] ours, NpyFile.Array golden, double floor) {
    int cols = golden.shape()[1];
    double max = 0;
    for (int i = 0; i < ours.length; i++) {
      for (int j = 0; j < cols; j++) {
        double g = golden.data()[i * cols + j];
        if (g > floor) {
          max = Math.max(max, Math.abs(ours[i][j] - g) / g);
        }
      }
    }
    return max;
  }

  private static double maxAbs(float[][] ours, NpyFile.Array golden) {
    int cols = golden.shape()[1];
    double max = 0;
    for (int i = 0; i < ours.length; i++) {
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, Math.abs(ours[i][j] - golden.data()[i * cols + j]));
      }
    }
    return max;
  }
}
