package org.voicegender.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SkippedFile;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.FeatureExtractor;
import org.voicegender.features.SpeechGate;
import org.voicegender.output.FigureTable;

/**
 * The reliability check behind {@code artifacts/reliability.md}: the fuzz campaign over every
 * reader of outside files; a corpus run with damaged recordings among good ones (every good one
 * must be extracted, every bad one listed with its reason); and what the seed speech gate leaves
 * out of the real recordings (it should be nothing).
 */
public final class ReliabilityJob {
  /**
   * @param corpus a LibriSpeech root of real recordings
   * @param model a model file to damage, or null
   * @param fuzz the campaign's size, seed and time limit
   * @param recordings how many of the corpus' recordings seed the FLAC mutations
   */
  public record Config(Path corpus, Path model, FuzzCampaign.Config fuzz, int recordings) {}

  /** A corpus run over good and damaged copies of real recordings. */
  public record CorpusRun(int good, int damaged, int extracted, List<SkippedFile> skipped) {}

  /** The seed speech gate on every window of the real recordings (every-window policy). */
  public record GateCheck(int recordings, int windows, int withoutSpeech, double lowestSpeechFraction) {}

  public record Result(Config config, FuzzCampaign.Result fuzz, CorpusRun corpusRun, GateCheck gate) {
    /** Unchecked exceptions and hangs: 0 is the bar. */
    public int failures() {
      return fuzz.failures().size();
    }
  }

  private ReliabilityJob() {}

  public static Result run(Config config, Path scratch, IntConsumer progress) throws IOException {
    List<FuzzTarget> targets = FuzzTargets.standard(config.corpus(), config.model(), config.recordings(), scratch.resolve("fuzz"));
    FuzzCampaign.Result fuzz = FuzzCampaign.run(targets, config.fuzz(), progress);
    return new Result(config, fuzz, corpusRun(config.corpus(), scratch.resolve("corpus")), gateCheck(config.corpus()));
  }

