package org.voicegender.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * Turns cell values into Jupyter MIME bundles: XChart charts -> image/png, Tablesaw tables -> text/html,
 * anything else -> text/plain. Library types are matched by class name and handled in nested classes that the JVM
 * only loads when such a value shows up, so the kernel also runs without XChart/Tablesaw on the classpath.
 */
public final class ResultRenderer {

  static final String XCHART_CHART = "org.knowm.xchart.internal.chartpart.Chart";
  static final String TABLESAW_TABLE = "tech.tablesaw.api.Table";

  public DisplayData render(Object value) {
    if (value instanceof DisplayData) {
      return (DisplayData) value;
    }
    if (isA(value, XCHART_CHART)) {
      return XChartSupport.render(value);
    }
    if (isA(value, TABLESAW_TABLE)) {
      return TablesawSupport.render(value);
    }
    return new DisplayData(String.valueOf(value));
  }

  static boolean isA(Object value, String className) {
    for (Class<?> c = value == null ? null : value.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  static String escapeHtml(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<': b.append("&lt;"); break;
        case '>': b.append("&gt;"); break;
        case '&': b.append("&amp;"); break;
        case '"': b.append("&quot;"); break;
        case '\'': b.append("&#39;"); break;
        default: b.append(ch);
      }
    }
    return b.toString();
  }

  private static final class XChartSupport {
    static DisplayData render(Object value) {
      org.knowm.xchart.internal.chartpart.Chart<?, ?> chart = (org.knowm.xchart.internal.chartpart.Chart<?, ?>) value;
      byte[] png;
      try {
        png = org.knowm.xchart.BitmapEncoder.getBitmapBytes(chart, org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not render chart as PNG", e);
      }
      DisplayData data = new DisplayData(chart.getClass().getSimpleName() + " \"" + chart.getTitle() + "\" "
          + chart.getWidth() + "x" + chart.getHeight());
      data.putData(MIMEType.IMAGE_PNG, Base64.getEncoder().encodeToString(png));
      return data;
    }
  }

  private static final class TablesawSupport {
    static final int MAX_ROWS = 100;

    static DisplayData render(Object value) {
      tech.tablesaw.api.Table table = (tech.tablesaw.api.Table) value;
      int rows = table.rowCount();
      int shown = Math.min(rows, MAX_ROWS);
      StringBuilder html = new StringBuilder("<table>\n");
      if (table.name() != null && !table.name().isEmpty()) {
        html.append("<caption>").append(escapeHtml(table.name())).append("</caption>\n");
      }
      html.append("<thead><tr>");
      for (String name : table.columnNames()) {
        html.append("<th>").append(escapeHtml(name)).append("</th>");
      }
      html.append("</tr></thead>\n<tbody>\n");
      for (int r = 0; r < shown; r++) {
        html.append("<tr>");
        for (int c = 0; c < table.columnCount(); c++) {
          html.append("<td>").append(escapeHtml(table.column(c).getString(r))).append("</td>");
        }
        html.append("</tr>\n");
      }
      html.append("</tbody>\n</table>\n");
      if (rows > shown) {
        html.append("<p>").append(rows - shown).append(" more rows (").append(rows).append(" total)</p>\n");
      }
      DisplayData data = new DisplayData(table.print());
      data.putHTML(html.toString());
      return data;
    }
  }
}
