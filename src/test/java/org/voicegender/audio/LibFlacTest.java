package org.voicegender.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;

/** libFLAC (JNA) against jflac: the same samples, and jflac's errors for what libFLAC refuses. */
class LibFlacTest {
  @TempDir Path dir;

  @BeforeEach
  void needsLibFlac() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!LibFlac.available() && ci) {
      fail("libFLAC missing under CI (.ci/run installs libflac12): " + AudioDecoder.flacDecoder());
    }
    assumeTrue(LibFlac.available(), "libFLAC not installed; decoding falls back to jflac");
  }

  @Test
  void decodesEveryRealRecordingToTheSameSamplesAsJflac() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SharedData.miniCorpus())) {
      files = walk.filter(p -> p.toString().endsWith(".flac")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    for (Path f : files) {
      for (double seconds : new double[] {2.0, Double.POSITIVE_INFINITY}) {
        PcmAudio lib = AudioDecoder.decode(f, seconds);
        PcmAudio jflac = AudioDecoder.decodeWithJflac(f, seconds);
        // Arrays.equals: AssertJ's containsExactly diffs long arrays in quadratic time.
        assertThat(Arrays.equals(lib.samples(), jflac.samples()))
            .as("%s, %s s: %d and %d samples", f, seconds, lib.samples().length,
                jflac.samples().length)
            .isTrue();
        assertThat(lib.totalFrames()).isEqualTo(jflac.totalFrames());
        assertThat(lib.sampleRate()).isEqualTo(jflac.sampleRate());
      }
    }
  }

  @Test
  void decodesStereoAndOddLengthsLikeJflac() throws IOException {
    short[] left = new short[10_007];
    short[] right = new short[10_007];
    for (int i = 0; i < left.length; i++) {
      left[i] = (short) (9000 * Math.sin(i * 0.01));
      right[i] = (short) (i * 7 % 65536 - 32768);
    }
    Path stereo = dir.resolve("stereo.flac");
    FlacWriter.write(stereo, 44_100, left, right);
    for (double seconds : new double[] {0.1, 0.2269, 1.0}) {
      assertThat(LibFlac.decode(stereo, header(stereo), (int) Math.ceil(Math.min(seconds * 44_100,
          10_007)), false)).as("libFLAC served it").isNotNull();
      assertThat(Arrays.equals(AudioDecoder.decode(stereo, seconds).samples(),
          AudioDecoder.decodeWithJflac(stereo, seconds).samples())).as("%s s", seconds).isTrue();
    }
  }

  @Test
  void leavesADamagedFrameToJflacsChecks() throws IOException {
    short[] pcm = new short[40_000];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (12000 * Math.sin(i * 0.003) + (i * 31 % 200));
    }
    Path file = dir.resolve("damaged.flac");
    FlacWriter.write(file, 16_000, pcm);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5a; // inside an audio frame: its CRC-16 fails
    Files.write(file, bytes);

    assertThat(LibFlac.decode(file, header(file), pcm.length, false)).isNull();
    Throwable viaDefault = catchThrowable(() -> AudioDecoder.decode(file));
    Throwable viaJflac = catchThrowable(() -> AudioDecoder.decodeWithJflac(file, 1e9));
    assertThat(viaDefault).isInstanceOf(AudioFormatException.class);
    assertThat(viaDefault).hasMessage(viaJflac.getMessage());
  }

  private static Throwable catchThrowable(ThrowingCall call) {
    try {
      call.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  private static FlacHeader header(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return FlacHeader.read(in, Files.size(file), file);
    }
  }
}
