package org.voicegender.bench;

/** The bit width of the Vector API's preferred int species, 0 when the module is not enabled. */
final class VectorWidth {
  private VectorWidth() {}

  static int bits() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return 0;
    }
    return Preferred.BITS;
  }

  /** Loaded only when the module is there (the same guard as quant.IntKernels). */
  private static final class Preferred {
    static final int BITS = jdk.incubator.vector.IntVector.SPECIES_PREFERRED.vectorBitSize();
  }
}
