package org.voicegender.activation;

import java.util.Objects;

/**
 * A look-up table: {@code entries} samples of an exact function at evenly spaced points over
 * [−range, range] (both ends included), linear interpolation between them, the end values outside.
 * Sigmoid and tanh are sampled with {@link StrictMath}, so a table is the same on every JVM.
 */
public final class Lut implements ActivationFunction {
  private final ActivationFunction exact;
  private final double range;
  private final int entries;
  private final PiecewiseLinear table;

  /**
   * @param exact what to tabulate ({@link ActivationFunction#SIGMOID} or {@link
   *     ActivationFunction#TANH} to be storable as JSON)
   * @param range the table covers [−range, range]
   * @param entries samples, at least 2
   */
  public Lut(ActivationFunction exact, double range, int entries) {
    Objects.requireNonNull(exact, "exact");
    if (!(range > 0) || !Double.isFinite(range)) {
      throw new IllegalArgumentException("a LUT's range must be positive and finite, not " + range);
    }
    if (entries < 2) {
      throw new IllegalArgumentException("a LUT needs at least 2 entries, not " + entries);
    }
    this.exact = exact;
    this.range = range;
    this.entries = entries;
    double[] x = new double[entries];
    double[] v = new double[entries];
    for (int i = 0; i < entries; i++) {
      x[i] = range * (2 * i - (entries - 1)) / (entries - 1); // mirrored exactly
      v[i] = strict(exact, x[i]);
    }
    this.table = new PiecewiseLinear(name(), x, v);
  }

  /** The exact function, with StrictMath for sigmoid and tanh. */
  static double strict(ActivationFunction f, double x) {
    if (f == ActivationFunction.SIGMOID) {
      return 1 / (1 + StrictMath.exp(-x));
    }
    if (f == ActivationFunction.TANH) {
      return StrictMath.tanh(x);
    }
    return f.apply(x);
  }

  public ActivationFunction exact() {
    return exact;
  }

  public double range() {
    return range;
  }

  public int entries() {
    return entries;
  }

  /** The table's points, sample positions and values, as a piecewise-linear function. */
  public PiecewiseLinear table() {
    return table;
  }

  /** {@code lut-<entries>-<function>}, with {@code -r<range>} after the entries when the range is not 8. */
  @Override
  public String name() {
    return "lut-" + entries + (range == 8 ? "" : "-r" + fmt(range)) + "-" + exact.name();
  }

  @Override
  public double apply(double x) {
    return table.apply(x);
  }

  @Override
  public double derivative(double x) {
    return table.derivative(x);
  }

  /**
   * The index {@code (x + range)/step} (a shift when the step is a power of two, else a
   * multiplication), the fraction's product with the difference of two entries, and three adds.
   */
  @Override
  public HardwareCost cost() {
    double step = 2 * range / (entries - 1);
    boolean shift = step == Math.scalb(1.0, Math.getExponent(step));
    return new HardwareCost(entries + 1, shift ? 1 : 2, 3, entries,
        entries + " samples on [-" + fmt(range) + ", " + fmt(range) + "], linear interpolation"
            + (shift ? " (index by shift)" : "") + ", saturating outside");
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lut l && exact.equals(l.exact) && range == l.range && entries == l.entries;
  }

  @Override
  public int hashCode() {
    return Objects.hash(exact, range, entries);
  }

  @Override
  public String toString() {
    return name();
  }
}
