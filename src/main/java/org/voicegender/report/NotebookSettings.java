package org.voicegender.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.voicegender.corpus.CorpusLocation;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.output.FigureFiles;
import org.voicegender.output.Figures;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The size knobs notebooks read, from system properties with full-size defaults, so CI can run
 * the same notebooks small (as d2l-java's MAX_EPOCH): {@code voicegender.corpus} (a LibriSpeech
 * root), {@code voicegender.epochs}, {@code voicegender.log} (the project log file). Each may also
 * come from the environment ({@code VOICEGENDER_CORPUS}, {@code VOICEGENDER_EPOCHS}, {@code
 * VOICEGENDER_LOG}), which reaches a kernel that Jupyter starts. {@code voicegender.figures}, when
 * set, is a folder where each notebook's {@link #headline} figures are written as JSON, so a test
 * can hold them against what the CLI computes.
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

  /** The feature cache options notebooks extract with: the project's cache, all cores, no progress bar. */
  public static CorpusFeatures.Options features() {
    return new CorpusFeatures.Options(cache(), 0, false);
  }

  /**
   * A notebook's headline figures as a table (accuracies, the keys ending in {@code accuracy}, as
   * percentages), also written with full precision to {@code <voicegender.figures>/<notebook>.json}
   * when that setting is given.
   */
  public static Table headline(String notebook, Map<String, ? extends Number> figures) throws IOException {
    String folder = setting("voicegender.figures");
    if (folder != null) {
      FigureFiles.writeJson(figures, Path.of(folder).resolve(notebook + ".json"));
    }
    return Table.create(notebook + ": headline figures",
        StringColumn.create("figure", figures.keySet().stream()),
        StringColumn.create("value", figures.entrySet().stream().map(NotebookSettings::format)));
  }

  /**
   * {@link #headline}, and an entry with those figures at the top of the {@link #projectLog()}:
   * {@code corpus} and {@code configuration} say what they were measured on.
   */
  public static Table logHeadline(String notebook, String corpus, String configuration,
      Map<String, ? extends Number> figures) throws IOException {
    Map<String, String> shown = new java.util.LinkedHashMap<>();
    figures.entrySet().forEach(e -> shown.put(e.getKey().replace('_', ' '), format(e)));
    ProjectLog.prepend(projectLog(), new ProjectLog.Entry(java.time.ZonedDateTime.now(),
        "notebook " + notebook, corpus, configuration, shown));
    return headline(notebook, figures);
  }

  private static String format(Map.Entry<String, ? extends Number> e) {
    return e.getKey().endsWith("accuracy")
        ? Figures.percent(e.getValue().doubleValue())
        : e.getValue() instanceof Double d ? Figures.significant(d) : String.valueOf(e.getValue());
  }
}
