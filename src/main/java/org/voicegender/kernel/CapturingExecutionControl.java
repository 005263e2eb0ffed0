package org.voicegender.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * In-process JShell execution engine that, unlike the stock "local" engine, keeps the raw result object of the last
 * executed snippet ({@link #takeLastValue()}), so the kernel can render real objects (charts, tables) instead of
 * JShell's string representation. Like {@code LocalExecutionControl}, each snippet runs on its own thread so that
 * {@link #stop()} (Jupyter interrupt) can kill it.
 */
final class CapturingExecutionControl extends DirectExecutionControl {

  private final ClassLoader snippetLoader;
  private volatile Thread worker;
  private volatile Object lastValue;

  CapturingExecutionControl() {
    super(); // DefaultLoaderDelegate: a URLClassLoader whose parent is the system (kernel) class loader
    // DefaultLoaderDelegate installs its loader as the context class loader of the current thread
    this.snippetLoader = Thread.currentThread().getContextClassLoader();
  }

  /** Returns and clears the raw value produced by the last snippet (null for void / declarations). */
  Object takeLastValue() {
    Object v = lastValue;
    lastValue = null;
    return v;
  }

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        result[0] = doitMethod.invoke(null);
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "jshell-snippet");
    t.setContextClassLoader(snippetLoader);
    lastValue = null;
    worker = t;
    t.start();
    try {
      t.join();
    } finally {
      worker = null;
    }

    Throwable f = failure[0];
    if (f instanceof ThreadDeath || (f instanceof InvocationTargetException && f.getCause() instanceof ThreadDeath)) {
      throw new StoppedException();
    }
    if (f instanceof Exception) {
      throw (Exception) f; // InvocationTargetException is converted to EvalException by the superclass
    }
    if (f != null) {
      throw (Error) f;
    }
    lastValue = result[0];
    return valueString(result[0]);
  }

  @Override
  @SuppressWarnings({"removal", "deprecation"})
  public void stop() {
    Thread t = worker;
    if (t != null) {
      t.interrupt(); // polite first: wakes up sleep()/wait()
      try {
        t.join(500);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        t.stop(); // JDK 17: still works (ThreadDeath); removed in JDK 20+ (throws UnsupportedOperationException)
      }
    }
  }

  /** Hands the single control instance created by JShell back to the evaluator. */
  static final class Provider implements ExecutionControlProvider {
    private volatile CapturingExecutionControl created;

    @Override
    public String name() {
      return "voicegender-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      created = new CapturingExecutionControl();
      return created;
    }

    CapturingExecutionControl created() {
      return created;
    }
  }
}
