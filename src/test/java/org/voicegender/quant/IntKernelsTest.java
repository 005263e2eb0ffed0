package org.voicegender.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voicegender.quant.FixedPointFormat.Overflow;
import org.voicegender.quant.FixedPointFormat.Representation;
import org.voicegender.quant.FixedPointFormat.Rounding;

/** The SIMD kernels give the codes of the plain loops and of {@link Requantizer#apply}. */
class IntKernelsTest {
  @Test
  void theTestsRunTheVectorCode() {
    assertThat(IntKernels.VECTOR).as("surefire passes --add-modules jdk.incubator.vector").isTrue();
  }

  @Test
  void convolutionEqualsPlainLoopsForEveryShape() {
    Random random = new Random(3);
    for (int[] shape : new int[][] {{40, 4, 16, 87}, {16, 2, 8, 84}, {3, 1, 5, 6}, {7, 3, 33, 13}, {1, 2, 1, 2}}) {
      int in = shape[0];
      int taps = shape[1];
      int outStride = IntKernels.padded(shape[2]);
      int framesIn = shape[3];
      int frames = framesIn - taps + 1;
      int[] x = random.ints(framesIn * in, -(1 << 15), 1 << 15).toArray();
      int[] w = random.ints(taps * in * outStride, -(1 << 12), 1 << 12).toArray();
      int[] b = random.ints(outStride, -(1 << 20), 1 << 20).toArray();
      int[] expected = new int[frames * outStride];
      for (int t = 0; t < frames; t++) {
        for (int o = 0; o < outStride; o++) {
          long s = b[o];
          for (int q = 0; q < taps * in; q++) {
            s += (long) w[q * outStride + o] * x[t * in + q];
          }
          expected[t * outStride + o] = Math.toIntExact(s);
        }
      }
      int[] vector = new int[expected.length];
      int[] scalar = new int[expected.length];
      IntKernels.convolve(x, in, frames, w, b, outStride, vector);
      IntKernels.convolveScalar(x, in, frames, w, b, outStride, scalar);
      assertThat(vector).as("vector %s", java.util.Arrays.toString(shape)).containsExactly(expected);
      assertThat(scalar).as("scalar %s", java.util.Arrays.toString(shape)).containsExactly(expected);
    }
  }

  @Test
  void longConvolutionIsExactBeyond32Bits() {
    Random random = new Random(4);
    for (int[] shape : new int[][] {{40, 4, 16, 87}, {16, 2, 8, 84}, {7, 3, 33, 13}}) {
      int in = shape[0];
      int taps = shape[1];
      int outStride = IntKernels.padded(shape[2]);
      int framesIn = shape[3];
      int frames = framesIn - taps + 1;
      int[] x = random.ints(framesIn * in, -(1 << 23), 1 << 23).toArray(); // 24-bit codes
      long[] w = random.longs(taps * in * outStride, -(1L << 23), 1L << 23).toArray();
      long[] b = random.longs(outStride, -(1L << 50), 1L << 50).toArray();
      long[] expected = new long[frames * outStride];
      for (int t = 0; t < frames; t++) {
        for (int o = 0; o < outStride; o++) {
          java.math.BigInteger s = java.math.BigInteger.valueOf(b[o]);
          for (int q = 0; q < taps * in; q++) {
            s = s.add(java.math.BigInteger.valueOf(w[q * outStride + o]).multiply(java.math.BigInteger.valueOf(x[t * in + q])));
          }
          expected[t * outStride + o] = s.longValueExact();
        }
      }
      long[] vector = new long[expected.length];
      long[] scalar = new long[expected.length];
      IntKernels.convolveLong(x, in, frames, w, b, outStride, vector);
      IntKernels.convolveLongScalar(x, in, frames, w, b, outStride, scalar);
      assertThat(vector).as("vector %s", java.util.Arrays.toString(shape)).containsExactly(expected);
      assertThat(scalar).as("scalar %s", java.util.Arrays.toString(shape)).containsExactly(expected);
      assertThat(java.util.Arrays.stream(expected).anyMatch(v -> v != (int) v)).as("sums beyond 32 bits").isTrue();
    }
  }

  @Test
  void arrayRequantisationEqualsOneAtATime() {
    Random random = new Random(5);
    FixedPointFormat[] accumulators = {
        new FixedPointFormat(20, 12, Representation.TWOS_COMPLEMENT, Rounding.NEAREST_EVEN, Overflow.SATURATE),
        new FixedPointFormat(32, 20, Representation.TWOS_COMPLEMENT, Rounding.NEAREST_EVEN, Overflow.SATURATE),
        new FixedPointFormat(40, 14, Representation.TWOS_COMPLEMENT, Rounding.NEAREST_EVEN, Overflow.SATURATE)};
    FixedPointFormat[] outputs = {
        new FixedPointFormat(8, 4, Representation.UNSIGNED, Rounding.NEAREST_EVEN, Overflow.SATURATE),
        new FixedPointFormat(8, 5, Representation.TWOS_COMPLEMENT, Rounding.NEAREST_EVEN, Overflow.SATURATE),
        new FixedPointFormat(6, 2, Representation.SIGN_MAGNITUDE, Rounding.TOWARD_ZERO, Overflow.SATURATE),
        new FixedPointFormat(8, 3, Representation.TWOS_COMPLEMENT, Rounding.FLOOR, Overflow.WRAP)};
    for (FixedPointFormat acc : accumulators) {
      for (FixedPointFormat out : outputs) {
        for (boolean relu : new boolean[] {true, false}) {
          Requantizer r = Requantizer.of(acc, out, relu);
          int n = 64 * IntKernels.LANES;
          int[] sums = random.ints(n, Integer.MIN_VALUE, Integer.MAX_VALUE).toArray();
          for (int i = 0; i < n / 2; i++) { // small sums, and exact ties, are the common case
            sums[i] = (sums[i] >> (i % 24)) & ~((1 << (i % 5)) - 1);
          }
          int[] codes = sums.clone();
          r.applyInPlace(codes, n);
          for (int i = 0; i < n; i++) {
            assertThat((long) codes[i]).as("%s → %s relu %s, sum %d", acc, out, relu, sums[i])
                .isEqualTo(r.apply(sums[i]));
          }
        }
      }
    }
  }

  @Test
  void maxPoolTakesTheLargestCodeOfEachPool() {
    Random random = new Random(5);
    int stride = IntKernels.padded(8);
    int pool = 16;
    int steps = 5;
    int[] y = random.ints((steps * pool + 3) * stride, -(1 << 20), 1 << 20).toArray();
    int[] out = new int[steps * stride];
    IntKernels.maxPool(y, stride, pool, steps, out);
    for (int t = 0; t < steps; t++) {
      for (int c = 0; c < stride; c++) {
        int m = Integer.MIN_VALUE;
        for (int j = 0; j < pool; j++) {
          m = Math.max(m, y[(t * pool + j) * stride + c]);
        }
        assertThat(out[t * stride + c]).as("step %d channel %d", t, c).isEqualTo(m);
      }
    }
  }
}
