package org.voicegender.model.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A max-pooling window of one or more whole vectors ({@link CompactMaxPool1DLayer}): its maximum
 * and the first input that attains it, in a few vector ops. The network's window of 16 is one
 * vector with 512-bit registers and two with 256-bit ones (where the scalar loop had taken 5 % of
 * a training step). Loaded only when the Vector API is there.
 */
final class PoolVector {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private PoolVector() {}

  /** Whether a window of {@code kernel} inputs is a whole number of vectors. */
  static boolean fits(int kernel) {
    return kernel > 0 && kernel % L == 0;
  }

  /**
   * The index of the first maximum of {@code x[from .. from + kernel)} ({@link #fits}), or −1
   * when no element equals the maximum (a NaN among them): the caller's scalar loop decides those.
   */
  static int argmax(float[] x, int from, int kernel) {
    if (kernel == L) {
      return argmax(x, from);
    }
    // a scalar carried from vector to vector: a vector carried through this loop would be boxed
    // when the caller's loops nest it (JDK 17)
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < kernel; j += L) {
      max = Math.max(max, FloatVector.fromArray(S, x, from + j).reduceLanes(VectorOperators.MAX));
    }
    for (int j = 0; j < kernel; j += L) {
      int first = FloatVector.fromArray(S, x, from + j).compare(VectorOperators.EQ, max).firstTrue();
      if (first < L) {
        return from + j + first;
      }
    }
    return -1;
  }

  /** {@link #argmax(float[], int, int)} of a window of one vector. */
  static int argmax(float[] x, int from) {
    FloatVector v = FloatVector.fromArray(S, x, from);
    float max = v.reduceLanes(VectorOperators.MAX);
    int first = v.compare(VectorOperators.EQ, max).firstTrue();
    return first < L ? from + first : -1;
  }
}
