package org.voicegender.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.AudioFormatException;
import org.voicegender.audio.FlacWriter;
import org.voicegender.audio.WindowPolicy;

class FeatureExtractorTest {
  @TempDir Path dir;

  @Test
  void firstPolicyGivesOneWindowOf40By87() throws IOException {
    float[][][] w = new FeatureExtractor(FeatureConfig.seed()).extract(SharedData.recording("19-198-0000"));
    assertThat(w).hasDimensions(1, 40);
    assertThat(w[0][0]).hasSize(87);
  }

  @Test
  void everyPolicyKeepsFullWindowsAndALastOneOfAtLeastOneSecond() throws IOException {
    Path file = SharedData.recording("1034-121119-0000");
    double seconds = AudioDecoder.probe(file).durationSeconds();
    int full = (int) Math.floor(seconds / 2);
    int expected = full + (seconds - 2 * full >= 1.0 ? 1 : 0);

    FeatureConfig every = FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY);
    float[][][] windows = new FeatureExtractor(every).extract(file);
    float[][][] first = new FeatureExtractor(FeatureConfig.seed()).extract(file);

    assertThat(windows.length).isEqualTo(expected);
    assertThat(windows[0]).isDeepEqualTo(first[0]);
    assertThat(windows[1]).isNotEqualTo(windows[0]);
  }

  @Test
  void padsARecordingShorterThanTwoSecondsUnderTheFirstPolicy() throws IOException {
    // 1447's recording is 1.645 s: the golden MFCC is of it zero-padded to 2 s
    Path file = SharedData.recording("1447-130550-0000");
    float[][][] w = new FeatureExtractor(FeatureConfig.seed()).extract(file);
    GoldenMfccTest.assertMfccMatches(w[0], SharedData.goldenMfcc().resolve("1447-130550-0000.mfcc.npy"));
    FeatureConfig every = FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY);
    assertThat(new FeatureExtractor(every).extract(file).length).isEqualTo(1); // 1.645 s >= 1 s
  }

  @Test
  void refusesARecordingShorterThanOneFrameNamingIt() throws IOException {
    Path tiny = dir.resolve("tiny.flac");
    FlacWriter.write(tiny, 16_000, new short[800]); // 50 ms < 2048 samples at 22,050 Hz
    assertThatThrownBy(() -> new FeatureExtractor(FeatureConfig.seed()).extract(tiny))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageStartingWith(tiny.toString())
        .hasMessageContaining("shorter than one STFT frame");
  }

  @Test
  void everyPolicyRefusesARecordingShorterThanTheMinimumWindow() throws IOException {
    Path half = dir.resolve("half.flac");
    short[] pcm = new short[8000];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (1000 * Math.sin(i * 0.1));
    }
    FlacWriter.write(half, 16_000, pcm);
    FeatureConfig every = FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY);
    assertThatThrownBy(() -> new FeatureExtractor(every).extract(half))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("shorter than the 1.0 s minimum window");
    assertThat(new FeatureExtractor(FeatureConfig.seed()).extract(half).length).isEqualTo(1);
  }

  @Test
  void configRoundTripsThroughJsonAndRefusesBadValues() {
    FeatureConfig c = FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY);
    assertThat(FeatureConfig.fromJson(c.toJson())).isEqualTo(c);
    assertThat(c.fingerprint()).isNotEqualTo(FeatureConfig.seed().fingerprint());
    assertThat(FeatureConfig.seed().frames()).isEqualTo(87);
    assertThatThrownBy(() -> FeatureConfig.seed().withNMfcc(200))
        .hasMessageContaining("nMfcc must be in [1, nMels], got 200");
  }
}
