package org.voicegender.bench;

import java.util.Arrays;

/**
 * Repeated measurements of one figure (one per round), summarised as the median and the range.
 * On a shared machine single measurements drift; the range says by how much.
 */
public record Samples(double[] values) {
  public Samples {
    if (values.length == 0) {
      throw new IllegalArgumentException("no measurements");
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("measurement not finite: " + Arrays.toString(values));
      }
    }
    values = values.clone();
  }

  public static Samples of(double... values) {
    return new Samples(values);
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  public int size() {
    return values.length;
  }

  public double median() {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  public double min() {
    return Arrays.stream(values).min().orElseThrow();
  }

  public double max() {
    return Arrays.stream(values).max().orElseThrow();
  }

  /**
   * Round by round quotient {@code this[i] / other[i]}: each round's two figures were measured
   * one right after the other, so their quotient is steadier than the quotient of the medians.
   */
  public Samples over(Samples other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException(
          values.length + " rounds over " + other.values.length + " rounds");
    }
    double[] q = new double[values.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = values[i] / other.values[i];
    }
    return new Samples(q);
  }

  /** The element-wise minimum of several series of the same rounds (the best setting per round). */
  public static Samples bestOf(Samples... series) {
    double[] best = series[0].values.clone();
    for (Samples s : series) {
      if (s.values.length != best.length) {
        throw new IllegalArgumentException("series of different lengths");
      }
      for (int i = 0; i < best.length; i++) {
        best[i] = Math.min(best[i], s.values[i]);
      }
    }
    return new Samples(best);
  }

  /** Element-wise maximum (the best of several throughputs per round). */
  public static Samples highestOf(Samples... series) {
    double[] best = series[0].values.clone();
    for (Samples s : series) {
      if (s.values.length != best.length) {
        throw new IllegalArgumentException("series of different lengths");
      }
      for (int i = 0; i < best.length; i++) {
        best[i] = Math.max(best[i], s.values[i]);
      }
    }
    return new Samples(best);
  }

  /** {@code median (min-max)} with the given number format, e.g. {@code 2.41 (2.30-2.55)}. */
  public String format(String number) {
    String m = String.format(number, median());
    if (values.length == 1) {
      return m;
    }
    return m + " (" + String.format(number, min()) + "-" + String.format(number, max()) + ")";
  }
}
