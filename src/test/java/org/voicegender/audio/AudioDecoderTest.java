package org.voicegender.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;

class AudioDecoderTest {
  @TempDir Path dir;

  @Test
  void decodesWavLikeTheSameAudioInFlac() throws IOException {
    PcmAudio flac = AudioDecoder.decode(SharedData.recording("19-198-0000"));
    Path wav = writeWav(dir.resolve("same.wav"), 16_000, toShorts(flac.samples()));
    PcmAudio fromWav = AudioDecoder.decode(wav);
    assertThat(fromWav.sampleRate()).isEqualTo(16_000);
    assertThat(fromWav.samples()).containsExactly(flac.samples());
  }

  @Test
  void mixesStereoDownToTheMeanOfTheChannels() throws IOException {
    short[] left = {1000, -2000, 300, 32767};
    short[] right = {3000, 2000, -301, 32767};
    short[][] both = {repeat(left, 1000), repeat(right, 1000)};
    Path flac = dir.resolve("stereo.flac");
    FlacWriter.write(flac, 44_100, both);
    PcmAudio pcm = AudioDecoder.decode(flac);
    assertThat(pcm.sampleRate()).isEqualTo(44_100);
    assertThat(pcm.samples()).hasSize(4000);
    assertThat(pcm.samples()[0]).isEqualTo(2000 / 32768f);
    assertThat(pcm.samples()[1]).isEqualTo(0f);
    assertThat(pcm.samples()[2]).isEqualTo(-0.5f / 32768f);
    assertThat(pcm.samples()[3]).isEqualTo(32767 / 32768f);
  }

  @Test
  void decodesOnlyThePrefixAskedForButKnowsTheWholeLength() throws IOException {
    Path file = SharedData.recording("1034-121119-0000");
    PcmAudio head = AudioDecoder.decode(file, 2.0);
    PcmAudio all = AudioDecoder.decode(file);
    assertThat(head.samples()).hasSize(32_000);
    assertThat(head.totalFrames()).isEqualTo(all.samples().length);
    assertThat(head.samples()).containsExactly(Arrays.copyOf(all.samples(), 32_000));
    assertThat(AudioDecoder.probe(file).totalFrames()).isEqualTo(all.samples().length);
  }

  @Test
  void reportsATruncatedFlacByNameAndHowFarItGot() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedData.recording("1447-130550-0000"));
    Path cut = dir.resolve("cut.flac");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));
    assertThatThrownBy(() -> AudioDecoder.decode(cut, 2.0))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageStartingWith(cut.toString())
        .hasMessageContaining("truncated FLAC");
  }

  @Test
  void refusesATextFileNamedFlacSayingWhatItIs() throws IOException {
    Path text = dir.resolve("notes.flac");
    Files.writeString(text, "hello, this is not audio\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AudioDecoder.decode(text))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage(text + ": not a FLAC or WAV file: it starts with \"hello, t\"");
  }

  @Test
  void refusesAnEmptyFile() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.flac"));
    assertThatThrownBy(() -> AudioDecoder.decode(empty))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("empty file");
  }

  @Test
  void refusesAFlacHeaderWithoutAudio() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedData.recording("19-198-0000"));
    Path header = dir.resolve("header-only.flac");
    Files.write(header, Arrays.copyOf(bytes, 4 + 4 + 34)); // magic + STREAMINFO block
    assertThatThrownBy(() -> AudioDecoder.decode(header))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining(header.toString());
  }

  static Path writeWav(Path file, int rate, short[] samples) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : samples) {
      buf.putShort(s);
    }
    AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(buf.array()), format, samples.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }

  static short[] toShorts(float[] samples) {
    short[] out = new short[samples.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) Math.round(samples[i] * 32768f);
    }
    return out;
  }

  private static short[] repeat(short[] pattern, int times) {
    short[] out = new short[pattern.length * times];
    for (int i = 0; i < out.length; i++) {
      out[i] = pattern[i % pattern.length];
    }
    return out;
  }
}
