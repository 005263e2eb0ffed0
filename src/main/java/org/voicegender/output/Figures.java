package org.voicegender.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * How figures read in every table: accuracies as percentages with one decimal ({@code 96.3 %}),
 * errors and other measured quantities with three significant digits ({@code 0.00123},
 * {@code 4.56e-07}). Columns keep their numbers (CSV files hold full precision); only what a
 * person reads is rounded.
 */
public final class Figures {
  private Figures() {}

  /** An accuracy (a fraction) as a percentage with one decimal; NaN as a dash. */
  public static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
  }

  /** {@code x} with three significant digits: plain between 0.001 and 100,000, else in e-notation. */
  public static String significant(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.isNaN(x) ? "-" : String.valueOf(x);
    }
    if (x == 0) {
      return "0";
    }
    double a = Math.abs(x);
    if (a >= 1e-3 && a < 1e5) {
      return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.2e", x);
  }

  /** {@code column}, shown as percentages with one decimal. */
  public static DoubleColumn asPercent(DoubleColumn column) {
    return shown(column, Figures::percent);
  }

  /** {@code column}, shown with three significant digits. */
  public static DoubleColumn asSignificant(DoubleColumn column) {
    return shown(column, Figures::significant);
  }

  private static DoubleColumn shown(DoubleColumn column, java.util.function.DoubleFunction<String> format) {
    column.setPrintFormatter(new NumberColumnFormatter() {
      @Override
      public String format(double value) {
        return format.apply(value);
      }
    });
    return column;
  }
}
