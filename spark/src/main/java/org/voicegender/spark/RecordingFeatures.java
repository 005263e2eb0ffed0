package org.voicegender.spark;

import java.nio.file.Path;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.AudioFormatException;
import org.voicegender.audio.PcmAudio;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.FeatureExtractor;

/**
 * One recording's bytes (as Spark's {@code binaryFile} source reads them) to its MFCC windows with
 * the project's own decoder and extractor, so Spark and the local job compute the same numbers.
 */
final class RecordingFeatures {
  /** The windows {@code [window][n_mfcc][frames]} and the whole recording's length. */
  record Extracted(float[][][] windows, double durationSeconds) {}

  private final FeatureExtractor extractor;

  RecordingFeatures(FeatureConfig config) {
    this.extractor = new FeatureExtractor(config);
  }

  /**
   * @param source the file's URI, which errors name
   * @throws AudioFormatException naming {@code source} and the problem when the bytes are not a
   *     usable recording
   */
  Extracted extract(byte[] data, String source) throws AudioFormatException {
    FeatureConfig c = extractor.config();
    Path file = Path.of(source);
    PcmAudio audio =
        AudioDecoder.decode(
            data,
            file,
            c.windowPolicy() == WindowPolicy.FIRST ? c.windowSeconds() : Double.POSITIVE_INFINITY);
    return new Extracted(extractor.extract(file, audio), audio.durationSeconds());
  }

  /** An error's message without the file's name in front (the row names the file). */
  static String problem(Throwable e, String source) {
    String m = String.valueOf(e.getMessage());
    String prefix = Path.of(source) + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
