package org.voicegender.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The machine a speed figure was taken on: CPU model, cores, the widest SIMD the CPU has and the
 * width the JVM's Vector API uses, the clock, and the load average when the run began (other
 * work on a shared machine slows both sides; alternating them keeps the ratio fair).
 */
public record Machine(
    String cpuModel, int cores, int cpuVectorBits, int vectorApiBits, double mhz,
    double loadAverage) {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static final Path LOADAVG = Path.of("/proc/loadavg");

  /** This machine, read from /proc (cpuinfo, loadavg); "unknown" fields where they are absent. */
  public static Machine current() {
    String cpuinfo = readOrEmpty(CPUINFO);
    String load = readOrEmpty(LOADAVG);
    return parse(cpuinfo, Runtime.getRuntime().availableProcessors(), VectorWidth.bits(), load);
  }

  /** The machine described by a /proc/cpuinfo text and a /proc/loadavg line. */
  static Machine parse(String cpuinfo, int cores, int vectorApiBits, String loadavg) {
    String model = field(cpuinfo, "model name");
    String mhz = field(cpuinfo, "cpu MHz");
    Set<String> flags = new HashSet<>(Arrays.asList(field(cpuinfo, "flags").split("\\s+")));
    int cpuBits = flags.contains("avx512f") ? 512 : flags.contains("avx2") || flags.contains("avx")
        ? 256 : flags.contains("sse2") || flags.contains("asimd") ? 128 : 0;
    double load = Double.NaN;
    String[] parts = loadavg.trim().split("\\s+");
    if (!parts[0].isEmpty()) {
      load = Double.parseDouble(parts[0]);
    }
    return new Machine(model.isEmpty() ? "unknown CPU" : model, cores, cpuBits, vectorApiBits,
        mhz.isEmpty() ? Double.NaN : Double.parseDouble(mhz), load);
  }

  /** One line for an artifact, e.g. "AMD EPYC, 2 cores, 512-bit SIMD (avx512f), ...". */
  public String describe() {
    StringBuilder s = new StringBuilder(cpuModel).append(", ").append(cores).append(" cores");
    if (!Double.isNaN(mhz)) {
      s.append(String.format(" at %.0f MHz", mhz));
    }
    s.append(", ").append(cpuVectorBits > 0 ? cpuVectorBits + "-bit SIMD" : "SIMD width unknown");
    s.append(", Vector API ")
        .append(vectorApiBits > 0 ? vectorApiBits + "-bit" : "not enabled (scalar loops)");
    if (!Double.isNaN(loadAverage)) {
      s.append(String.format(", load average %.2f at the start", loadAverage));
    }
    return s.toString();
  }

  /** Whether other work was running when the run began (a 1-minute load average of 0.5 or more). */
  public boolean looksShared() {
    return loadAverage >= 0.5;
  }

  private static String field(String cpuinfo, String name) {
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      // Not Linux, or /proc hidden: the description says "unknown" rather than failing a benchmark.
      return "";
    }
  }
}
