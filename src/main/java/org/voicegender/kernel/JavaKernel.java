package org.voicegender.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * The Jupyter kernel: jjava-jupyter's BaseKernel does the protocol (execute/complete/interrupt/shutdown handlers,
 * stdout/stderr capture, display_data); this class plugs in the JShell evaluator, the renderer and the magics.
 */
public final class JavaKernel extends BaseKernel {

  public static final String NAME = "voicegender";
  public static final String VERSION = "0.1";

  /** A cell magic is a first line "%%name args" followed by the body; it runs in the kernel, not inside JShell. */
  private static final Pattern CELL_MAGIC = Pattern.compile("^%%(\\w+)([^\\n]*)\\R(.*)$", Pattern.DOTALL);

  private final SnippetEvaluator evaluator;
  private final ResultRenderer resultRenderer = new ResultRenderer();

  public JavaKernel() {
    super(NAME, VERSION,
        new LanguageInfo.Builder("Java")
            .version(Runtime.version().toString())
            .mimetype("text/x-java-source")
            .fileExtension(".jshell")
            .pygments("java")
            .codemirror("text/x-java")
            .build(),
        List.of(),
        null,                                 // no history
        new JupyterIO(StandardCharsets.UTF_8),
        new CommManager(),
        new Renderer(),                       // jjava's renderer; we render with ResultRenderer instead
        // line magics: "%name args" at a line start (or after '='), transpiled into
        // BaseNotebookStatics.lineMagic(...) calls that run inside JShell
        new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()),
        new MagicsRegistry(),
        false,                                // no ServiceLoader extensions
        new StringStyler.Builder().build());  // plain text (no ANSI colors) in error tracebacks

    magicsRegistry.registerLineMagic("classpath", (kernel, args) -> addToClasspath(args, false));
    magicsRegistry.registerLineMagic("jars", (kernel, args) -> addToClasspath(args, true));
    magicsRegistry.registerCellMagic("time", (kernel, args, body) -> time(body));

    this.evaluator = new SnippetEvaluator();
  }

  @Override
  public Object evalRaw(String source) {
    try {
      Matcher cell = CELL_MAGIC.matcher(source.stripLeading());
      if (cell.matches()) {
        List<String> args = Arrays.asList(cell.group(2).trim().split("\\s+"));
        return magicsRegistry.evalCellMagic(this, cell.group(1),
            args.equals(List.of("")) ? List.of() : args, cell.group(3));
      }
      return evaluator.eval(magicParser.resolveMagics(source));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new RuntimeException(e.getMessage(), e);
    } finally {
      // BaseKernel has pointed System.out/err at the notebook for this request; push out partial lines
      System.out.flush();
      System.err.flush();
    }
  }

  @Override
  public DisplayData eval(String source) {
    Object value = evalRaw(source);
    return value == null ? null : render(value);
  }

  public DisplayData render(Object value) {
    return resultRenderer.render(value);
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return null;
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    int[] anchor = new int[1];
    List<String> options = evaluator.complete(code, at, anchor);
    return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
  }

  @Override
  public String isComplete(String code) {
    return evaluator.isComplete(code);
  }

  @Override
  public void interrupt() {
    evaluator.interrupt();
  }

  @Override
  public List<String> formatError(Throwable e) {
    if (e instanceof CellException) {
      return ((CellException) e).traceback();
    }
    return super.formatError(e);
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    evaluator.close();
    super.onShutdown(isRestarting);
  }

  /** %classpath / %jars: each argument is a path or glob (relative to the kernel's working dir). */
  private List<String> addToClasspath(List<String> globs, boolean jarsOnly) {
    List<String> added = new ArrayList<>();
    for (String glob : globs) {
      for (Path p : PathsHandler.resolveGlobs(glob)) {
        boolean isJar = Files.isRegularFile(p) && p.toString().endsWith(".jar");
        if (isJar || (!jarsOnly && Files.exists(p))) {
          String abs = p.toAbsolutePath().normalize().toString();
          evaluator.addToClasspath(abs);
          added.add(abs);
        }
      }
    }
    if (added.isEmpty()) {
      throw new IllegalArgumentException("No " + (jarsOnly ? "jar " : "") + "files match " + globs);
    }
    System.out.println("Added to classpath: " + String.join(", ", added));
    return added;
  }

  private Object time(String body) {
    long start = System.nanoTime();
    try {
      return evalRaw(body);
    } finally {
      System.out.printf("Wall time: %.1f ms%n", (System.nanoTime() - start) / 1e6);
    }
  }
}
