package org.voicegender.quant;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API half of {@link IntDot}; loaded only when the module is present. */
final class VectorDot {
  private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;

  private VectorDot() {}

  static int dot(int[] w, int[] x, int at, int n) {
    IntVector acc = IntVector.zero(SPECIES);
    int q = 0;
    int upper = SPECIES.loopBound(n);
    for (; q < upper; q += SPECIES.length()) {
      acc = IntVector.fromArray(SPECIES, w, q).mul(IntVector.fromArray(SPECIES, x, at + q)).add(acc);
    }
    int s = acc.reduceLanes(VectorOperators.ADD);
    for (; q < n; q++) {
      s += w[q] * x[at + q];
    }
    return s;
  }
}
