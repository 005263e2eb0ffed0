package org.voicegender.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.PcmAudio;
import org.voicegender.audio.PolyphaseResampler;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.corpus.Utterance;
import org.voicegender.output.FigureTable;

/**
 * Measures feature extraction over a corpus: wall time, files/s and × real time, with an empty
 * cache (cold) and a filled one (warm), for both window policies; and a one-thread breakdown
 * per stage (decode, resample, MFCC) for the first-2 s policy, comparable with the numpy figures
 * in ../shared/docs/FIGURES.md. Each policy's first pass (the JVM's first, JIT not yet warm) is
 * reported apart from the cold and warm passes that follow.
 */
public final class ExtractionBenchmark {
  private ExtractionBenchmark() {}

  /** One measured pass. */
  public record Pass(
      String policy, String cache, int threads, int files, int windows, double wallSeconds,
      double audioSeconds) {
    public double msPerFile() {
      return 1000 * wallSeconds / files;
    }

    public double filesPerSecond() {
      return files / wallSeconds;
    }

    public double timesRealTime() {
      return audioSeconds / wallSeconds;
    }
  }

  /** One-thread time per stage, in ms per file. */
  public record Stages(double decodeMs, double resampleMs, double mfccMs) {
    public double totalMs() {
      return decodeMs + resampleMs + mfccMs;
    }
  }

  public record Result(List<Pass> passes, Stages firstWindowStages) {}

  public static Result run(List<Utterance> utterances, int threads, Path scratch)
      throws IOException {
    List<Pass> passes = new ArrayList<>();
    for (WindowPolicy policy : WindowPolicy.values()) {
      FeatureConfig config = FeatureConfig.seed().withWindowPolicy(policy);
      Path cache = Files.createTempDirectory(scratch, "bench-cache-");
      try {
        // The first pass of a fresh JVM runs before the JIT has compiled the hot loops; on a
        // 200-file corpus the compiler threads compete with the workers for the 2 cores, so
        // two more unmeasured passes reach the steady state a large corpus runs in.
        Path warmup = Files.createTempDirectory(scratch, "bench-warmup-");
        passes.add(measure(utterances, config, warmup, threads, policy, "cold, first pass in JVM"));
        for (int i = 0; i < 2; i++) {
          deleteTree(warmup);
          Files.createDirectories(warmup);
          CorpusFeatures.run(utterances, config, new CorpusFeatures.Options(warmup, threads, false));
        }
        passes.add(measure(utterances, config, cache, threads, policy, "cold"));
        passes.add(measure(utterances, config, cache, threads, policy, "warm"));
        deleteTree(warmup);
      } finally {
        deleteTree(cache);
      }
    }
    return new Result(passes, stages(utterances, FeatureConfig.seed()));
  }

  private static Pass measure(
      List<Utterance> utterances, FeatureConfig config, Path cache, int threads,
      WindowPolicy policy, String state) throws IOException {
    CorpusFeatures.Result r =
        CorpusFeatures.run(utterances, config, new CorpusFeatures.Options(cache, threads, false));
    return new Pass(policy.name().toLowerCase(), state, threads, utterances.size(), r.windows(),
        r.elapsed().toNanos() / 1e9, r.audioSeconds());
  }

  private static Stages stages(List<Utterance> utterances, FeatureConfig config)
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
            java.util.Arrays.copyOf(
                PolyphaseResampler.of(pcm.sampleRate(), config.sampleRate()).resample(pcm.samples()),
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

  public static FigureTable table(Result result, String corpus) {
    FigureTable t =
        new FigureTable(
            "Feature extraction speed", "policy", "cache", "threads", "files", "windows", "wall s",
            "ms/file", "files/s", "x real time");
    for (Pass p : result.passes()) {
      t.row(p.policy(), p.cache(), p.threads(), p.files(), p.windows(),
          String.format("%.3f", p.wallSeconds()), String.format("%.3f", p.msPerFile()),
          String.format("%.0f", p.filesPerSecond()), String.format("%.0f", p.timesRealTime()));
    }
    Stages s = result.firstWindowStages();
    t.note(String.format(
        "One thread, first 2 s, per file: decode %.2f ms + resample %.2f ms + MFCC %.2f ms = %.2f ms"
            + " (numpy reference in ../shared/docs/FIGURES.md: 1.3 + 1.9 + 8.4 = 11.6 ms).",
        s.decodeMs(), s.resampleMs(), s.mfccMs(), s.totalMs()));
    t.note("Corpus: " + corpus + ". x real time = seconds of audio in the files / wall seconds"
        + " (the whole recordings, though the first-2 s policy reads only 2 s of each).");
    return t;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
