package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolVectorTest {
  @Test
  void findsTheFirstMaximumAsTheScalarLoopDoesAndLeavesNaNsToIt() {
    int l = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    assertThat(PoolVector.fits(l)).isTrue();
    Random random = new Random(6);
    float[] x = new float[l + 3];
    for (int trial = 0; trial < 2000; trial++) {
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextInt(5) - 2 + (trial % 3 == 0 ? 0 : random.nextFloat()); // ties in a third of the trials
      }
      if (trial % 7 == 0) {
        x[3 + random.nextInt(l)] = -0.0f;
      }
      int best = 3;
      for (int j = 4; j < 3 + l; j++) {
        if (x[j] > x[best]) {
          best = j;
        }
      }
      assertThat(PoolVector.argmax(x, 3)).as("trial %d", trial).isEqualTo(best);
    }
    x[5] = Float.NaN;
    assertThat(PoolVector.argmax(x, 3)).isEqualTo(-1);
  }
}
