package org.voicegender.features;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.PcmAudio;
import org.voicegender.audio.PolyphaseResampler;
import org.voicegender.corpus.Utterance;

/**
 * Where one thread's time goes when it extracts the first 2 s of each recording: decode,
 * resample, MFCC, in ms per file (the side-by-side figures with the numpy peer are made by
 * {@code bench.FeatureSpeed}; this breakdown says which stage to work on).
 */
public final class ExtractionBenchmark {
  private ExtractionBenchmark() {}

  /** One-thread time per stage, in ms per file. */
  public record Stages(double decodeMs, double resampleMs, double mfccMs) {
    public double totalMs() {
      return decodeMs + resampleMs + mfccMs;
    }
  }

  /** The stages' times per file over {@code utterances}, after one unmeasured pass to warm up. */
  public static Stages stages(List<Utterance> utterances, FeatureConfig config)
      throws IOException {
    MfccExtractor mfcc = new MfccExtractor(config);
    long decode = 0;
    long resample = 0;
    long features = 0;
    for (int pass = 0; pass < 2; pass++) { // the first pass warms up
      decode = resample = features = 0;
      for (Utterance u : utterances) {
        long t0 = System.nanoTime();
        PcmAudio pcm = AudioDecoder.decode(u.path(), config.windowSeconds());
        long t1 = System.nanoTime();
        float[] y =
            Arrays.copyOf(
                PolyphaseResampler.of(pcm.sampleRate(), config.sampleRate())
                    .resample(pcm.samples()),
                config.windowSamples());
        long t2 = System.nanoTime();
        mfcc.mfcc(y);
        long t3 = System.nanoTime();
        decode += t1 - t0;
        resample += t2 - t1;
        features += t3 - t2;
      }
    }
    double n = utterances.size() * 1e6;
    return new Stages(decode / n, resample / n, features / n);
  }
}
