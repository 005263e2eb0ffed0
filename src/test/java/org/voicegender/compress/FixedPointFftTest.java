package org.voicegender.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedPointFftTest {
  private static CirculantIntegerMatrix random(int rows, int cols, int k, long seed) {
    Random r = new Random(seed);
    long[][][] v = new long[CirculantMatrix.blocks(rows, k)][CirculantMatrix.blocks(cols, k)][k];
    for (long[][] a : v) {
      for (long[] b : a) {
        for (int d = 0; d < k; d++) {
          b[d] = r.nextInt(255) - 127; // 8-bit weight codes
        }
      }
    }
    return new CirculantIntegerMatrix(rows, cols, k, v);
  }

  private static List<long[]> inputs(int n, int rows, long seed) {
    Random r = new Random(seed);
    List<long[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(r.longs(rows, 0, 256).toArray()); // 8-bit unsigned (ReLU) activation codes
    }
    return out;
  }

  @Test
  void fixedPointFftIsCloseToTheExactIntegerSumAndExactWithEnoughBits() {
    for (int k : new int[] {2, 4, 8, 16}) {
      CirculantIntegerMatrix m = random(80, 64, k, k);
      List<long[]> x = inputs(20, 80, 1);
      long[] coarse = new FixedPointFft(m, 12, 8, 0).maxError(m, x);
      long[] fine = new FixedPointFft(m, 24, 16, 8).maxError(m, x);
      // 12-bit twiddles, no guard bits: within a thousandth of the sums' range (k = 8: 237 of
      // 320,921); 24-bit twiddles, 16-bit spectra, 8 guard bits: within 1 of the exact sum.
      assertThat((double) coarse[0] / coarse[1]).as("k=%d", k).isLessThan(1e-3);
      assertThat(fine[0]).as("k=%d", k).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void blocksOfTwoHaveTrivialTwiddlesAndAreExact() {
    CirculantIntegerMatrix m = random(10, 6, 2, 5); // padded rows
    assertThat(new FixedPointFft(m, 4, 0, 0).maxError(m, inputs(10, 10, 2))[0]).isZero();
  }
}
