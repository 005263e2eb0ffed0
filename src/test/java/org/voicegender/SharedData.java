package org.voicegender;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared real data lives: the system property {@code voicegender.shared} (Maven sets
 * it to {@code ../shared}), else {@code ../shared}. Without the data a test is skipped with a
 * message; under CI ({@code CI=true}) missing data fails the test instead.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    return Path.of(System.getProperty("voicegender.shared", "../shared")).toAbsolutePath().normalize();
  }

  /** ../shared/golden/mfcc, or skip/fail when absent. */
  public static Path goldenMfcc() {
    return require(root().resolve("golden/mfcc"));
  }

  /** The LibriSpeech root of the 200-reader mini corpus, or skip/fail when absent. */
  public static Path miniCorpus() {
    return require(root().resolve("data/librispeech-mini/LibriSpeech"));
  }

  /** One real recording of the mini corpus by utterance id, e.g. {@code 1034-121119-0000}. */
  public static Path recording(String utteranceId) {
    String[] parts = utteranceId.split("-");
    return require(
        miniCorpus()
            .resolve("train-clean-100")
            .resolve(parts[0])
            .resolve(parts[1])
            .resolve(utteranceId + ".flac"));
  }

  private static Path require(Path path) {
    boolean present = Files.exists(path);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("shared data missing under CI: " + path + " (set -Dvoicegender.shared=DIR)");
    }
    assumeTrue(present, "shared data not found at " + path + "; test skipped");
    return path;
  }
}
