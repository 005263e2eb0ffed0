package org.voicegender.model.layers;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a minibatch's work in two halves of its examples at once, one on the calling thread and
 * one on a helper thread, when asked for ({@code -Dvoicegender.trainingThreads=2}) and the
 * minibatch is large enough for the hand-over (tens of microseconds) to pay: {@value
 * #MIN_EXAMPLES} examples. Each half writes its own examples' outputs (or its own partial sums,
 * added in a fixed order after), so the numbers do not depend on the timing of the threads. Off
 * by default: on the shared 2-core machine it was measured on, the second core was busy and
 * alternating runs showed no gain (batch 200: 0.086-0.153 s/epoch with it, 0.089-0.123 without).
 */
final class ExampleHalves {
  static final int MIN_EXAMPLES = 96;
  private static final boolean TWO =
      Integer.getInteger("voicegender.trainingThreads", 1) >= 2 && Runtime.getRuntime().availableProcessors() >= 2;
  private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "voicegender-example-halves");
    t.setDaemon(true);
    return t;
  });

  private ExampleHalves() {}

  /** Work on examples {@code from..to − 1}, as half {@code half} (0 or 1). */
  interface Range {
    void run(int half, int from, int to);
  }

  /** Whether {@code batch} examples are split. */
  static boolean splits(int batch) {
    return TWO && batch >= MIN_EXAMPLES;
  }

  static void run(int batch, Range work) {
    if (!splits(batch)) {
      work.run(0, 0, batch);
      return;
    }
    int middle = batch / 2;
    Future<?> second = HELPER.submit(() -> work.run(1, middle, batch));
    work.run(0, 0, middle);
    try {
      second.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the second half of a minibatch ran", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
