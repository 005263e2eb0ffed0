package org.voicegender.audio;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PolyphaseResampler}'s inner product with the Vector API: a register of consecutive
 * outputs of one phase summed over all of the phase's taps before it is stored. Lane by lane the
 * sum is {@code ((0 + t0) + t1) + ...}, a product then an add (never fused), as the scalar loop.
 * Four registers of outputs are summed side by side: each lane's sum is the same, but the four
 * chains of dependent adds overlap instead of waiting on each other's latency. Loaded only when
 * the module is there.
 */
final class PhaseKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  private PhaseKernel() {}

  /**
   * {@code out[m] = Σ_j rows[at[j] + m] · branch[j]} for {@code m < outputs}, rounded to float
   * into {@code y[k0 + up·m]}; {@code rows} has {@link #LANES} elements to spare after the last
   * one read; {@code lanes} is a buffer of {@link #lanes()}.
   */
  static void phase(
      double[] rows, int[] at, double[] branch, int outputs, float[] y, int k0, int up,
      double[] lanes) {
    int taps = branch.length;
    int m = 0;
    for (; m + 4 * LANES <= outputs; m += 4 * LANES) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      for (int j = 0; j < taps; j++) {
        int i = at[j] + m;
        double b = branch[j];
        a0 = a0.add(DoubleVector.fromArray(SPECIES, rows, i).mul(b));
        a1 = a1.add(DoubleVector.fromArray(SPECIES, rows, i + LANES).mul(b));
        a2 = a2.add(DoubleVector.fromArray(SPECIES, rows, i + 2 * LANES).mul(b));
        a3 = a3.add(DoubleVector.fromArray(SPECIES, rows, i + 3 * LANES).mul(b));
      }
      a0.intoArray(lanes, 0);
      a1.intoArray(lanes, LANES);
      a2.intoArray(lanes, 2 * LANES);
      a3.intoArray(lanes, 3 * LANES);
      store(lanes, 4 * LANES, y, k0 + up * m, up);
    }
    for (; m < outputs; m += LANES) {
      DoubleVector acc = DoubleVector.zero(SPECIES);
      for (int j = 0; j < taps; j++) {
        acc = acc.add(DoubleVector.fromArray(SPECIES, rows, at[j] + m).mul(branch[j]));
      }
      acc.intoArray(lanes, 0);
      store(lanes, Math.min(LANES, outputs - m), y, k0 + up * m, up);
    }
  }

  /** The buffer {@link #phase} stores its registers in. */
  static double[] lanes() {
    return new double[4 * LANES];
  }

  private static void store(double[] lanes, int n, float[] y, int at, int up) {
    for (int l = 0; l < n; l++) {
      y[at + up * l] = (float) lanes[l];
    }
  }
}
