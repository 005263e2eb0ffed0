package org.voicegender.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each degradation against what it promises, measured independently of how it is made. */
class DegradationTest {
  private static PcmAudio tone(double hz, int rate, double seconds) {
    float[] s = new float[(int) (rate * seconds)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (0.25 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return new PcmAudio(s, rate);
  }

  private static double power(float[] x) {
    double s = 0;
    for (float v : x) {
      s += (double) v * v;
    }
    return s / x.length;
  }

  @ParameterizedTest
  @ValueSource(doubles = {20, 10, 5, 0})
  void addsNoiseAtTheSignalToNoiseRatioAsked(double snr) {
    PcmAudio clean = tone(200, 16_000, 2);
    for (Degradation.NoiseColour c : Degradation.NoiseColour.values()) {
      PcmAudio noisy = new Degradation.AdditiveNoise(snr, c).apply(clean, 5);
      float[] n = new float[clean.samples().length];
      for (int i = 0; i < n.length; i++) {
        n[i] = noisy.samples()[i] - clean.samples()[i];
      }
      assertThat(10 * Math.log10(power(clean.samples()) / power(n))).isCloseTo(snr, offset(0.01));
    }
  }

  @Test
  void isTheSameAtTheSameSeedAndOtherwiseAtAnother() {
    PcmAudio clean = tone(200, 16_000, 1);
    var d = new Degradation.Chain(List.of(new Degradation.AdditiveNoise(10, Degradation.NoiseColour.WHITE),
        new Degradation.Reverberation(0.4, 0)));
    assertThat(d.apply(clean, 9).samples()).isEqualTo(d.apply(clean, 9).samples());
    assertThat(d.apply(clean, 9).samples()).isNotEqualTo(d.apply(clean, 10).samples());
    assertThat(d.describe()).isEqualTo("white noise 10 dB + reverberation RT60 0.4 s");
  }

  @Test
  void pinkNoiseHasTheSamePowerInEveryOctave() {
    // pink noise far above a quiet 50 Hz tone; octave bands by a DFT scan
    float[] x = new Degradation.AdditiveNoise(-40, Degradation.NoiseColour.PINK).apply(tone(50, 16_000, 4), 2).samples();
    double low = bandPower(x, 16_000, 500, 1000);
    double high = bandPower(x, 16_000, 2000, 4000);
    assertThat(10 * Math.log10(high / low)).isCloseTo(0, offset(1.5));
    float[] w = new Degradation.AdditiveNoise(-40, Degradation.NoiseColour.WHITE).apply(tone(50, 16_000, 4), 2).samples();
    // white: power grows with bandwidth, 4x wider band two octaves up = +6 dB
    assertThat(10 * Math.log10(bandPower(w, 16_000, 2000, 4000) / bandPower(w, 16_000, 500, 1000)))
        .isCloseTo(6.02, offset(1.0));
  }

  /** The power in the band lo-hi: the mean DFT power at 2.5 Hz steps (4 s: independent bins) times the bandwidth. */
  private static double bandPower(float[] x, int rate, double lo, double hi) {
    double sum = 0;
    for (double f = lo; f < hi; f += 2.5) {
      double re = 0;
      double im = 0;
      for (int i = 0; i < x.length; i++) {
        re += x[i] * Math.cos(2 * Math.PI * f * i / rate);
        im -= x[i] * Math.sin(2 * Math.PI * f * i / rate);
      }
      sum += re * re + im * im;
    }
    return sum / ((hi - lo) / 2.5) * (hi - lo);
  }

  @Test
  void reverberationDecaysSixtyDecibelsInItsReverberationTime() {
    var r = new Degradation.Reverberation(0.5, 0);
    double[] h = r.impulseResponse(16_000, 3);
    assertThat(h[0]).isEqualTo(1.0);
    assertThat(h).hasSize(8000);
    // energy of the tail in 50 ms slices at 0.05 s and at 0.35 s: 0.3 s apart, 36 dB down
    double early = 0;
    double late = 0;
    for (int i = 800; i < 1600; i++) {
      early += h[i] * h[i];
      late += h[i + 4800] * h[i + 4800];
    }
    assertThat(10 * Math.log10(early / late)).isCloseTo(36, offset(2.0));
    double tail = 0;
    for (int i = 1; i < h.length; i++) {
      tail += h[i] * h[i];
    }
    assertThat(tail).isCloseTo(1.0, offset(1e-9)); // direct-to-reverberant 0 dB
  }

  @Test
  void reverberationIsTheConvolutionWithItsImpulseResponse() {
    Random random = new Random(1);
    float[] x = new float[3000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian() * 0.1f;
    }
    var r = new Degradation.Reverberation(0.05, 3);
    double[] h = r.impulseResponse(8000, 4);
    float[] y = r.apply(new PcmAudio(x, 8000), 4).samples();
    double[] direct = new double[x.length];
    for (int n = 0; n < x.length; n++) {
      for (int k = 0; k < h.length && k <= n; k++) {
        direct[n] += h[k] * x[n - k];
      }
    }
    double scale = Math.sqrt(power(x) / java.util.Arrays.stream(direct).map(v -> v * v).average().orElseThrow());
    for (int n = 0; n < x.length; n++) {
      assertThat((double) y[n]).isCloseTo(direct[n] * scale, offset(1e-5));
    }
  }

  @Test
  void telephoneBandKeepsSpeechFrequenciesAndCutsTheRest() {
    var phone = new Degradation.TelephoneBand();
    for (double hz : new double[] {100, 1000, 3000, 3900}) {
      PcmAudio t = tone(hz, 16_000, 1);
      PcmAudio y = phone.apply(t, 0);
      assertThat(y.sampleRate()).isEqualTo(8000);
      float[] steady = java.util.Arrays.copyOfRange(y.samples(), 2000, 7000);
      double db = 10 * Math.log10(power(steady) / power(t.samples()));
      if (hz == 1000 || hz == 3000) {
        assertThat(db).as("%s Hz", hz).isCloseTo(0, offset(1.0));
      } else {
        assertThat(db).as("%s Hz", hz).isLessThan(-10);
      }
    }
    // the Butterworth sections: -3 dB at the band edges, checked on their own response
    double[] q = {0.5411961, 1.3065630};
    double edge = 1;
    for (double qi : q) {
      edge *= Biquad.highPass(300, qi, 8000).gain(300, 8000);
    }
    assertThat(20 * Math.log10(edge)).isCloseTo(-3.01, offset(0.05));
  }

  @Test
  void gainScalesAndClipsAtTheSixteenBitRange() {
    PcmAudio t = tone(100, 16_000, 0.1);
    float[] up = new Degradation.Gain(20).apply(t, 0).samples();
    float[] down = new Degradation.Gain(-6).apply(t, 0).samples();
    for (int i = 0; i < up.length; i++) {
      assertThat(up[i]).isBetween(-1f, 32767 / 32768f);
      assertThat((double) down[i]).isCloseTo(t.samples()[i] * Math.pow(10, -6 / 20.0), offset(1e-6));
    }
    assertThat(new Degradation.Gain(20).describe()).isEqualTo("gain +20 dB");
  }

  @Test
  void speedMovesPitchAndLengthByItsFactor() {
    PcmAudio t = tone(200, 16_000, 1);
    PcmAudio fast = new Degradation.Speed(1.05).apply(t, 0);
    assertThat(fast.sampleRate()).isEqualTo(16_000);
    assertThat((double) fast.samples().length).isCloseTo(16_000 / 1.05, offset(2.0));
    var yin = new YinPitchTracker(YinPitchTracker.Config.speech());
    assertThat(yin.track(fast).medianHz()).isCloseTo(210, offset(1.0));
    assertThat(Degradation.Speed.fraction(1.05)).containsExactly(21, 20);
    assertThat(Degradation.Speed.fraction(0.9)).containsExactly(9, 10);
    assertThatThrownBy(() -> new Degradation.Speed(3)).hasMessageContaining("[0.5, 2]");
  }

  @Test
  void pauseNoiseIsTheQuietestFramesOfARecording() {
    int rate = 16_000;
    float[] x = new float[rate];
    for (int i = 0; i < x.length; i++) {
      boolean pause = (i / 400) % 4 == 0; // one 25 ms frame in four is a pause
      x[i] = (float) (pause ? 0.001 * Math.sin(i) : 0.3 * Math.sin(2 * Math.PI * 150 * i / rate));
    }
    PcmAudio noise = PauseNoise.extract(new PcmAudio(x, rate), 20);
    assertThat(noise.samples().length).isEqualTo(8 * 400); // 20 % of 40 frames, all from pauses
    for (float v : noise.samples()) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo(0.001f);
    }
    PcmAudio withNoise = new Degradation.RecordedNoise(noise, 10, "test").apply(tone(200, rate, 1), 3);
    assertThat(withNoise.samples()).hasSize(rate);
  }
}
