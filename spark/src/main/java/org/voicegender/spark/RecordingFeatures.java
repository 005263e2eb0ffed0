package org.voicegender.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.PcmAudio;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.FeatureExtractor;

/**
 * One recording's bytes (as Spark's {@code binaryFile} source reads them) to its MFCC windows with
 * the project's own extractor, so Spark and the local job compute the same numbers. The bytes go
 * through a temporary file, since the decoder reads files; errors name the source, not that file.
 */
final class RecordingFeatures implements AutoCloseable {
  /** The windows {@code [window][n_mfcc][frames]} and the whole recording's length. */
  record Extracted(float[][][] windows, double durationSeconds) {}

  private final FeatureExtractor extractor;
  private final Path dir;

  RecordingFeatures(FeatureConfig config) throws IOException {
    this.extractor = new FeatureExtractor(config);
    this.dir = Files.createTempDirectory("voicegender-spark");
  }

  /**
   * @throws IOException naming {@code source} and the problem when the bytes are not a usable
   *     recording
   */
  Extracted extract(byte[] data, String source, String fileName) throws IOException {
    Path file = dir.resolve(fileName);
    Files.write(file, data);
    try {
      FeatureConfig c = extractor.config();
      PcmAudio audio =
          AudioDecoder.decode(
              file,
              c.windowPolicy() == WindowPolicy.FIRST ? c.windowSeconds() : Double.POSITIVE_INFINITY);
      return new Extracted(extractor.extract(file, audio), audio.durationSeconds());
    } catch (IOException e) {
      throw new IOException(problem(e, file), e);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The exception's message without the temporary file's name in front. */
  static String problem(Throwable e, Path file) {
    String m = String.valueOf(e.getMessage());
    String prefix = file + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m.replace(file.toString(), "");
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(dir);
  }
}
