package org.voicegender.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The batched STFT against JTransforms (an independent FFT), and its two code paths alike. */
class FramePowerSpectraTest {
  private static final FeatureConfig SEED = FeatureConfig.seed();

  @ParameterizedTest
  @ValueSource(ints = {2048, 1024, 256, 8, 4, 2})
  void melBandsMatchAnFftPerFrameByJTransforms(int n) {
    int hop = Math.max(1, n / 4);
    int samples = 20_000;
    double[] padded = noise(samples + n, 7);
    double[] window = MfccExtractor.periodicHann(n);
    MelFilterbank bank = new MelFilterbank(SEED.sampleRate(), n, n >= 256 ? 40 : 2, 0, 11_025);
    int frames = 1 + samples / hop;
    double[][] batched = new double[bank.bands()][frames];
    FramePowerSpectra spectra = new FramePowerSpectra(n);
    spectra.prepare(padded, hop);
    for (int t = 0; t < frames; t += FramePowerSpectra.FRAMES) {
      spectra.melBands(window, t, Math.min(FramePowerSpectra.FRAMES, frames - t), bank, batched);
    }
    DoubleFFT_1D fft = new DoubleFFT_1D(n);
    for (int t = 0; t < frames; t++) {
      double[] frame = new double[n];
      for (int i = 0; i < n; i++) {
        frame[i] = padded[t * hop + i] * window[i];
      }
      fft.realForward(frame);
      double[] power = new double[n / 2 + 1];
      power[0] = frame[0] * frame[0];
      power[n / 2] = frame[1] * frame[1];
      for (int k = 1; k < n / 2; k++) {
        power[k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
      }
      for (int m = 0; m < bank.bands(); m++) {
        double expected = bank.apply(m, power);
        assertThat(batched[m][t]).as("n_fft %d, band %d, frame %d", n, m, t)
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * expected + 1e-300));
      }
    }
  }

  @Test
  void vectorAndPlainLoopsGiveTheSameBits() {
    double[] padded = noise(SEED.windowSamples() + SEED.nFft(), 11);
    double[] window = MfccExtractor.periodicHann(SEED.nFft());
    MelFilterbank bank = bank();
    double[][] vector = new double[SEED.nMels()][SEED.frames()];
    double[][] plain = new double[SEED.nMels()][SEED.frames()];
    FramePowerSpectra withVectors = new FramePowerSpectra(SEED.nFft(), true);
    FramePowerSpectra withLoops = new FramePowerSpectra(SEED.nFft(), false);
    withVectors.prepare(padded, SEED.hopLength());
    withLoops.prepare(padded, SEED.hopLength());
    for (int t = 0; t < SEED.frames(); t += FramePowerSpectra.FRAMES) {
      int count = Math.min(FramePowerSpectra.FRAMES, SEED.frames() - t);
      withVectors.melBands(window, t, count, bank, vector);
      withLoops.melBands(window, t, count, bank, plain);
    }
    for (int m = 0; m < SEED.nMels(); m++) {
      assertThat(vector[m]).as("band %d", m).isEqualTo(plain[m]);
    }
  }

  @Test
  void aWindowAtAnotherHopOrLengthIsReadAsAFreshOneWouldBe() {
    double[] window = MfccExtractor.periodicHann(SEED.nFft());
    MelFilterbank bank = bank();
    FramePowerSpectra reused = new FramePowerSpectra(SEED.nFft());
    double[][] first = new double[SEED.nMels()][FramePowerSpectra.FRAMES];
    reused.prepare(noise(SEED.windowSamples() + SEED.nFft(), 3), SEED.hopLength());
    reused.melBands(window, 0, FramePowerSpectra.FRAMES, bank, first);
    for (int[] shape : new int[][] {{300, 10_000}, {512, 30_000}}) {
      double[] padded = noise(shape[1], shape[0]);
      double[][] again = new double[SEED.nMels()][FramePowerSpectra.FRAMES];
      double[][] fresh = new double[SEED.nMels()][FramePowerSpectra.FRAMES];
      reused.prepare(padded, shape[0]);
      reused.melBands(window, 0, FramePowerSpectra.FRAMES, bank, again);
      FramePowerSpectra once = new FramePowerSpectra(SEED.nFft());
      once.prepare(padded, shape[0]);
      once.melBands(window, 0, FramePowerSpectra.FRAMES, bank, fresh);
      for (int m = 0; m < SEED.nMels(); m++) {
        assertThat(again[m]).as("hop %d, band %d", shape[0], m).isEqualTo(fresh[m]);
      }
    }
  }

  @Test
  void dctKernelGivesThePlainSumsBits() {
    double[][] basis = MfccExtractor.orthonormalDct(SEED.nMfcc(), SEED.nMels());
    double[][] db = new double[SEED.nMels()][];
    for (int m = 0; m < db.length; m++) {
      db[m] = noise(SEED.frames(), 100 + m);
    }
    float[][] out = new float[SEED.nMfcc()][SEED.frames()];
    SpectrumKernel.dct(basis, db, SEED.frames(), out);
    for (int c = 0; c < basis.length; c++) {
      for (int t = 0; t < SEED.frames(); t++) {
        double sum = 0;
        for (int m = 0; m < db.length; m++) {
          sum += basis[c][m] * db[m][t];
        }
        assertThat(out[c][t]).as("coefficient %d, frame %d", c, t).isEqualTo((float) sum);
      }
    }
  }

  private static MelFilterbank bank() {
    return new MelFilterbank(SEED.sampleRate(), SEED.nFft(), SEED.nMels(), SEED.fMin(),
        SEED.fMax());
  }

  private static double[] noise(int n, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian() * 0.1 * Math.sin(i * 1e-3);
    }
    return x;
  }
}
