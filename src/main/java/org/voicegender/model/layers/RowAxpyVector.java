package org.voicegender.model.layers;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API half of {@link RowAxpy}; loaded only when the module is there. */
final class RowAxpyVector {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  private RowAxpyVector() {}

  static void axpy(float s, float[] x, int xo, float[] y, int yo, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, y, yo + i)
          .add(FloatVector.fromArray(SPECIES, x, xo + i).mul(s))
          .intoArray(y, yo + i);
    }
    RowAxpy.scalar(s, x, xo + i, y, yo + i, n - i);
  }

  static void axpy(double s, double[] x, int xo, double[] y, int yo, int n) {
    int i = 0;
    for (int bound = DOUBLES.loopBound(n); i < bound; i += DOUBLES.length()) {
      DoubleVector.fromArray(DOUBLES, y, yo + i)
          .add(DoubleVector.fromArray(DOUBLES, x, xo + i).mul(s))
          .intoArray(y, yo + i);
    }
    RowAxpy.scalar(s, x, xo + i, y, yo + i, n - i);
  }
}
