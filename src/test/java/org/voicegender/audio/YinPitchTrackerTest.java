package org.voicegender.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voicegender.SharedData;
import org.voicegender.corpus.Gender;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.Utterance;

/** YIN on tones of known pitch and on real voices. */
class YinPitchTrackerTest {
  private final YinPitchTracker yin = new YinPitchTracker(YinPitchTracker.Config.speech());

  /** One second of a tone at {@code hz}: its first {@code harmonics} harmonics at amplitudes 1/k. */
  private static PcmAudio tone(double hz, int harmonics, int rate) {
    float[] s = new float[rate];
    for (int i = 0; i < s.length; i++) {
      double v = 0;
      for (int k = 1; k <= harmonics; k++) {
        v += Math.sin(2 * Math.PI * k * hz * i / rate + 0.3 * k) / k;
      }
      s[i] = (float) (0.3 * v);
    }
    return new PcmAudio(s, rate);
  }

  @ParameterizedTest
  @ValueSource(doubles = {70, 98.5, 131, 175, 222.2, 310, 390})
  void findsThePitchOfAPureTone(double hz) {
    YinPitchTracker.Track t = yin.track(tone(hz, 1, 16_000));
    assertThat(t.voicedFraction()).isEqualTo(1.0);
    assertThat(t.medianHz()).isCloseTo(hz, offset(hz * 0.005));
  }

  @ParameterizedTest
  @ValueSource(doubles = {85, 120, 205, 260})
  void findsTheFundamentalOfAHarmonicToneNotAnOctaveOfIt(double hz) {
    YinPitchTracker.Track t = yin.track(tone(hz, 12, 22_050));
    assertThat(t.voicedFraction()).isEqualTo(1.0);
    for (double f : t.f0()) {
      assertThat(f).isCloseTo(hz, offset(hz * 0.01));
    }
  }

  @Test
  void leavesSilenceAndNoiseUnvoiced() {
    assertThat(yin.track(new PcmAudio(new float[16_000], 16_000)).voicedFraction()).isZero();
    assertThat(yin.track(new PcmAudio(new float[16_000], 16_000)).medianHz()).isNaN();
    Random random = new Random(3);
    float[] noise = new float[16_000];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (0.1 * random.nextGaussian());
    }
    assertThat(yin.track(new PcmAudio(noise, 16_000)).voicedFraction()).isLessThan(0.05);
  }

  @Test
  void marksQuietFramesUnvoiced() {
    PcmAudio loud = tone(150, 3, 16_000);
    float[] s = new float[2 * loud.samples().length];
    System.arraycopy(loud.samples(), 0, s, 0, loud.samples().length);
    for (int i = loud.samples().length; i < s.length; i++) {
      s[i] = loud.samples()[i - loud.samples().length] * 1e-3f; // 60 dB down
    }
    YinPitchTracker.Track t = yin.track(new PcmAudio(s, 16_000));
    assertThat(t.voicedFraction()).isCloseTo(0.5, offset(0.03));
    assertThat(t.hopSeconds()).isEqualTo(0.01);
  }

  @Test
  void refusesASearchRangeItsFrameCannotHold() {
    assertThatThrownBy(() -> new YinPitchTracker.Config(40, 400, 0.1, 0.04, 0.01, 40))
        .hasMessageContaining("fewer than two periods of 40.0 Hz");
    assertThatThrownBy(() -> new YinPitchTracker.Config(300, 200, 0.1, 0.04, 0.01, 40))
        .hasMessageContaining("minHz < maxHz");
    assertThat(YinPitchTracker.Config.speech().withRange(40, 300).frameSeconds()).isCloseTo(0.06, offset(1e-12));
  }

  @Test
  void searchesALowerRangeWithALongerFrame() {
    var low = new YinPitchTracker(YinPitchTracker.Config.speech().withRange(40, 300));
    assertThat(low.track(tone(45, 6, 16_000)).medianHz()).isCloseTo(45, offset(0.5));
  }

  /** Adult voices: men mostly 85-155 Hz, women 165-255 Hz (Titze, Principles of Voice Production, 1994). */
  @Test
  void separatesTheMiniCorpusReadersByGender() throws IOException {
    List<Utterance> all = LibriSpeechCorpus.open(SharedData.miniCorpus()).utterances();
    List<Double> female = new ArrayList<>();
    List<Double> male = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 5) { // 40 readers
      Utterance u = all.get(i);
      double f0 = yin.track(AudioDecoder.decode(u.path(), 4.0)).medianHz();
      (u.gender() == Gender.FEMALE ? female : male).add(f0);
    }
    assertThat(female).isNotEmpty();
    assertThat(male).isNotEmpty();
    assertThat(median(female)).isBetween(160.0, 260.0);
    assertThat(median(male)).isBetween(85.0, 160.0);
    long onTheirSide = female.stream().filter(f -> f > 160).count() + male.stream().filter(f -> f < 160).count();
    assertThat((double) onTheirSide / (female.size() + male.size())).isGreaterThan(0.85);
  }

  private static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s[s.length / 2];
  }
}
