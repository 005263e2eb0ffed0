package org.voicegender.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project log, as the original kept one in its README: a dated entry per run with the
 * corpus, the configuration and the headline figures, newest first, earlier entries kept.
 * Written atomically.
 */
public final class ProjectLog {
  private static final String HEADER =
      "# Project log\n\nOne entry per run of the notebooks or the main job, newest first.\n";

  private ProjectLog() {}

  /** One run: what was run, on what, how, and its headline figures (name → value). */
  public record Entry(
      ZonedDateTime date, String title, String corpus, String configuration,
      Map<String, String> figures) {
    public Entry {
      figures = new LinkedHashMap<>(figures);
    }

    String toMarkdown() {
      StringBuilder out = new StringBuilder("## ")
          .append(date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
          .append(" · ").append(title).append("\n\n")
          .append("- corpus: ").append(corpus).append("\n")
          .append("- configuration: ").append(configuration).append("\n");
      figures.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append("\n"));
      return out.append("\n").toString();
    }
  }

  /** Adds {@code entry} at the top of the log at {@code file}, creating it if needed. */
  public static void prepend(Path file, Entry entry) throws IOException {
    String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : HEADER;
    int at = old.indexOf("\n## ");
    String head = at < 0 ? old.stripTrailing() + "\n\n" : old.substring(0, at + 1);
    String rest = at < 0 ? "" : old.substring(at + 1);
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempFile(abs.getParent(), ".log", ".tmp");
    try {
      Files.writeString(tmp, head + entry.toMarkdown() + rest, StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
