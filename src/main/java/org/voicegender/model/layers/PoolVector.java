package org.voicegender.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A max-pooling window of one vector's length ({@link CompactMaxPool1DLayer}): its maximum and
 * the first input that attains it, in two vector ops. Loaded only when the Vector API is there.
 */
final class PoolVector {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private PoolVector() {}

  /** Whether a window of {@code kernel} inputs is one vector. */
  static boolean fits(int kernel) {
    return kernel == S.length();
  }

  /**
   * The index of the first maximum of {@code x[from .. from + L)}, or −1 when no element equals
   * the maximum (a NaN among them): the caller's scalar loop decides those.
   */
  static int argmax(float[] x, int from) {
    FloatVector v = FloatVector.fromArray(S, x, from);
    float max = v.reduceLanes(VectorOperators.MAX);
    int first = v.compare(VectorOperators.EQ, max).firstTrue();
    return first < S.length() ? from + first : -1;
  }
}
