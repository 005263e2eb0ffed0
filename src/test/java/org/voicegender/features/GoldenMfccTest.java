package org.voicegender.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voicegender.SharedData;

class GoldenMfccTest {
  private static final String[] IDS = {
    "1447-130550-0000", "19-198-0000", "1034-121119-0000", "7067-76047-0000"
  };

  private static float[] goldenPcm(String id) throws IOException {
    return NpyFile.read(SharedData.goldenMfcc().resolve(id + ".pcm22050.npy")).toFloats();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1447-130550-0000", "19-198-0000", "1034-121119-0000", "7067-76047-0000"})
  void melSpectrogramMatchesLibrosaWithin1e3Relative(String id) throws IOException {
    NpyFile.Array golden = NpyFile.read(SharedData.goldenMfcc().resolve(id + ".melspec.npy"));
    double[][] mel = new MfccExtractor(FeatureConfig.seed()).melSpectrogram(goldenPcm(id));

    assertThat(golden.shape()).containsExactly(128, 87);
    for (int m = 0; m < 128; m++) {
      for (int t = 0; t < 87; t++) {
        double expected = golden.data()[m * 87 + t];
        if (expected > 1e-8) {
          assertThat(Math.abs(mel[m][t] - expected) / expected)
              .as("melspec[%d][%d]", m, t)
              .isLessThan(1e-3);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1447-130550-0000", "19-198-0000", "1034-121119-0000", "7067-76047-0000"})
  void mfccMatchesLibrosaWithin001(String id) throws IOException {
    assertMfccMatches(
        FeatureConfig.seed(), goldenPcm(id), SharedData.goldenMfcc().resolve(id + ".mfcc.npy"));
  }

  @Test
  void constantPaddingMatchesLibrosa010() throws IOException {
    String id = "1034-121119-0000";
    assertMfccMatches(
        FeatureConfig.seed().withPadMode(PadMode.CONSTANT),
        goldenPcm(id),
        SharedData.goldenMfcc().resolve(id + ".mfcc-constantpad.npy"));
  }

  @Test
  void paddingModeChangesTheEdgeFrames() throws IOException {
    float[] pcm = goldenPcm(IDS[2]);
    float[][] reflect = new MfccExtractor(FeatureConfig.seed()).mfcc(pcm);
    float[][] constant =
        new MfccExtractor(FeatureConfig.seed().withPadMode(PadMode.CONSTANT)).mfcc(pcm);
    assertThat(Math.abs(reflect[0][0] - constant[0][0])).isGreaterThan(0.1f);
  }

  static void assertMfccMatches(FeatureConfig config, float[] pcm, Path goldenFile)
      throws IOException {
    assertMfccMatches(new MfccExtractor(config).mfcc(pcm), goldenFile);
  }

  static void assertMfccMatches(float[][] mfcc, Path goldenFile) throws IOException {
    NpyFile.Array golden = NpyFile.read(goldenFile);
    assertThat(golden.shape()).containsExactly(40, 87);
    assertThat(mfcc.length).isEqualTo(40);
    for (int c = 0; c < 40; c++) {
      assertThat(mfcc[c]).hasSize(87);
      for (int t = 0; t < 87; t++) {
        assertThat((double) mfcc[c][t])
            .as("mfcc[%d][%d] of %s", c, t, goldenFile.getFileName())
            .isCloseTo(golden.data()[c * 87 + t], org.assertj.core.data.Offset.offset(0.01));
      }
    }
  }
}
