package org.voicegender.model.layers;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a minibatch's work in two halves at once, one on the calling thread and one on a helper
 * thread, when the machine has two processors or more ({@code -Dvoicegender.trainingThreads=1}
 * turns it off) and the minibatch is large enough for the hand-over (tens of microseconds) to
 * pay: {@value #MIN_EXAMPLES} examples. A convolution's outputs and input gradient and the LSTM's
 * recurrences split by examples, a convolution's weight gradient by taps (each sum over every
 * example in order), so two threads give the same bits as one; so do {@code FloatInference}'s
 * windows. Training at batch 200 on 2 cores took 0.065-0.067 s an epoch this way against 0.079
 * on one (256-bit vectors).
 */
public final class ExampleHalves {
  /** Examples a minibatch needs before it is split. */
  public static final int MIN_EXAMPLES = 96;
  private static volatile boolean two =
      Integer.getInteger("voicegender.trainingThreads", 2) >= 2 && Runtime.getRuntime().availableProcessors() >= 2;
  private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "voicegender-example-halves");
    t.setDaemon(true);
    return t;
  });

  private ExampleHalves() {}

  /** Work on examples {@code from..to − 1}, as half {@code half} (0 or 1). */
  public interface Range {
    void run(int half, int from, int to);
  }

  /** Whether minibatches are split from now on (tests compare both ways); off on one processor. */
  public static void useTwoThreads(boolean on) {
    two = on && Runtime.getRuntime().availableProcessors() >= 2;
  }

  /** Threads a minibatch of {@value #MIN_EXAMPLES} examples or more is trained on: 1 or 2. */
  public static int threads() {
    return two ? 2 : 1;
  }

  /** Whether {@code batch} examples are split. */
  static boolean splits(int batch) {
    return two && batch >= MIN_EXAMPLES;
  }

  /**
   * {@code work} on the examples {@code 0..batch − 1}: in two halves at once when {@link #splits},
   * else all on this thread. Each half must write only its own examples' results.
   */
  public static void run(int batch, Range work) {
    if (!splits(batch)) {
      work.run(0, 0, batch);
      return;
    }
    split(batch / 2, batch, work);
  }

  /**
   * {@code work} on {@code 0..middle − 1} (half 0, this thread) and {@code middle..n − 1} (half 1,
   * the helper) at once: any range of a minibatch's work that can be cut in two, such as a
   * convolution's taps (see {@code Conv1dPass}).
   */
  static void split(int middle, int n, Range work) {
    Future<?> second = HELPER.submit(() -> work.run(1, middle, n));
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
