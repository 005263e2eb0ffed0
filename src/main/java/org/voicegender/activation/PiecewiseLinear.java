package org.voicegender.activation;

import java.util.Arrays;
import java.util.Locale;

/**
 * A continuous piecewise-linear function given by its knots: linear interpolation between
 * {@code (breakpoints[k], values[k])}, constant (saturating) below the first and above the last.
 * On {@code [b_k, b_k+1)} it computes {@code values[k] + slope_k·(x − b_k)}, the form a shift-add
 * or multiply-add datapath evaluates; with power-of-two slopes on dyadic knots (as {@link #fit}
 * makes them) every value is exact.
 *
 * <p>{@link #fit} places the knots for a sample distribution of pre-activations.
 */
public final class PiecewiseLinear implements ActivationFunction {
  private final String name;
  private final double[] breakpoints;
  private final double[] values;
  /** {@code slopes[k]} on {@code [b_k, b_k+1)}. */
  private final double[] slopes;

  /** A PWL named {@code pwl-<knots>}. */
  public PiecewiseLinear(double[] breakpoints, double[] values) {
    this("pwl-" + breakpoints.length + "-knots", breakpoints, values);
  }

  /**
   * @param breakpoints at least two, finite, strictly increasing
   * @param values the function at each breakpoint, finite
   */
  public PiecewiseLinear(String name, double[] breakpoints, double[] values) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a piecewise-linear function needs a name");
    }
    if (breakpoints.length != values.length) {
      throw new IllegalArgumentException(
          breakpoints.length + " breakpoints but " + values.length + " values");
    }
    if (breakpoints.length < 2) {
      throw new IllegalArgumentException("a piecewise-linear function needs at least two knots");
    }
    for (int k = 0; k < breakpoints.length; k++) {
      if (!Double.isFinite(breakpoints[k]) || !Double.isFinite(values[k])) {
        throw new IllegalArgumentException("knot " + k + " is not finite: (" + breakpoints[k] + ", " + values[k] + ")");
      }
      if (k > 0 && !(breakpoints[k] > breakpoints[k - 1])) {
        throw new IllegalArgumentException("breakpoints must increase strictly: " + breakpoints[k - 1] + " then "
            + breakpoints[k]);
      }
    }
    this.name = name;
    this.breakpoints = breakpoints.clone();
    this.values = values.clone();
    this.slopes = new double[breakpoints.length - 1];
    for (int k = 0; k < slopes.length; k++) {
      slopes[k] = (values[k + 1] - values[k]) / (breakpoints[k + 1] - breakpoints[k]);
    }
  }

  /**
   * Knots placed to minimise the mean squared error to {@code exact} over the samples (plus
   * 1% of that weight spread evenly over [−8, 8], so the tails stay
   * bounded where no sample lies): the knots start at the samples' quantiles (and, as other
   * starts, evenly spaced) and are refined by a coordinate search, each step refitting the values
   * by least squares. Deterministic.
   *
   * <p>When {@code exact} is point-symmetric about {@code (0, exact(0))} (σ(−x) = 1 − σ(x), tanh
   * odd) the fit is made on |x| and mirrored: {@code segments} then counts the pieces on x ≥ 0,
   * the saturating one included (PLAN has 4), so the function has {@code 2·segments − 1} pieces on
   * the real line. Otherwise {@code segments} counts the pieces on the line, both saturating ones
   * included.
   *
   * <p>With {@code powerOfTwoSlopes} every slope is then rounded to ±2^e (−12 ≤ e ≤ 4) or 0, the
   * breakpoints to multiples of 1/256, the values chained from the centre so the function stays
   * continuous (the offset is refitted when there is no symmetry to fix it), and knots and slope
   * exponents are searched again; a second start, a greedy minimax chain (which alternates slopes
   * such as 1/4 and 1/8 to follow the curve), is searched the same way and the better kept. All
   * values are then exact dyadic numbers.
   *
   * @param samples observed pre-activations (finite; at least one)
   */
  public static PiecewiseLinear fit(ActivationFunction exact, int segments, double[] samples,
      boolean powerOfTwoSlopes) {
    return new PwlFitter(exact, samples).fit(segments, powerOfTwoSlopes);
  }

  /** {@link #fit(ActivationFunction, int, double[], boolean)} on 4,001 evenly spaced samples of [lo, hi]. */
  public static PiecewiseLinear fit(ActivationFunction exact, int segments, double lo, double hi,
      boolean powerOfTwoSlopes) {
    return fit(exact, segments, evenlySpaced(lo, hi, 4001), powerOfTwoSlopes);
  }

  /**
   * The baseline {@link #fit} is measured against: as many segments, knots evenly spaced up to
   * the largest |sample| (or across the samples' range when there is no symmetry), values fitted
   * by least squares on the same weighted samples.
   */
  public static PiecewiseLinear uniform(ActivationFunction exact, int segments, double[] samples) {
    return new PwlFitter(exact, samples).uniform(segments);
  }

  static double[] evenlySpaced(double lo, double hi, int n) {
    if (!(hi > lo) || n < 2) {
      throw new IllegalArgumentException("need lo < hi and at least two points, not [" + lo + ", " + hi + "], " + n);
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = lo + (hi - lo) * i / (n - 1);
    }
    return x;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double apply(double x) {
    int last = breakpoints.length - 1;
    if (Double.isNaN(x)) {
      return x;
    }
    if (x <= breakpoints[0]) {
      return values[0];
    }
    if (x >= breakpoints[last]) {
      return values[last];
    }
    int k = Arrays.binarySearch(breakpoints, x);
    if (k >= 0) {
      return values[k];
    }
    k = -k - 2;
    return values[k] + slopes[k] * (x - breakpoints[k]);
  }

  @Override
  public double derivative(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (x < breakpoints[0] || x >= breakpoints[breakpoints.length - 1]) {
      return 0;
    }
    int k = Arrays.binarySearch(breakpoints, x);
    return slopes[k >= 0 ? k : -k - 2];
  }

  public double[] breakpoints() {
    return breakpoints.clone();
  }

  public double[] values() {
    return values.clone();
  }

  /** The slope of each segment between knots ({@code slopes[k]} on {@code [b_k, b_k+1)}). */
  public double[] slopes() {
    return slopes.clone();
  }

  /** Whether every slope is 0 or exactly ±2^e. */
  public boolean hasPowerOfTwoSlopes() {
    for (double s : slopes) {
      if (s != 0 && Math.abs(s) != Math.scalb(1.0, Math.getExponent(s))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the knots are point-symmetric about {@code (0, c)}: breakpoints mirrored and
   * {@code values[k] + values[n−1−k]} the same {@code 2c} for all k (to 1e-12).
   */
  public boolean isSymmetric() {
    int n = breakpoints.length;
    double sum = values[0] + values[n - 1];
    for (int k = 0; k < n; k++) {
      if (breakpoints[k] != -breakpoints[n - 1 - k]
          || Math.abs(values[k] + values[n - 1 - k] - sum) > 1e-12 * Math.max(1, Math.abs(sum))) {
        return false;
      }
    }
    return true;
  }

  /** Linear pieces over the real line, the two saturating constants included, collinear neighbours merged. */
  public int segments() {
    int pieces = 1; // the lower saturation
    double previous = 0;
    for (int k = 0; k <= slopes.length; k++) {
      double s = k < slopes.length ? slopes[k] : 0; // then the upper saturation
      if (!sameSlope(s, previous)) {
        pieces++;
      }
      previous = s;
    }
    return pieces;
  }

  private static boolean sameSlope(double a, double b) {
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }

  /**
   * Computed from the knots: one multiply-add per evaluation (a shift and an add with
   * power-of-two slopes); when symmetric, evaluated on |x| (plus |x| and the reflection) with
   * half the segments stored; a breakpoint, a slope and an offset stored per segment.
   */
  @Override
  public HardwareCost cost() {
    int line = segments();
    boolean symmetric = isSymmetric();
    boolean shifts = hasPowerOfTwoSlopes();
    int stored = symmetric ? (line + 1) / 2 : line;
    String note = (symmetric ? stored + " segments on |x| (" + line + " on the line), reflected; "
        : line + " segments; ")
        + (shifts ? "power-of-two slopes: a shift and an add" : "a multiply-add") + " per evaluation";
    return new HardwareCost(line, shifts ? 0 : 1, (shifts ? 2 : 1) + (symmetric ? 2 : 0), 3 * stored, note);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PiecewiseLinear p && name.equals(p.name) && Arrays.equals(breakpoints, p.breakpoints)
        && Arrays.equals(values, p.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(breakpoints)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(name).append(" [");
    for (int k = 0; k < breakpoints.length; k++) {
      s.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "(%.4g, %.6g)", breakpoints[k], values[k]));
    }
    return s.append("]").toString();
  }
}
