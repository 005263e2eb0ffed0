package org.voicegender.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolyphaseResamplerTest {

  @ParameterizedTest
  @CsvSource({"44100, 22050", "8000, 22050", "48000, 22050", "22050, 16000"})
  void resamplesASineFromAnyRateWithoutAudibleError(int from, int to) {
    double f = 1000; // inside every passband above
    int n = from; // one second
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * f * i / from));
    }
    PolyphaseResampler r = PolyphaseResampler.of(from, to);
    float[] y = r.resample(x);
    assertThat(y).hasSize((int) Math.ceil((double) n * to / from));
    double signal = 0;
    double error = 0;
    for (int k = y.length / 4; k < 3 * y.length / 4; k++) { // away from the edges
      double expected = 0.5 * Math.sin(2 * Math.PI * f * k / to);
      signal += expected * expected;
      error += (y[k] - expected) * (y[k] - expected);
    }
    // A Kaiser β = 5 design has ripple near -55 dB; a broken phase or delay gives < 10 dB.
    assertThat(10 * Math.log10(signal / error)).isGreaterThan(50);
  }

  @ParameterizedTest
  @CsvSource({"16000, 22050, 441, 320", "44100, 22050, 1, 2"})
  void buildsScipysFilterForTheRatePair(int from, int to, int up, int down) {
    int max = Math.max(up, down);
    double[] h = PolyphaseResampler.lowPassFilter(2 * 10 * max + 1, 1.0 / max);
    double sum = 0;
    for (double v : h) {
      sum += v;
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(h[10 * max]).isEqualTo(h[h.length / 2]); // symmetric around the centre
    assertThat(h[0]).isEqualTo(h[h.length - 1]);
    assertThat(PolyphaseResampler.of(from, to).outputLength(320)).isEqualTo((320 * up + down - 1) / down);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 1", "5, 1.0000000000000000"})
  void besselI0MatchesKnownValues(double x, double unused) {
    // I0(0) = 1, I0(1) = 1.2660658777520082, I0(5) = 27.239871823604442 (Abramowitz & Stegun)
    double expected = x == 0 ? 1 : x == 1 ? 1.2660658777520082 : 27.239871823604442;
    assertThat(PolyphaseResampler.besselI0(x)).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-12));
  }
  /**
   * The definition summed directly, {@code y[k] = Σ up·h[half + down·k − up·n]·x[n]} over n from
   * high to low (the order in which the filter's taps meet the input), one output at a time.
   */
  private static float[] direct(float[] x, int from, int length, int up, int down) {
    int half = 10 * Math.max(up, down);
    double[] h = PolyphaseResampler.lowPassFilter(2 * half + 1, 1.0 / Math.max(up, down));
    float[] y = new float[(int) ((length * (long) up + down - 1) / down)];
    for (int k = 0; k < y.length; k++) {
      double acc = 0;
      long centre = half + (long) down * k; // tap index of n = 0
      int nHigh = (int) Math.min(length - 1, centre / up);
      for (int n = nHigh; n >= 0 && centre - (long) up * n < h.length; n--) {
        acc += x[from + n] * (up * h[(int) (centre - (long) up * n)]);
      }
      y[k] = (float) acc;
    }
    return y;
  }

  @ParameterizedTest
  @CsvSource({"16000, 22050, 32000", "16000, 22050, 7", "16000, 22050, 1", "44100, 22050, 999",
      "8000, 22050, 50", "22050, 16000, 3001"})
  void givesTheDirectSumBitForBitOnWholeSignalsAndRanges(int fromRate, int toRate, int n) {
    java.util.Random random = new java.util.Random(n);
    float[] x = new float[n + 20];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    PolyphaseResampler r = PolyphaseResampler.of(fromRate, toRate);
    int g = java.math.BigInteger.valueOf(fromRate).gcd(java.math.BigInteger.valueOf(toRate)).intValue();
    int up = toRate / g;
    int down = fromRate / g;
    assertThat(r.resample(x, 0, n)).containsExactly(direct(x, 0, n, up, down));
    assertThat(r.resample(x, 13, n)).containsExactly(direct(x, 13, n, up, down));
  }
  @ParameterizedTest
  @CsvSource({"16000, 22050", "44100, 22050", "8000, 22050", "22050, 16000"})
  void resamplesOverlappingRangesAsEachOnItsOwnBitForBit(int fromRate, int toRate) {
    java.util.Random random = new java.util.Random(fromRate);
    float[] x = new float[5 * fromRate + 123];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    // The every-window policy: 2 s windows every 1 s, a last partial one; and ranges that start
    // between two outputs of the whole signal, and a tiny one.
    int[] starts = {0, fromRate, 2 * fromRate, 3 * fromRate, 4 * fromRate, 7, fromRate / 3 + 1, 5};
    int[] lengths = {2 * fromRate, 2 * fromRate, 2 * fromRate, 2 * fromRate, fromRate + 123, 999, 3000, 3};
    PolyphaseResampler r = PolyphaseResampler.of(fromRate, toRate);
    float[][] shared = r.resampleRanges(x, starts, lengths);
    for (int i = 0; i < starts.length; i++) {
      assertThat(shared[i]).as("range %d", i).containsExactly(r.resample(x, starts[i], lengths[i]));
    }
  }
}
