package org.voicegender.report;

import java.nio.file.Path;
import org.voicegender.corpus.CorpusLocation;

/**
 * The size knobs notebooks read, from system properties with full-size defaults, so CI can run
 * the same notebooks small (as d2l-java's MAX_EPOCH): {@code voicegender.corpus} (a LibriSpeech
 * root), {@code voicegender.epochs}, {@code voicegender.log} (the project log file). Each may also
 * come from the environment ({@code VOICEGENDER_CORPUS}, {@code VOICEGENDER_EPOCHS}, {@code
 * VOICEGENDER_LOG}), which reaches a kernel that Jupyter starts.
 */
public final class NotebookSettings {
  private NotebookSettings() {}

  public static Path corpus() {
    return CorpusLocation.defaultRoot();
  }

  /** The epochs to train, or {@code recipeDefault} when the property is not set. */
  public static int epochs(int recipeDefault) {
    String v = setting("voicegender.epochs");
    return v == null ? recipeDefault : Integer.parseInt(v.trim());
  }

  /** The project log: {@code voicegender.log}, else artifacts/PROJECT_LOG.md of the project. */
  public static Path projectLog() {
    String p = setting("voicegender.log");
    if (p != null) {
      return Path.of(p);
    }
    return projectRoot().resolve("artifacts/PROJECT_LOG.md");
  }

  /** The project folder: the parent of notebooks/ when a notebook runs there, else the working folder. */
  public static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return here.getFileName() != null && here.getFileName().toString().equals("notebooks") ? here.getParent() : here;
  }

  /** The trained model the quantization notebook reads: {@code voicegender.model}, else the main job's. */
  public static Path model() {
    String p = setting("voicegender.model");
    return p != null ? Path.of(p) : projectRoot().resolve("artifacts/run/model.zip");
  }

  /** A system property, else the environment variable of the same name in upper snake case. */
  public static String setting(String property) {
    String v = System.getProperty(property);
    return v != null ? v : System.getenv(property.toUpperCase().replace('.', '_'));
  }

  /** The feature cache: data/cache/features of the project. */
  public static Path cache() {
    return projectLog().getParent().getParent().resolve("data/cache/features");
  }
}
