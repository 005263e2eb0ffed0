package org.voicegender.kernel;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Evaluates notebook cells with an in-process JShell: splits a cell into snippets, evaluates them one by one and
 * returns the raw value of the last snippet if it is an expression.
 */
public final class SnippetEvaluator implements AutoCloseable {

  private static final int MAX_STACK_FRAMES = 8;

  private static final List<String> STARTUP = List.of(
      "import java.io.*;",
      "import java.math.*;",
      "import java.net.*;",
      "import java.nio.file.*;",
      "import java.time.*;",
      "import java.util.*;",
      "import java.util.concurrent.*;",
      "import java.util.function.*;",
      "import java.util.regex.*;",
      "import java.util.stream.*;",
      "import static org.voicegender.kernel.Notebook.*;");

  private final JShell jshell;
  private final SourceCodeAnalysis analysis;
  private final CapturingExecutionControl control;
  private volatile boolean interrupted;

  public SnippetEvaluator() {
    CapturingExecutionControl.Provider provider = new CapturingExecutionControl.Provider();
    this.jshell = JShell.builder().executionEngine(provider, Map.of()).build();
    this.control = provider.created();
    this.analysis = jshell.sourceCodeAnalysis();

    // everything the kernel JVM sees is visible to cells (the classes themselves are shared via the parent loader)
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        jshell.addToClasspath(entry);
      }
    }
    STARTUP.forEach(this::evalSnippet);
  }

  public void addToClasspath(String path) {
    jshell.addToClasspath(path);
  }

  /** Evaluates a whole cell; returns the raw value of the last expression, or null. */
  public Object eval(String cell) {
    interrupted = false;
    Object last = null;
    CompletionInfo info = analysis.analyzeCompletion(cell);
    while (info.completeness().isComplete()) {
      last = evalSnippet(info.source());
      info = analysis.analyzeCompletion(info.remaining());
    }
    if (info.completeness() != Completeness.EMPTY) {
      // incomplete or unparsable tail: let JShell compile it to get real diagnostics
      last = evalSnippet(info.remaining());
    }
    return last;
  }

  public void interrupt() {
    interrupted = true;
    jshell.stop();
  }

  private Object evalSnippet(String source) {
    List<SnippetEvent> events = jshell.eval(source);
    Object value = null;
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue; // a dependent snippet was updated as a consequence; not our result
      }
      Snippet snippet = event.snippet();
      if (event.status() == Snippet.Status.REJECTED) {
        throw compilationError(snippet);
      }
      JShellException ex = event.exception();
      if (ex != null) {
        throw evaluationError(ex);
      }
      if (interrupted) {
        throw new CellException.EvaluationException("Cell execution was interrupted",
            List.of("Interrupted while executing:", source.strip()), null);
      }
      value = isExpression(snippet.subKind()) ? control.takeLastValue() : null;
    }
    return value;
  }

  private static boolean isExpression(Snippet.SubKind kind) {
    return kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND   // x * 21   -> $1
        || kind == Snippet.SubKind.VAR_VALUE_SUBKIND         // x
        || kind == Snippet.SubKind.ASSIGNMENT_SUBKIND        // x = 5
        || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND; // e.g. void method calls (value null)
  }

  private CellException compilationError(Snippet snippet) {
    String src = snippet.source();
    List<String> lines = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (Diag d : (Iterable<Diag>) jshell.diagnostics(snippet)::iterator) {
      String msg = d.getMessage(Locale.ROOT);
      messages.add(msg.lines().findFirst().orElse(msg));
      lines.addAll(highlight(src, d));
      lines.addAll(msg.lines().collect(Collectors.toList()));
    }
    if (messages.isEmpty()) { // e.g. a snippet kind JShell refuses without diagnostics
      messages.add("snippet rejected: " + src.strip());
      lines.add(src.strip());
    }
    return new CellException.CompilationException(String.join("; ", messages), lines);
  }

  /** The source line containing the diagnostic, with a ^--^ marker under the offending span. */
  private static List<String> highlight(String src, Diag d) {
    int start = (int) Math.max(0, Math.min(d.getStartPosition(), src.length()));
    int lineStart = src.lastIndexOf('\n', start - 1) + 1;
    int lineEnd = src.indexOf('\n', start);
    if (lineEnd < 0) lineEnd = src.length();
    int width = (int) Math.min(Math.max(d.getEndPosition(), start), lineEnd) - start;
    String marker = " ".repeat(start - lineStart) + "^" + (width > 1 ? "-".repeat(width - 2) + "^" : "");
    return List.of(src.substring(lineStart, lineEnd), marker);
  }

  private CellException evaluationError(JShellException ex) {
    if (ex instanceof UnresolvedReferenceException) {
      DeclarationSnippet s = ((UnresolvedReferenceException) ex).getSnippet();
      String missing = String.join(", ", (Iterable<String>) jshell.unresolvedDependencies(s)::iterator);
      String msg = "'" + s.name() + "' cannot be used until this is declared: " + missing;
      return new CellException.EvaluationException(msg, List.of(msg), ex);
    }
    List<String> trace = new ArrayList<>();
    String message = describe(ex);
    trace.add(message);
    appendFrames(trace, ex);
    for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      trace.add("Caused by: " + describe(c));
      appendFrames(trace, c);
    }
    return new CellException.EvaluationException(message, trace, ex);
  }

  /** "java.lang.IllegalStateException: boom" - EvalException carries the original class name separately. */
  private static String describe(Throwable t) {
    String cls = t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName();
    return t.getMessage() == null ? cls : cls + ": " + t.getMessage();
  }

  private static void appendFrames(List<String> out, Throwable t) {
    StackTraceElement[] frames = t.getStackTrace();
    int n = Math.min(frames.length, MAX_STACK_FRAMES);
    for (int i = 0; i < n; i++) {
      StackTraceElement f = frames[i];
      // frames of cell code have an empty class name and the snippet id as file: "f(#26:1)"
      out.add("    at " + (f.getClassName().isEmpty()
          ? (f.getMethodName().isEmpty() ? "<cell>" : f.getMethodName()) + "(" + f.getFileName() + ":" + f.getLineNumber() + ")"
          : f.toString()));
    }
    if (frames.length > n) {
      out.add("    ... " + (frames.length - n) + " more");
    }
  }

  /** Tab completion via JShell's source analysis. Returns [anchor, candidates...]. */
  public List<String> complete(String code, int cursor, int[] anchor) {
    return analysis.completionSuggestions(code, cursor, anchor).stream()
        .map(SourceCodeAnalysis.Suggestion::continuation)
        .distinct()
        .collect(Collectors.toList());
  }

  /** Jupyter is_complete: "complete", "invalid", or the indent to continue with. */
  public String isComplete(String code) {
    CompletionInfo info = analysis.analyzeCompletion(code);
    while (info.completeness().isComplete()) {
      info = analysis.analyzeCompletion(info.remaining());
    }
    switch (info.completeness()) {
      case EMPTY:
        return "complete";
      case UNKNOWN:
        return "invalid";
      default:
        return "    ";
    }
  }

  @Override
  public void close() {
    jshell.close();
  }
}
