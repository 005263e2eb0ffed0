package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath}'s e^x is, lane for lane and bit for bit, the same operations on one float
 * (so it cannot depend on whether the JIT has compiled it), within 2 ulps of e^x where e^x is a
 * normal float, and saturates beyond; its sigmoid and tanh are the functions to float rounding.
 */
class VectorMathTest {
  private static final int L = VectorMath.S.length();

  @Test
  void expIsTheScalarSequenceBitForBitAndWithinTwoUlps() {
    Random r = new Random(3);
    float[] x = new float[4096];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 200 - 100);
    }
    float[] edges = {0f, -0f, 1e-30f, -1e-30f, 0.5f, -0.5f, 0.34657359f, -0.34657359f, -87f, -87.5f, 88f, 88.5f,
        -1000f, 1000f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 1f, -1f, 20f, -20f};
    System.arraycopy(edges, 0, x, 0, edges.length);
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i += L) {
      VectorMath.exp(FloatVector.fromArray(VectorMath.S, x, i)).intoArray(y, i);
    }
    for (int i = 0; i < x.length; i++) {
      assertThat(Float.floatToIntBits(y[i])).as("e^%s", x[i]).isEqualTo(Float.floatToIntBits(VectorMath.expScalar(x[i])));
      if (Float.isNaN(x[i])) {
        assertThat(y[i]).isNaN();
      } else if (x[i] >= -87f && x[i] <= 88f) {
        float exact = (float) Math.exp(x[i]);
        assertThat(Math.abs(y[i] - exact)).as("e^%s", x[i]).isLessThanOrEqualTo(2 * Math.ulp(exact));
      } else {
        assertThat(y[i]).isEqualTo(VectorMath.expScalar(x[i] < 0 ? -87f : 88f));
      }
    }
  }

  @Test
  void sigmoidAndTanhAreTheFunctions() {
    float[] x = new float[16 * L];
    for (int i = 0; i < x.length; i++) {
      x[i] = -12f + 24f * i / x.length;
    }
    float[] s = new float[x.length];
    float[] t = new float[x.length];
    for (int i = 0; i < x.length; i += L) {
      FloatVector v = FloatVector.fromArray(VectorMath.S, x, i);
      VectorMath.sigmoid(v).intoArray(s, i);
      VectorMath.tanh(v).intoArray(t, i);
    }
    for (int i = 0; i < x.length; i++) {
      assertThat((double) s[i]).as("sigmoid(%s)", x[i]).isCloseTo(1 / (1 + Math.exp(-x[i])),
          org.assertj.core.data.Offset.offset(3e-7));
      assertThat((double) t[i]).as("tanh(%s)", x[i]).isCloseTo(Math.tanh(x[i]), org.assertj.core.data.Offset.offset(3e-7));
    }
  }
}
