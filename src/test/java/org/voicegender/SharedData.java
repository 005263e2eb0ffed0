package org.voicegender;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the shared real data lives: the first existing folder of the system property {@code
 * voicegender.shared} (Maven sets it to {@code ../shared}), the environment variable {@code
 * VOICEGENDER_SHARED}, {@code ../shared} and {@code /work/shared}. Without the data a test is skipped with a
 * message; under CI ({@code CI=true}) missing data fails the test instead.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    List<String> candidates = new ArrayList<>();
    candidates.add(System.getProperty("voicegender.shared"));
    candidates.add(System.getenv("VOICEGENDER_SHARED"));
    candidates.add("../shared");
    candidates.add("/work/shared"); // where the workplace keeps it, for clones made elsewhere
    return candidates.stream()
        .filter(Objects::nonNull)
        .map(c -> Path.of(c).toAbsolutePath().normalize())
        .filter(Files::isDirectory)
        .findFirst()
        .orElse(Path.of("../shared").toAbsolutePath().normalize());
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
