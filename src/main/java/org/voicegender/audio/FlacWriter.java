package org.voicegender.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.sourceforge.javaflacencoder.FLACEncoder;
import net.sourceforge.javaflacencoder.FLACFileOutputStream;
import net.sourceforge.javaflacencoder.StreamConfiguration;

/**
 * Writes 16-bit PCM as a FLAC file (javaFlacEncoder), for generated corpora and tests: real FLAC
 * that any decoder reads, at any rate and channel count.
 */
public final class FlacWriter {
  /** javaFlacEncoder / FLAC subset default block size. */
  private static final int BLOCK_SIZE = 4096;

  private FlacWriter() {}

  /**
   * @param channels samples per channel, int16 range; all channels the same length
   */
  public static void write(Path file, int sampleRate, short[]... channels) throws IOException {
    int n = channels[0].length;
    for (short[] c : channels) {
      if (c.length != n) {
        throw new IllegalArgumentException("channels differ in length: " + c.length + " vs " + n);
      }
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    int[] interleaved = new int[n * channels.length];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels.length; c++) {
        interleaved[i * channels.length + c] = channels[c][i];
      }
    }
    StreamConfiguration sc =
        new StreamConfiguration(channels.length, BLOCK_SIZE, BLOCK_SIZE, sampleRate, 16);
    if (!sc.isValid()) {
      throw new IllegalArgumentException(
          "FLAC cannot hold " + channels.length + " channels at " + sampleRate + " Hz");
    }
    FLACEncoder encoder = new FLACEncoder();
    encoder.setStreamConfiguration(sc);
    try (FLACFileOutputStream out = new FLACFileOutputStream(file.toFile())) {
      encoder.setOutputStream(out);
      encoder.openFLACStream();
      encoder.addSamples(interleaved, n);
      encoder.encodeSamples(n, true);
    }
  }
}
