package org.voicegender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Python peer script (in {@code bench/}) run as a subprocess: the interpreter (Debian's
 * {@code /usr/bin/python3}, which has python3-torch, -scipy and -soundfile; not a pyenv one),
 * the thread count it may use ({@code OMP_NUM_THREADS}, as bench/README.md says), and its one
 * JSON line of figures on standard output.
 */
public record PythonPeer(Path python, Path scripts) {
  /** Debian's interpreter, the one its python3-torch, python3-scipy and python3-soundfile serve. */
  public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");
  /** The peer scripts, relative to the project root (where bin/voicegender runs). */
  public static final Path DEFAULT_SCRIPTS = Path.of("bench");
  /** How to get the modules, for the message when they are missing. */
  public static final String INSTALL =
      "apt-get install -y python3-torch python3-scipy python3-soundfile";

  private static final long TIMEOUT_MINUTES = 30;

  public static PythonPeer defaults() {
    return new PythonPeer(DEFAULT_PYTHON, DEFAULT_SCRIPTS);
  }

  /**
   * Why {@code script} cannot run here (no interpreter, no script, a module missing), or empty
   * when it can.
   */
  public Optional<String> unavailable(String script, List<String> modules) {
    if (!Files.isExecutable(python)) {
      return Optional.of(python + " is not an executable Python interpreter (" + INSTALL + ")");
    }
    if (!Files.isRegularFile(scripts.resolve(script))) {
      return Optional.of("peer script " + scripts.resolve(script) + " not found"
          + " (run from the project root or give --peer-dir)");
    }
    List<String> command = List.of(python.toString(), "-c", "import " + String.join(", ", modules));
    try {
      Outcome o = exec(command, 1);
      if (o.exitCode() != 0) {
        return Optional.of(python + " cannot import " + String.join(", ", modules) + ": "
            + lastLine(o.stderr()) + " (" + INSTALL + ")");
      }
    } catch (IOException e) {
      return Optional.of(python + " could not be started: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** The interpreter's and modules' versions, e.g. "Python 3.11.2, torch 1.13.0a0". */
  public String versions(List<String> modules) throws IOException {
    StringBuilder code = new StringBuilder("import sys, importlib; print('Python ' + sys.version.split()[0]");
    for (String m : modules) {
      code.append(" + ', ").append(m).append(" ' + importlib.import_module('").append(m)
          .append("').__version__");
    }
    code.append(")");
    Outcome o = exec(List.of(python.toString(), "-c", code.toString()), 1);
    if (o.exitCode() != 0) {
      throw new IOException(python + " could not report module versions: " + lastLine(o.stderr()));
    }
    return o.stdout().trim();
  }

  /**
   * Runs {@code script args} with {@code OMP_NUM_THREADS=threads} and returns the JSON object on
   * the last line of its output.
   */
  public JsonNode run(String script, int threads, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(python.toString(), scripts.resolve(script).toString()));
    command.addAll(List.of(args));
    Outcome o = exec(command, threads);
    String what = "peer " + String.join(" ", command.subList(1, command.size()));
    if (o.exitCode() != 0) {
      throw new IOException(what + " exited with " + o.exitCode() + ": " + lastLine(o.stderr()));
    }
    String line = lastLine(o.stdout());
    try {
      JsonNode json = new ObjectMapper().readTree(line);
      if (json == null || !json.isObject()) {
        throw new IOException(what + " printed no JSON object on its last line, but: " + line);
      }
      return json;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(what + " printed no JSON object on its last line, but: " + line, e);
    }
  }

  /** A number field of a peer's JSON line; an error naming the script if it is absent. */
  public static double number(JsonNode json, String field, String script) throws IOException {
    JsonNode v = json.get(field);
    if (v == null || !v.isNumber()) {
      throw new IOException("peer " + script + " gave no number \"" + field + "\" in " + json);
    }
    return v.asDouble();
  }

  private record Outcome(int exitCode, String stdout, String stderr) {}

  private Outcome exec(List<String> command, int threads) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    pb.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
    Path out = Files.createTempFile("voicegender-peer", ".out");
    Path err = Files.createTempFile("voicegender-peer", ".err");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      try {
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IOException(String.join(" ", command) + " did not finish in "
              + TIMEOUT_MINUTES + " minutes");
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(String.join(" ", command) + " interrupted", e);
      }
      return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? "(no output)" : last;
  }
}
