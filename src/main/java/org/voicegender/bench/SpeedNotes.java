package org.voicegender.bench;

import org.voicegender.output.FigureTable;

/** The notes every side-by-side table carries: the machine, its load, how the rounds ran. */
final class SpeedNotes {
  private SpeedNotes() {}

  static void machine(FigureTable t, Machine m) {
    t.note("Machine: " + m.describe() + "."
        + (m.looksShared()
            ? " Other work was running (a shared machine): both sides saw the same load, since"
                + " they alternate, but absolute times are inflated."
            : ""));
    String settings = settings(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
        System.getenv());
    if (!settings.isEmpty()) {
      t.note("Instruction sets limited for this run: " + settings + ".");
    }
  }

  /**
   * Environment variables that cap the peers' instruction sets (PyTorch, oneDNN, OpenBLAS, MKL,
   * numpy's runtime dispatch).
   */
  private static final java.util.List<String> PEER_LIMITS = java.util.List.of("ATEN_CPU_CAPABILITY",
      "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "OPENBLAS_CORETYPE", "MKL_ENABLE_INSTRUCTIONS",
      "NPY_DISABLE_CPU_FEATURES");

  /**
   * The settings that change which instructions either side runs: our JVM's vector options
   * ({@code -XX:UseAVX}, {@code -XX:MaxVectorSize}) and the peers' variables, or "" for none.
   */
  static String settings(java.util.List<String> jvmArguments, java.util.Map<String, String> environment) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    for (String a : jvmArguments) {
      if (a.startsWith("-XX:UseAVX=") || a.startsWith("-XX:MaxVectorSize=") || a.startsWith("-XX:UseSSE=")) {
        parts.add("ours " + a);
      }
    }
    for (String name : PEER_LIMITS) {
      String value = environment.get(name);
      if (value != null && !value.isEmpty()) {
        parts.add(name + "=" + value);
      }
    }
    return String.join(", ", parts);
  }

  static void rounds(FigureTable t, int rounds) {
    t.note("Each figure: median (min-max) of " + rounds + " rounds; in each round ours and the peer"
        + " ran one right after the other, in alternating order, and the speed-up is taken round"
        + " by round (peer time over ours, or our throughput over the peer's; above 1: ours faster).");
  }
}
