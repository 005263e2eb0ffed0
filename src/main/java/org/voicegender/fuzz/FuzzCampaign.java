package org.voicegender.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Tries seeded mutations of real files on their readers. Case {@code i} of a target damages seed
 * file {@code i mod seeds} with mutation {@code i mod kinds} under a random state split from the
 * campaign's seed, so a run is repeatable and any failure can be replayed by its case number.
 * Every case runs on a worker thread under a time limit: a reader that does not return in time is
 * counted as a hang and abandoned.
 */
public final class FuzzCampaign {
  /**
   * @param cases mutations tried on a target of share 1 (see {@link FuzzTarget#share})
   * @param seed the random seed of the whole campaign
   * @param timeout how long one read may take before it counts as a hang
   */
  public record Config(int cases, long seed, Duration timeout) {
    public Config {
      if (cases < 1) {
        throw new IllegalArgumentException("cases must be >= 1, got " + cases);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
    }
  }

  /** What happened to one mutated file. */
  public enum Outcome {
    /** Read without complaint (a mutation can leave a file valid, e.g. a flip in padding). */
    READ,
    /** Refused with the project's checked exception. */
    REFUSED,
    /** Anything else thrown: a bug. */
    UNCHECKED,
    /** Did not return within the time limit: a bug. */
    HUNG
  }

  /** One case that ended as {@link Outcome#UNCHECKED} or {@link Outcome#HUNG}, for replay. */
  public record Failure(String target, int caseIndex, Mutation mutation, Path seedFile, String what) {}

  /** Counts of outcomes for one target and mutation kind. */
  public record Row(
      String target, Mutation mutation, int tried, int read, int refused, int unchecked, int hung,
      Duration elapsed) {}

  /**
   * @param rows one per target and mutation kind, in order
   * @param refusals per target, the commonest refusal reasons (file and numbers masked) with counts
   * @param failures every unchecked exception and hang
   */
  public record Result(
      Config config,
      List<Row> rows,
      Map<String, Map<String, Integer>> refusals,
      List<Failure> failures,
      Duration elapsed) {
    public int count(Outcome outcome) {
      return rows.stream()
          .mapToInt(
              r -> switch (outcome) {
                case READ -> r.read();
                case REFUSED -> r.refused();
                case UNCHECKED -> r.unchecked();
                case HUNG -> r.hung();
              })
          .sum();
    }

    public int tried() {
      return rows.stream().mapToInt(Row::tried).sum();
    }
  }

  private FuzzCampaign() {}

  public static Result run(List<FuzzTarget> targets, Config config, IntConsumer progress)
      throws java.io.IOException {
    long start = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    Map<String, Map<String, Integer>> refusals = new LinkedHashMap<>();
    List<Failure> failures = new ArrayList<>();
    SplittableRandom campaign = new SplittableRandom(config.seed());
    Mutation[] kinds = Mutation.values();
    int done = 0;
    ExecutorService worker = newWorker();
    try {
      for (FuzzTarget target : targets) {
        List<byte[]> seeds = new ArrayList<>();
        for (Path p : target.seeds()) {
          seeds.add(Files.readAllBytes(p));
        }
        SplittableRandom random = campaign.split();
        Map<Mutation, int[]> counts = new EnumMap<>(Mutation.class);
        Map<Mutation, long[]> nanos = new EnumMap<>(Mutation.class);
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (int i = 0, n = target.cases(config.cases()); i < n; i++) {
          Mutation kind = kinds[i % kinds.length];
          int s = (i / kinds.length) % seeds.size();
          Path source = target.seeds().get(s);
          byte[] damaged = kind.apply(seeds.get(s), random.split());
          Throwable thrown = null;
          Outcome outcome;
          long caseStart = System.nanoTime();
          Future<?> future = worker.submit(() -> {
            target.reader().read(damaged, source);
            return null;
          });
          try {
            future.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            outcome = Outcome.READ;
          } catch (ExecutionException e) {
            thrown = e.getCause();
            outcome = target.refusal().isInstance(thrown) ? Outcome.REFUSED : Outcome.UNCHECKED;
          } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            outcome = Outcome.HUNG;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("fuzzing interrupted at case " + i + " of " + target.name());
          }
          nanos.computeIfAbsent(kind, k -> new long[1])[0] += System.nanoTime() - caseStart;
          int[] c = counts.computeIfAbsent(kind, k -> new int[5]);
          c[0]++;
          c[1 + outcome.ordinal()]++;
          if (outcome == Outcome.REFUSED) {
            reasons.merge(mask(thrown.getMessage(), source), 1, Integer::sum);
          } else if (outcome != Outcome.READ) {
            String what = outcome == Outcome.HUNG
                ? "no answer within " + config.timeout().toMillis() + " ms"
                : thrown.toString();
            failures.add(new Failure(target.name(), i, kind, source, what));
          }
          progress.accept(++done);
        }
        for (Mutation kind : kinds) {
          int[] c = counts.getOrDefault(kind, new int[5]);
          long ns = nanos.getOrDefault(kind, new long[1])[0];
          rows.add(new Row(target.name(), kind, c[0], c[1], c[2], c[3], c[4], Duration.ofNanos(ns)));
        }
        refusals.put(target.name(), top(reasons, 6));
      }
    } finally {
      worker.shutdownNow();
    }
    return new Result(config, List.copyOf(rows), refusals, List.copyOf(failures),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-case");
      t.setDaemon(true); // a hung reader must not keep the JVM alive
      return t;
    });
  }

  /** A refusal's reason with the file name and the numbers masked, so alike reasons group. */
  static String mask(String message, Path source) {
    String m = message == null ? "(no message)" : message.replace(source.toString(), "FILE");
    m = m.replaceAll("-?\\d+(\\.\\d+)?", "#").replaceAll("\\b[0-9a-f]{32}\\b", "#");
    return m.length() > 140 ? m.substring(0, 137) + "..." : m;
  }

  private static Map<String, Integer> top(Map<String, Integer> counts, int n) {
    Map<String, Integer> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(n)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
