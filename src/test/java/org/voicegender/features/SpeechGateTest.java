package org.voicegender.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.voicegender.SharedData;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.PcmAudio;
import org.voicegender.audio.WindowPolicy;

class SpeechGateTest {
  private static final FeatureConfig EVERY = FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY);
  private final FeatureExtractor extractor = new FeatureExtractor(EVERY);
  private final SpeechGate gate = SpeechGate.seed();

  @Test
  void theSeedGateDropsNoWindowOfTheRealRecordings() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SharedData.miniCorpus())) {
      files = walk.filter(p -> p.toString().endsWith(".flac")).toList();
    }
    assertThat(files).hasSize(200);
    int windows = 0;
    for (Path f : files) {
      for (float[][] w : extractor.extract(f)) {
        assertThat(gate.holdsSpeech(w[0], EVERY.nMels())).as("%s", f).isTrue();
        windows++;
      }
    }
    assertThat(windows).isGreaterThan(1000);
  }

  @Test
  void digitalSilenceAndDitherHoldNoSpeechAndASilentStretchLosesItsWindow() throws IOException {
    assertThat(gate.holdsSpeech(window(new float[32_000])[0], EVERY.nMels())).isFalse();
    float[] dither = new float[32_000];
    Random r = new Random(7);
    for (int i = 0; i < dither.length; i++) {
      dither[i] = (float) (r.nextGaussian() * Math.pow(10, -90 / 20.0));
    }
    assertThat(gate.holdsSpeech(window(dither)[0], EVERY.nMels())).isFalse();

    PcmAudio speech = AudioDecoder.decode(SharedData.recording("1034-121119-0000"));
    float[] y = new float[speech.samples().length + 3 * 16_000];
    System.arraycopy(speech.samples(), 0, y, 0, 2 * 16_000); // 2 s of speech, 3 s of silence, the rest
    System.arraycopy(speech.samples(), 2 * 16_000, y, 5 * 16_000, speech.samples().length - 2 * 16_000);
    float[][][] w = extractor.extract(Path.of("gap"), new PcmAudio(y, 16_000, y.length));
    // Windows start every 2 s: the one covering 2-4 s is silent.
    assertThat(gate.holdsSpeech(w[1][0], EVERY.nMels())).isFalse();
    assertThat(gate.holdsSpeech(w[0][0], EVERY.nMels())).isTrue();
    assertThat(SpeechGate.off().holdsSpeech(w[1][0], EVERY.nMels())).isTrue();
  }

  @Test
  void survivesJsonAndRefusesAFractionOutsideZeroToOne() {
    assertThat(SpeechGate.fromJson(gate.toJson())).isEqualTo(gate);
    assertThatThrownBy(() -> new SpeechGate(-70, 1.5)).hasMessageContaining("[0, 1]");
  }

  private float[][] window(float[] samples) throws IOException {
    return extractor.extract(Path.of("test"), new PcmAudio(samples, 16_000, samples.length))[0];
  }
}
