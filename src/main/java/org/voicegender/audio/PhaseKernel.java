package org.voicegender.audio;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PolyphaseResampler}'s inner product with the Vector API: a register of consecutive
 * outputs of one phase summed over all of the phase's taps before it is stored. Lane by lane the
 * sum is {@code ((0 + t0) + t1) + ...}, a product then an add (never fused), as the scalar loop.
 * Loaded only when the module is there.
 */
final class PhaseKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  private PhaseKernel() {}

  /**
   * {@code out[m] = Σ_j rows[at[j] + m] · branch[j]} for {@code m < outputs}, rounded to float
   * into {@code y[k0 + up·m]}; {@code rows} has {@link #LANES} elements to spare after the last
   * one read.
   */
  static void phase(double[] rows, int[] at, double[] branch, int outputs, float[] y, int k0, int up) {
    double[] lanes = new double[LANES];
    for (int m = 0; m < outputs; m += LANES) {
      DoubleVector acc = DoubleVector.zero(SPECIES);
      for (int j = 0; j < branch.length; j++) {
        acc = acc.add(DoubleVector.fromArray(SPECIES, rows, at[j] + m).mul(branch[j]));
      }
      acc.intoArray(lanes, 0);
      int n = Math.min(LANES, outputs - m);
      for (int l = 0; l < n; l++) {
        y[k0 + up * (m + l)] = (float) lanes[l];
      }
    }
  }
}
