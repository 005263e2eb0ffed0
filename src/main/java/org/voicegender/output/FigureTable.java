package org.voicegender.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small table of measured figures with a title and a note on how it was made, written as
 * Markdown (for artifacts/ and closing notes) and CSV (for tools).
 */
public final class FigureTable {
  private final String title;
  private final List<String> columns;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public FigureTable(String title, String... columns) {
    this.title = title;
    this.columns = List.of(columns);
  }

  public FigureTable row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "row of " + values.length + " values for " + columns.size() + " columns " + columns);
    }
    List<String> r = new ArrayList<>();
    for (Object v : values) {
      r.add(String.valueOf(v));
    }
    rows.add(r);
    return this;
  }

  public FigureTable note(String text) {
    notes.add(text);
    return this;
  }

  public List<List<String>> rows() {
    return List.copyOf(rows);
  }

  public String toMarkdown() {
    StringBuilder out = new StringBuilder("## ").append(title).append("\n\n");
    out.append("| ").append(String.join(" | ", columns)).append(" |\n");
    out.append("|").append(" --- |".repeat(columns.size())).append("\n");
    for (List<String> r : rows) {
      out.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    if (!notes.isEmpty()) {
      out.append("\n");
      notes.forEach(n -> out.append(n).append("\n"));
    }
    return out.toString();
  }

  /** The figures as a Tablesaw table of text columns (notebooks show it as HTML). */
  public tech.tablesaw.api.Table toTable() {
    tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create(title);
    for (int c = 0; c < columns.size(); c++) {
      int column = c;
      t.addColumns(tech.tablesaw.api.StringColumn.create(columns.get(c), rows.stream().map(r -> r.get(column))));
    }
    return t;
  }

  public String toCsv() {
    StringBuilder out = new StringBuilder(csvLine(columns));
    rows.forEach(r -> out.append(csvLine(r)));
    return out.toString();
  }

  /** Writes {@code <base>.md} and {@code <base>.csv}. */
  public void write(Path base) throws IOException {
    Path dir = base.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(base.getFileName() + ".md"), toMarkdown(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(base.getFileName() + ".csv"), toCsv(), StandardCharsets.UTF_8);
  }

  private static String csvLine(List<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
    }
    return String.join(",", quoted) + "\n";
  }

  @Override
  public String toString() {
    return toMarkdown();
  }
}
