package org.voicegender.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voicegender.SharedData;
import org.voicegender.features.NpyFile;

class GoldenAudioTest {

  @ParameterizedTest
  @ValueSource(strings = {"1447-130550-0000", "1034-121119-0000"})
  void decodesFlacBitExactly(String id) throws IOException {
    NpyFile.Array golden = NpyFile.read(SharedData.goldenMfcc().resolve(id + ".pcm16k.npy"));
    PcmAudio pcm = AudioDecoder.decode(SharedData.recording(id));

    assertThat(pcm.sampleRate()).isEqualTo(16_000);
    assertThat(pcm.samples()).hasSize(golden.size());
    for (int i = 0; i < golden.size(); i++) {
      assertThat(pcm.samples()[i] * 32768.0).as("sample %d", i).isEqualTo(golden.data()[i]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1447-130550-0000", "19-198-0000", "1034-121119-0000", "7067-76047-0000"})
  void resamplesFirstTwoSecondsLikeScipyAbove100Db(String id) throws IOException {
    NpyFile.Array golden = NpyFile.read(SharedData.goldenMfcc().resolve(id + ".pcm22050.npy"));
    PcmAudio pcm = AudioDecoder.decode(SharedData.recording(id), 2.0);
    float[] y = PolyphaseResampler.of(16_000, 22_050).resample(pcm.samples());

    double signal = 0;
    double error = 0;
    for (int i = 0; i < golden.size(); i++) {
      double ours = i < y.length ? y[i] : 0.0; // golden is zero-padded to 2 s
      signal += golden.data()[i] * golden.data()[i];
      error += (ours - golden.data()[i]) * (ours - golden.data()[i]);
    }
    double serDb = 10 * Math.log10(signal / error);
    assertThat(serDb).as("signal-to-error of %s in dB", id).isGreaterThan(100.0);
  }
}
