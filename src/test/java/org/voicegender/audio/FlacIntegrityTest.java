package org.voicegender.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;

class FlacIntegrityTest {
  @TempDir Path dir;

  private static final String ID = "1034-121119-0000";

  @Test
  void decodesEveryRealRecordingWholeWithItsMd5CheckedAndTheSameFromBytes() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SharedData.miniCorpus())) {
      files = walk.filter(p -> p.toString().endsWith(".flac")).sorted().limit(40).toList();
    }
    assertThat(files).hasSize(40);
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      FlacHeader header = FlacHeader.read(new ByteArrayInputStream(bytes), bytes.length, file);
      assertThat(header.hasMd5()).as("LibriSpeech files carry an MD5: %s", file).isTrue();
      PcmAudio whole = AudioDecoder.decode(file);
      assertThat(whole.samples().length).isEqualTo(header.totalSamples());
      float[] fromBytes = AudioDecoder.decode(bytes, file, Double.POSITIVE_INFINITY).samples();
      assertThat(Arrays.equals(fromBytes, whole.samples())).as("%s from bytes", file).isTrue();
      float[] head = AudioDecoder.decode(bytes, file, 2.0).samples();
      assertThat(Arrays.equals(head, Arrays.copyOf(whole.samples(), Math.min(32_000, whole.samples().length))))
          .as("%s: the first 2 s", file)
          .isTrue();
    }
  }

  @Test
  void namesTheFrameWhoseCrc16Fails() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedData.recording(ID));
    FlacHeader header = FlacHeader.read(new ByteArrayInputStream(bytes), bytes.length, Path.of(ID));
    int second = nextSync((int) header.audioOffset() + 2, bytes);
    bytes[second - 1] ^= 0x01; // the last byte of frame 0 is the low byte of its CRC-16
    Path bad = write("crc.flac", bytes);
    assertThatThrownBy(() -> AudioDecoder.decode(bad, 2.0))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("frame 0")
        .hasMessageContaining("CRC-16 mismatch");
  }

  @Test
  void checksTheMd5OnlyWhenTheWholeStreamIsDecoded() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedData.recording(ID));
    bytes[8 + 18] ^= 0x40; // first byte of STREAMINFO's MD5
    Path bad = write("md5.flac", bytes);
    assertThat(AudioDecoder.decode(bad, 2.0).samples()).hasSize(32_000);
    assertThatThrownBy(() -> AudioDecoder.decode(bad))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("MD5");
  }

  @Test
  void refusesAHeaderThatClaimsMoreSamplesThanTheFileCanHold() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedData.recording(ID));
    for (int i = 0; i < 4; i++) {
      bytes[8 + 14 + i] = (byte) 0xff; // total samples' low 32 bits
    }
    bytes[8 + 13] |= 0x0f; // and its high 4: 2^36 - 1 samples
    Path bad = write("huge.flac", bytes);
    assertThatThrownBy(() -> AudioDecoder.decode(bad))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("STREAMINFO claims 68719476735 samples");
    assertThatThrownBy(() -> AudioDecoder.probe(bad)).isInstanceOf(AudioFormatException.class);
  }

  @Test
  void refusesAMetadataBlockLongerThanTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedData.recording(ID));
    int at = 4;
    int block = 0;
    while ((bytes[at] & 0x80) == 0) { // walk to the last metadata block
      at += 4 + (((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff));
      block++;
    }
    bytes[at + 1] = bytes[at + 2] = bytes[at + 3] = (byte) 0xff;
    Path bad = write("blocks.flac", bytes);
    assertThatThrownBy(() -> AudioDecoder.decode(bad, 2.0))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("metadata block " + block)
        .hasMessageContaining("claims 16777215 bytes, but the file ends");
  }

  @Test
  void keepsJflacsDebugLineOffTheConsoleAndPassesTheRest() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = LibraryChatter.filter(new PrintStream(captured, true, StandardCharsets.UTF_8));
    out.println("readResidual elsecase, pEsc = 15");
    out.println("a line of ours");
    assertThat(LibraryChatter.filter(out)).isSameAs(out);
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("a line of ours" + System.lineSeparator());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  /** The next FLAC frame sync code (0xFFF8 or 0xFFF9) at or after {@code from}. */
  private static int nextSync(int from, byte[] b) {
    for (int i = from; i + 1 < b.length; i++) {
      if ((b[i] & 0xff) == 0xff && ((b[i + 1] & 0xfe) == 0xf8)) {
        return i;
      }
    }
    throw new AssertionError("no second frame");
  }
}
