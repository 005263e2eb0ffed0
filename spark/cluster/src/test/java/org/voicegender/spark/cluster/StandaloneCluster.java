package org.voicegender.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine: a master and a worker, each its own JVM, started
 * the way Spark's {@code bin/spark-class} starts them (Spark's launcher, {@code
 * org.apache.spark.launcher.Main}, builds the command from {@code SPARK_HOME}), and {@code
 * spark-submit} done the same way (the launcher with {@code org.apache.spark.deploy.SparkSubmit},
 * which is all {@code bin/spark-submit} does).
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path sparkHome;
  private final Path work;
  private final List<Process> daemons = new ArrayList<>();
  private final String masterUrl;

  /** What one spark-submit did: its exit code and everything it printed. */
  record Submission(List<String> command, int exitCode, String output, Duration elapsed) {}

  private StandaloneCluster(Path sparkHome, Path work, String masterUrl) {
    this.sparkHome = sparkHome;
    this.work = work;
    this.masterUrl = masterUrl;
  }

  /** Starts a master and one worker offering {@code cores} cores and {@code memory}. */
  static StandaloneCluster start(Path sparkHome, Path work, int cores, String memory)
      throws IOException, InterruptedException {
    Files.createDirectories(sparkHome.resolve("conf"));
    // The launcher finds jars/ and conf/ under SPARK_HOME; RELEASE marks a binary distribution.
    if (!Files.exists(sparkHome.resolve("RELEASE"))) {
      Files.writeString(sparkHome.resolve("RELEASE"),
          "Spark runtime jars assembled from Maven Central by voicegender-spark-cluster\n");
    }
    Files.createDirectories(work);
    int port = freePort();
    StandaloneCluster c =
        new StandaloneCluster(sparkHome, work, "spark://127.0.0.1:" + port);
    try {
      c.daemon("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())),
          "I have been elected leader");
      c.daemon("worker", List.of("org.apache.spark.deploy.worker.Worker", c.masterUrl, "--host",
          "127.0.0.1", "--cores", String.valueOf(cores), "--memory", memory, "--webui-port",
          String.valueOf(freePort()), "--work-dir", work.resolve("worker").toString()),
          "Successfully registered with master");
    } catch (IOException | RuntimeException | InterruptedException e) {
      c.close();
      throw e;
    }
    return c;
  }

  String masterUrl() {
    return masterUrl;
  }

  Path work() {
    return work;
  }

  /** {@code spark-submit ARGS}, waiting at most {@code limit}; the output goes to {@code log}. */
  Submission submit(String log, Duration limit, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = launcherCommand("org.apache.spark.deploy.SparkSubmit", args);
    Path out = work.resolve(log);
    long start = System.nanoTime();
    Process p = process(command, out);
    if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IllegalStateException("spark-submit did not finish within " + limit + "; see " + out);
    }
    return new Submission(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private void daemon(String name, List<String> args, String ready)
      throws IOException, InterruptedException {
    Path log = work.resolve(name + ".log");
    Process p = process(launcherCommand(args.get(0), args.subList(1, args.size())), log);
    daemons.add(p);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the Spark " + name + " exited with " + p.exitValue()
            + ":\n" + Files.readString(log));
      }
      if (Files.exists(log) && Files.readString(log).contains(ready)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the Spark " + name + " did not log '" + ready
        + "' within 90 s; see " + log);
  }

  /** The java command Spark's launcher builds for {@code mainClass} (NUL-separated output). */
  private List<String> launcherCommand(String mainClass, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-cp", sparkHome.resolve("jars") + "/*",
        "org.apache.spark.launcher.Main", mainClass));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    environment(pb.environment());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("Spark's launcher refused " + cmd + " (exit " + p.exitValue()
          + ")");
    }
    List<String> built = new ArrayList<>();
    for (String part : new String(out, StandardCharsets.UTF_8).split("\0")) {
      // The launcher's first part starts after a line break (what spark-class skips).
      String arg = part.strip();
      if (!arg.isEmpty()) {
        built.add(arg);
      }
    }
    return built;
  }

  private Process process(List<String> command, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    environment(pb.environment());
    return pb.start();
  }

  private void environment(Map<String, String> env) {
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOG_DIR", work.toString());
    env.put("OMP_NUM_THREADS", "1");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }
}
