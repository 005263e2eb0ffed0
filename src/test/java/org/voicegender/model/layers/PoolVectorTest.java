package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolVectorTest {
  private static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

  @Test
  void takesWindowsOfWholeVectorsOnly() {
    assertThat(PoolVector.fits(L)).isTrue();
    assertThat(PoolVector.fits(2 * L)).isTrue();
    assertThat(PoolVector.fits(3 * L)).isTrue();
    assertThat(PoolVector.fits(L + 1)).isFalse();
    assertThat(PoolVector.fits(0)).isFalse();
  }

  @Test
  void findsTheFirstMaximumAsTheScalarLoopDoesAndLeavesNaNsToIt() {
    for (int kernel : new int[] {L, 2 * L, 3 * L}) {
      Random random = new Random(6);
      float[] x = new float[kernel + 3];
      for (int trial = 0; trial < 2000; trial++) {
        for (int i = 0; i < x.length; i++) {
          x[i] = random.nextInt(5) - 2 + (trial % 3 == 0 ? 0 : random.nextFloat()); // ties in a third of the trials
        }
        if (trial % 7 == 0) {
          x[3 + random.nextInt(kernel)] = -0.0f;
        }
        if (trial % 11 == 0) {
          java.util.Arrays.fill(x, Float.NEGATIVE_INFINITY);
        }
        int best = 3;
        for (int j = 4; j < 3 + kernel; j++) {
          if (x[j] > x[best]) {
            best = j;
          }
        }
        assertThat(PoolVector.argmax(x, 3, kernel)).as("kernel %d, trial %d", kernel, trial).isEqualTo(best);
      }
      x[3 + kernel - 1] = Float.NaN;
      assertThat(PoolVector.argmax(x, 3, kernel)).as("kernel %d", kernel).isEqualTo(-1);
    }
  }
}
