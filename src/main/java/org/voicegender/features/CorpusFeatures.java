package org.voicegender.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.voicegender.audio.AudioFormatException;
import org.voicegender.corpus.SkippedFile;
import org.voicegender.corpus.Utterance;

/**
 * The feature job over a corpus: every utterance's windows from the cache, or extracted on all
 * cores and cached. Bad recordings are listed with their reasons and skipped; the rest are still
 * extracted, and nothing already cached is touched.
 */
public final class CorpusFeatures {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CorpusFeatures.class);

  private CorpusFeatures() {}

  /**
   * The job's settings.
   *
   * @param cacheDir root of the feature cache
   * @param threads worker threads (0 = all cores)
   * @param progressBar whether to draw a progress bar on stderr
   */
  public record Options(Path cacheDir, int threads, boolean progressBar) {
    public Options {
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be >= 0, got " + threads);
      }
    }

    public static Options defaults(Path cacheDir) {
      return new Options(cacheDir, 0, true);
    }
  }

  /** An utterance whose features are ready in the cache, and how many windows it has. */
  public record Entry(Utterance utterance, int windows) {}

  /**
   * What a run did.
   *
   * @param entries utterances with features, in the input order
   * @param skipped recordings that could not be used, with reasons
   * @param extracted recordings computed in this run
   * @param fromCache recordings served by the cache
   * @param rebuilt corrupt cache entries found and rebuilt
   */
  public record Result(
      FeatureConfig config,
      FeatureCache cache,
      List<Entry> entries,
      List<SkippedFile> skipped,
      int extracted,
      int fromCache,
      List<SkippedFile> rebuilt,
      Duration elapsed) {

    public int windows() {
      return entries.stream().mapToInt(Entry::windows).sum();
    }

    /** Seconds of audio in the used utterances. */
    public double audioSeconds() {
      return entries.stream().mapToDouble(e -> e.utterance().durationSeconds()).sum();
    }
  }

  public static Result run(List<Utterance> utterances, FeatureConfig config, Options options)
      throws IOException {
    long start = System.nanoTime();
    FeatureCache cache = new FeatureCache(options.cacheDir(), config);
    FeatureExtractor extractor = new FeatureExtractor(config);
    int threads =
        options.threads() == 0 ? Runtime.getRuntime().availableProcessors() : options.threads();
    Outcome[] outcomes = new Outcome[utterances.size()];
    AtomicInteger done = new AtomicInteger();
    try (ProgressBar bar = options.progressBar() ? progressBar(utterances.size()) : null) {
      // One file at a time from a shared counter: a worker that finishes early takes the next
      // file, so the last worker ends at most one file after the others. A parallel stream's
      // leaves of ~25 files left one of 2 workers idle for up to a leaf's time at the end (JFR:
      // ForkJoinPool.awaitWork for 15-65 ms of a ~270 ms run).
      AtomicInteger next = new AtomicInteger();
      Runnable worker =
          () -> {
            for (int i; (i = next.getAndIncrement()) < outcomes.length; ) {
              try {
                outcomes[i] = process(utterances.get(i), cache, extractor);
              } catch (RuntimeException | Error e) {
                next.set(outcomes.length); // the others stop after their current file
                throw e;
              }
              done.incrementAndGet();
              if (bar != null) {
                bar.step();
              }
            }
          };
      ExecutorService pool = Executors.newFixedThreadPool(threads, CorpusFeatures::workerThread);
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(pool.submit(worker));
        }
        for (Future<?> w : workers) {
          w.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("feature extraction interrupted after " + done + " files", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        throw new IllegalStateException(
            "feature extraction failed after " + done + " files: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    List<Entry> entries = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    List<SkippedFile> rebuilt = new ArrayList<>();
    int extracted = 0;
    int fromCache = 0;
    for (int i = 0; i < outcomes.length; i++) {
      Outcome o = outcomes[i];
      if (o.skipped() != null) {
        skipped.add(o.skipped());
        continue;
      }
      entries.add(new Entry(utterances.get(i), o.windows()));
      if (o.status() == FeatureCache.Status.HIT) {
        fromCache++;
      } else {
        extracted++;
      }
      if (o.status() == FeatureCache.Status.CORRUPT) {
        rebuilt.add(new SkippedFile(cache.entry(utterances.get(i).id(), utterances.get(i).path()),
            o.cacheProblem()));
      }
    }
    skipped.sort(Comparator.comparing(SkippedFile::path));
    return new Result(
        config, cache, List.copyOf(entries), List.copyOf(skipped), extracted, fromCache,
        List.copyOf(rebuilt), Duration.ofNanos(System.nanoTime() - start));
  }

  private record Outcome(
      int windows, FeatureCache.Status status, String cacheProblem, SkippedFile skipped) {}

  private static Outcome process(Utterance u, FeatureCache cache, FeatureExtractor extractor) {
    try {
      FeatureCache.Lookup hit = cache.get(u.id(), u.path());
      if (hit.status() == FeatureCache.Status.HIT) {
        return new Outcome(hit.windows().length, hit.status(), null, null);
      }
      float[][][] windows;
      try {
        windows = extractor.extract(u.path());
      } catch (AudioFormatException e) {
        return new Outcome(0, hit.status(), null,
            new SkippedFile(u.path(), e.getMessage().replace(u.path() + ": ", "")));
      } catch (IOException e) {
        return new Outcome(0, hit.status(), null, new SkippedFile(u.path(), "cannot read: " + e));
      } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
        // A decoder bug must cost one file, not the run: the file is listed with what was thrown.
        LOG.warn("{}: extraction failed unexpectedly", u.path(), e);
        return new Outcome(0, hit.status(), null,
            new SkippedFile(u.path(), "extraction failed unexpectedly: " + e));
      }
      cache.put(hit, u.id(), windows);
      return new Outcome(windows.length, hit.status(), hit.problem(), null);
    } catch (IOException e) {
      // The cache itself failed (disk full, permissions): that stops the run, loudly.
      throw new UncheckedIOException(e);
    }
  }

  private static final AtomicInteger WORKERS = new AtomicInteger();

  private static Thread workerThread(Runnable r) {
    Thread t = new Thread(r, "features-" + WORKERS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  private static ProgressBar progressBar(int files) {
    return new ProgressBarBuilder()
        .setTaskName("MFCC")
        .setInitialMax(files)
        .setUnit(" files", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .showSpeed()
        .build();
  }
}
