package org.voicegender.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SkippedFile;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Extract (or load from the cache) the MFCC windows of a LibriSpeech corpus.")
final class FeaturesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data",
      description = "LibriSpeech root (holds SPEAKERS.TXT); default: data/LibriSpeech if present,"
          + " else ../shared/data/librispeech-mini/LibriSpeech")
  Path data;

  @Option(names = "--subset", split = ",", description = "subsets to read (default: all)")
  List<String> subsets = List.of();

  @Option(names = "--windows", defaultValue = "first",
      description = "first (the original: first 2 s) or every (all 2 s windows)")
  String windows;

  @Option(names = "--cache", defaultValue = "data/cache/features", description = "cache folder")
  Path cache;

  @Option(names = "--threads", defaultValue = "0", description = "worker threads (0 = all cores)")
  int threads;

  @Option(names = "--fail-on-skip",
      description = "exit with status 3 when any recording was skipped (default: only when none could be read)")
  boolean failOnSkip;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(data != null ? data : DefaultCorpus.path(), subsets);
    out.println("Corpus " + corpus.root());
    out.print(corpus.summary());
    FeatureConfig config = FeatureConfig.seed().withWindowPolicy(WindowPolicy.parse(windows));
    CorpusFeatures.Result r =
        CorpusFeatures.run(
            corpus.utterances(), config, new CorpusFeatures.Options(cache, threads, true));
    double seconds = r.elapsed().toNanos() / 1e9;
    out.printf(
        "%nWindows: %d from %d recordings (%d extracted, %d from the cache %s)%n",
        r.windows(), r.entries().size(), r.extracted(), r.fromCache(), r.cache().directory());
    out.printf(
        "Time: %.2f s, %.1f files/s, %.0fx real time%n",
        seconds, r.entries().size() / seconds, r.audioSeconds() / seconds);
    List<SkippedFile> skipped = new java.util.ArrayList<>(corpus.skipped());
    skipped.addAll(r.skipped());
    if (!r.rebuilt().isEmpty()) {
      out.println("Corrupt cache entries rebuilt: " + r.rebuilt().size());
      r.rebuilt().forEach(s -> out.println("  " + s));
    }
    out.println("Skipped: " + skipped.size());
    skipped.forEach(s -> out.println("  " + s));
    return SkipPolicy.exitCode(r.entries().size(), skipped.size(), failOnSkip, spec.commandLine().getErr());
  }
}