  /** Eight real recordings and four damaged ones (a header that claims 2^36 samples, a flipped audio bit, a cut, text). */
  static CorpusRun corpusRun(Path corpus, Path dir) throws IOException {
    List<Path> real = FuzzTargets.flacs(corpus).subList(0, 12);
    Path root = dir.resolve("LibriSpeech");
    Files.createDirectories(root);
    Files.copy(corpus.resolve("SPEAKERS.TXT"), root.resolve("SPEAKERS.TXT"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    for (int i = 0; i < real.size(); i++) {
      Path target = root.resolve(corpus.relativize(real.get(i)).toString());
      Files.createDirectories(target.getParent());
      byte[] b = Files.readAllBytes(real.get(i));
      Files.write(target, i < 8 ? b : damage(b, i - 8));
    }
    LibriSpeechCorpus c = LibriSpeechCorpus.open(root);
    CorpusFeatures.Result r = CorpusFeatures.run(c.utterances(),
        FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY),
        new CorpusFeatures.Options(dir.resolve("cache"), 0, false));
    List<SkippedFile> skipped = new ArrayList<>(c.skipped());
    skipped.addAll(r.skipped());
    return new CorpusRun(8, 4, r.extracted(), List.copyOf(skipped));
  }

  private static byte[] damage(byte[] flac, int kind) {
    byte[] b = flac.clone();
    switch (kind) {
      case 0 -> {
        b[8 + 13] |= 0x0f;
        Arrays.fill(b, 8 + 14, 8 + 18, (byte) 0xff);
      }
      case 1 -> b[b.length / 2] ^= 0x10;
      case 2 -> b = Arrays.copyOf(b, b.length / 3);
      default -> b = "this is not audio\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    return b;
  }

  static GateCheck gateCheck(Path corpus) throws IOException {
    FeatureConfig every = FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY);
    FeatureExtractor extractor = new FeatureExtractor(every);
    SpeechGate gate = SpeechGate.seed();
    List<Path> files = FuzzTargets.flacs(corpus);
    int windows = 0;
    int silent = 0;
    double lowest = 1;
    for (Path f : files) {
      for (float[][] w : extractor.extract(f)) {
        windows++;
        silent += gate.holdsSpeech(w[0], every.nMels()) ? 0 : 1;
        lowest = Math.min(lowest, gate.speechFraction(w[0], every.nMels()));
      }
    }
    return new GateCheck(files.size(), windows, silent, lowest);
  }

  /** The Markdown of {@code artifacts/reliability.md}. */
  public static String markdown(Result r, String command) {
    StringBuilder md = new StringBuilder("# Reliability: hostile input\n\n");
    md.append("Made by `").append(command).append("` (seed ").append(r.config().fuzz().seed())
        .append(", time limit ").append(r.config().fuzz().timeout().toMillis()).append(" ms per file).\n\n");
    FuzzCampaign.Result f = r.fuzz();
    md.append(String.format("**%d damaged files tried: %d read, %d refused with the project's checked exception,"
            + " %d unchecked exceptions, %d hangs** (%.1f s).%n%n",
        f.tried(), f.count(FuzzCampaign.Outcome.READ), f.count(FuzzCampaign.Outcome.REFUSED),
        f.count(FuzzCampaign.Outcome.UNCHECKED), f.count(FuzzCampaign.Outcome.HUNG), f.elapsed().toMillis() / 1000.0));
    FigureTable t = new FigureTable("Seeded mutations of real files", "file", "mutation", "tried", "read", "refused",
        "unchecked", "hung", "ms per file");
    for (FuzzCampaign.Row row : f.rows()) {
      t.row(row.target(), row.mutation().name().toLowerCase().replace('_', ' '), row.tried(), row.read(), row.refused(),
          row.unchecked(), row.hung(), String.format("%.2f", row.elapsed().toNanos() / 1e6 / Math.max(1, row.tried())));
    }
    t.note("read = the damage left a file the reader accepts (a flip in padding, a comment, a JSON value still in range);"
        + " refused = the reader's own checked exception naming the file and the problem. Case i damages seed file"
        + " i / 6 mod seeds with mutation i mod 6, so `--seed` and the case number replay it.");
    md.append(t.toMarkdown()).append('\n');
    md.append("## Commonest refusals, per reader\n\n");
    f.refusals().forEach((target, reasons) -> {
      md.append("- **").append(target).append("**\n");
      reasons.forEach((reason, n) -> md.append("  - ").append(n).append(" × `").append(reason.replace('`', '\'')).append("`\n"));
    });
    md.append("\n## Unchecked exceptions and hangs\n\n");
    if (f.failures().isEmpty()) {
      md.append("None.\n");
    } else {
      f.failures().forEach(x -> md.append("- ").append(x).append('\n'));
    }
    CorpusRun c = r.corpusRun();
    md.append(String.format("%n## A corpus with damaged recordings among good ones%n%n"
        + "%d real recordings and %d damaged copies in one LibriSpeech tree, `features --windows every`:"
        + " **%d of %d good recordings extracted, %d skipped**, each with its reason:%n%n",
        c.good(), c.damaged(), c.extracted(), c.good(), c.skipped().size()));
    c.skipped().forEach(s -> md.append("- `").append(s.path().getFileName()).append("`: ").append(s.reason()).append('\n'));
    GateCheck g = r.gate();
    md.append(String.format("%n## The speech gate on real speech%n%n%s on every 2 s window of the %d recordings"
            + " (every-window policy): **%d of %d windows left out**; the lowest share of active frames in a"
            + " window is %.1f %% (the gate needs %.0f %%).%n",
        SpeechGate.seed().describe(), g.recordings(), g.withoutSpeech(), g.windows(), 100 * g.lowestSpeechFraction(),
        100 * SpeechGate.seed().minSpeechFraction()));
    return md.toString();
  }
}
