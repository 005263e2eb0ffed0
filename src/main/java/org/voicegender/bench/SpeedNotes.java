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
  }

  static void rounds(FigureTable t, int rounds) {
    t.note("Each figure: median (min-max) of " + rounds + " rounds; in each round ours and the peer"
        + " ran one right after the other, in alternating order, and the speed-up is taken round"
        + " by round (peer time over ours, or our throughput over the peer's; above 1: ours faster).");
  }
}
