package org.voicegender.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/** Writes a stage's figures to files: a Tablesaw table as CSV, an XChart chart as PNG, a value as JSON. */
public final class FigureFiles {
  private FigureFiles() {}

  public static void writeCsv(Table table, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    table.write().csv(file.toFile());
  }

  public static void writePng(Chart<?, ?> chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** {@code value} as indented JSON (Jackson). */
  public static void writeJson(Object value, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
  }
}
