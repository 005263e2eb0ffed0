package org.voicegender.quant;

/**
 * Dot products of int codes for the golden model: with the Vector API ({@code --add-modules
 * jdk.incubator.vector}, which {@code bin/voicegender}, the tests and the kernel pass) in SIMD
 * registers, else in plain loops. Both are exact int arithmetic; the caller guarantees no sum
 * leaves 32 bits.
 */
final class IntDot {
  /** Whether the Vector API is there (it is an incubator module in JDK 17). */
  static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private IntDot() {}

  /** {@code Σ w[q]·x[at + q]} over q < n. */
  static int dot(int[] w, int[] x, int at, int n) {
    if (VECTOR) {
      return VectorDot.dot(w, x, at, n);
    }
    int s = 0;
    for (int q = 0; q < n; q++) {
      s += w[q] * x[at + q];
    }
    return s;
  }
}
