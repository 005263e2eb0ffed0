package org.voicegender.report;

import java.nio.file.Path;
import org.voicegender.corpus.CorpusLocation;

/**
 * The size knobs notebooks read, from system properties with full-size defaults, so CI can run
 * the same notebooks small (as d2l-java's MAX_EPOCH): {@code voicegender.corpus} (a LibriSpeech
 * root), {@code voicegender.epochs}, {@code voicegender.log} (the project log file).
 */
public final class NotebookSettings {
  private NotebookSettings() {}

  public static Path corpus() {
    return CorpusLocation.defaultRoot();
  }

  /** The epochs to train, or {@code recipeDefault} when the property is not set. */
  public static int epochs(int recipeDefault) {
    return Integer.getInteger("voicegender.epochs", recipeDefault);
  }

  /** The project log: {@code voicegender.log}, else artifacts/PROJECT_LOG.md of the project. */
  public static Path projectLog() {
    String p = System.getProperty("voicegender.log");
    if (p != null) {
      return Path.of(p);
    }
    Path here = Path.of("").toAbsolutePath();
    Path root = here.getFileName() != null && here.getFileName().toString().equals("notebooks") ? here.getParent() : here;
    return root.resolve("artifacts/PROJECT_LOG.md");
  }

  /** The feature cache: data/cache/features of the project. */
  public static Path cache() {
    return projectLog().getParent().getParent().resolve("data/cache/features");
  }
}
