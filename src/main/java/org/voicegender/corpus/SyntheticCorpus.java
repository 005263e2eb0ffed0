package org.voicegender.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.voicegender.audio.FlacWriter;

/**
 * Generates a small LibriSpeech-layout corpus of synthetic voices as real 16 kHz FLAC files,
 * labelled by gender, for demos and tests that need no downloaded data. A voice is a glottal-like
 * harmonic source (fundamental around 120 Hz for male readers, 210 Hz for female, each reader
 * with their own pitch, vibrato and formants) through three formant resonances, with syllable-
 * rate loudness changes and a little noise. It is plainly not speech: it exercises the pipeline,
 * it does not measure the model.
 */
public final class SyntheticCorpus {
  /** The subset folder the generator writes. */
  public static final String SUBSET = "synthetic";

  private static final int RATE = 16_000;

  private SyntheticCorpus() {}

  /**
   * Writes {@code readersPerGender} female and as many male readers, {@code utterances} files
   * each of 2.5 to 6 s, under {@code dir/LibriSpeech}, with a SPEAKERS.TXT. Deterministic for a
   * seed. Returns the LibriSpeech root.
   */
  public static Path generate(Path dir, int readersPerGender, int utterances, long seed)
      throws IOException {
    Path root = dir.resolve("LibriSpeech");
    Random random = new Random(seed);
    List<String> speakers = new ArrayList<>();
    speakers.add("; Synthetic voices made by voicegender's SyntheticCorpus (seed " + seed + ")");
    speakers.add(";ID  |SEX| SUBSET           |MINUTES| NAME");
    int id = 9000;
    for (Gender g : Gender.values()) {
      for (int r = 0; r < readersPerGender; r++, id++) {
        double f0 = (g == Gender.MALE ? 120 : 210) * (0.85 + 0.3 * random.nextDouble());
        double formantScale = (g == Gender.MALE ? 1.0 : 1.17) * (0.93 + 0.14 * random.nextDouble());
        double seconds = 0;
        for (int u = 0; u < utterances; u++) {
          double length = 2.5 + 3.5 * random.nextDouble();
          seconds += length;
          short[] pcm = voice(f0, formantScale, length, random);
          String name = id + "-1-" + String.format("%04d", u);
          FlacWriter.write(root.resolve(SUBSET).resolve(String.valueOf(id)).resolve("1").resolve(name + ".flac"), RATE, pcm);
        }
        speakers.add(String.format("%-5d| %s | %-16s | %5.2f | Synthetic %s %d", id, g.code(), SUBSET,
            seconds / 60, g == Gender.MALE ? "male" : "female", r + 1));
      }
    }
    Files.createDirectories(root);
    Files.write(root.resolve(SpeakersFile.FILE_NAME), speakers);
    return root;
  }

  private static short[] voice(double f0, double formantScale, double seconds, Random random) {
    int n = (int) (seconds * RATE);
    double[] formants = {700 * formantScale, 1200 * formantScale, 2600 * formantScale};
    double[] bandwidths = {90, 110, 160};
    double[][] state = new double[3][2];
    double[][] coef = new double[3][];
    for (int k = 0; k < 3; k++) {
      double r = Math.exp(-Math.PI * bandwidths[k] / RATE);
      coef[k] = new double[] {2 * r * Math.cos(2 * Math.PI * formants[k] / RATE), -r * r, 1 - r};
    }
    double syllableRate = 3 + 2 * random.nextDouble();
    double phase = 0;
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      double t = (double) i / RATE;
      double pitch = f0 * (1 + 0.03 * Math.sin(2 * Math.PI * 5 * t) + 0.08 * Math.sin(2 * Math.PI * 0.4 * t));
      phase += pitch / RATE;
      double source = (phase % 1.0) < 0.4 ? Math.sin(Math.PI * (phase % 1.0) / 0.4) : 0; // glottal pulse
      source += 0.02 * random.nextGaussian();
      double y = 0;
      for (int k = 0; k < 3; k++) {
        double v = coef[k][2] * source + coef[k][0] * state[k][0] + coef[k][1] * state[k][1];
        state[k][1] = state[k][0];
        state[k][0] = v;
        y += v / (k + 1);
      }
      double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * syllableRate * t);
      out[i] = (short) Math.max(-32768, Math.min(32767, 6000 * envelope * y));
    }
    return out;
  }
}
