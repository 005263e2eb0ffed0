package org.voicegender.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where corpora are found when none is named. */
public final class CorpusLocation {
  /** Where {@code voicegender download} unpacks. */
  public static final Path DOWNLOADED = Path.of("data", "LibriSpeech");

  private CorpusLocation() {}

  /**
   * The shared folder of real data: {@code $VOICEGENDER_SHARED}, else {@code ../shared} (or
   * {@code ../../shared} from {@code notebooks/}), else {@code /work/shared}.
   */
  public static Path shared() {
    return Stream.of(System.getenv("VOICEGENDER_SHARED"), "../shared", "../../shared", "/work/shared")
        .filter(s -> s != null && Files.isDirectory(Path.of(s, "data")))
        .map(s -> Path.of(s).toAbsolutePath().normalize())
        .findFirst()
        .orElse(Path.of("../shared"));
  }

  /** The shared 200-reader sample of real LibriSpeech recordings. */
  public static Path sharedMini() {
    return shared().resolve("data/librispeech-mini/LibriSpeech");
  }

  /**
   * The system property {@code voicegender.corpus} (or {@code $VOICEGENDER_CORPUS}) if set; else the shared mini corpus when
   * present; else {@code data/LibriSpeech} (from the project root or from {@code notebooks/}).
   */
  public static Path defaultRoot() {
    String property = System.getProperty("voicegender.corpus", System.getenv("VOICEGENDER_CORPUS"));
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    if (Files.isDirectory(sharedMini())) {
      return sharedMini();
    }
    return Files.isDirectory(DOWNLOADED) ? DOWNLOADED : Path.of("..").resolve(DOWNLOADED);
  }
}
