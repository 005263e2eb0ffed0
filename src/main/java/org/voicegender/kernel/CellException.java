package org.voicegender.kernel;

import java.util.List;

/**
 * A cell failure reported to Jupyter. The simple class name becomes the Jupyter {@code ename}, the message the
 * {@code evalue} and {@link #traceback()} the {@code traceback} lines (see JavaKernel#formatError).
 */
public abstract class CellException extends RuntimeException {

  private final List<String> traceback;

  protected CellException(String message, List<String> traceback, Throwable cause, StackTraceElement[] cellFrames) {
    super(message, cause);
    this.traceback = List.copyOf(traceback);
    // jjava's execute_reply (ErrorReply.of) - which nbconvert prints - lists getStackTrace(): show the cell's
    // frames there instead of the kernel's internal ones
    setStackTrace(cellFrames);
  }

  public List<String> traceback() {
    return traceback;
  }

  /** The snippet did not compile (JShell status REJECTED). */
  public static final class CompilationException extends CellException {
    public CompilationException(String message, List<String> traceback) {
      super(message, traceback, null, new StackTraceElement[0]);
    }
  }

  /** The snippet threw at run time (JShell EvalException / UnresolvedReferenceException) or was interrupted. */
  public static final class EvaluationException extends CellException {
    public EvaluationException(String message, List<String> traceback, Throwable cause) {
      super(message, traceback, cause, cause == null ? new StackTraceElement[0] : cause.getStackTrace());
    }
  }
}
