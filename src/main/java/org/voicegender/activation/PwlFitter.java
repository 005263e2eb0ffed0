package org.voicegender.activation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Places a {@link PiecewiseLinear}'s knots for a sample distribution (see {@link
 * PiecewiseLinear#fit}). The samples are folded onto |x| when the function is point-symmetric,
 * binned into at most {@value #BINS} weighted points (bin means), and joined by a thin even grid
 * over the tail range; the error measured is the weighted mean squared error over those points.
 */
final class PwlFitter {
  /** The tail grid covers [−8, 8] (its |x| half when symmetric) … */
  static final double TAIL_RANGE = 8;
  /** … with this share of the samples' total weight. */
  static final double TAIL_WEIGHT = 0.01;
  static final int TAIL_POINTS = 2001;
  static final int BINS = 8192;
  /** Breakpoints of power-of-two fits are multiples of this. */
  static final double KNOT_GRID = 1.0 / 256;
  static final int MIN_EXPONENT = -12;
  static final int MAX_EXPONENT = 4;
  /** Pulls a knot's value towards the exact one when no point weighs on it (keeps the system regular). */
  private static final double RIDGE = 1e-10;
  private static final double MIN_GAP = 1e-6;
  private static final int MAX_EVALUATIONS = 20_000;

  private final ActivationFunction exact;
  private final boolean symmetric;
  /** exact(0): the centre of symmetry. */
  private final double centre;
  /** Weighted points, sorted by t, with exact targets. */
  private final double[] t;
  private final double[] w;
  private final double[] y;
  /** Where knots may go. */
  private final double lo;
  private final double hi;
  /** The samples' (folded) extent. */
  private final double sampleLo;
  private final double sampleHi;
  /** The samples' folded values, sorted, for quantiles. */
  private final double[] sorted;

  PwlFitter(ActivationFunction exact, double[] samples) {
    if (samples == null || samples.length == 0) {
      throw new IllegalArgumentException("fitting " + exact.name() + " needs at least one sample");
    }
    this.exact = exact;
    this.centre = exact.apply(0);
    this.symmetric = isPointSymmetric(exact, centre);
    double[] u = new double[samples.length];
    for (int i = 0; i < u.length; i++) {
      if (!Double.isFinite(samples[i])) {
        throw new IllegalArgumentException("sample " + i + " is " + samples[i]);
      }
      u[i] = symmetric ? Math.abs(samples[i]) : samples[i];
    }
    Arrays.sort(u);
    this.sorted = u;
    this.sampleLo = symmetric ? 0 : u[0];
    this.sampleHi = u[u.length - 1];
    this.lo = symmetric ? 0 : Math.min(-TAIL_RANGE, sampleLo);
    this.hi = Math.max(TAIL_RANGE, sampleHi);

    // bin means of the samples
    double[] sum = new double[BINS];
    double[] count = new double[BINS];
    double width = sampleHi - sampleLo;
    for (double v : u) {
      int b = width > 0 ? (int) Math.min(BINS - 1, (v - sampleLo) / width * BINS) : 0;
      sum[b] += v;
      count[b]++;
    }
    int nonEmpty = 0;
    for (double c : count) {
      nonEmpty += c > 0 ? 1 : 0;
    }
    double[][] points = new double[nonEmpty + TAIL_POINTS][];
    int p = 0;
    for (int b = 0; b < BINS; b++) {
      if (count[b] > 0) {
        points[p++] = new double[] {sum[b] / count[b], count[b] / u.length};
      }
    }
    double tailLo = symmetric ? 0 : -TAIL_RANGE;
    for (int i = 0; i < TAIL_POINTS; i++) {
      points[p++] = new double[] {tailLo + (TAIL_RANGE - tailLo) * i / (TAIL_POINTS - 1), TAIL_WEIGHT / TAIL_POINTS};
    }
    Arrays.sort(points, Comparator.comparingDouble((double[] a) -> a[0]));
    t = new double[points.length];
    w = new double[points.length];
    y = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      t[i] = points[i][0];
      w[i] = points[i][1];
      y[i] = exact.apply(t[i]);
    }
  }

  /** {@code f(x) + f(−x) = 2·f(0)} at a few points, to 1e-12. */
  static boolean isPointSymmetric(ActivationFunction f, double centre) {
    for (double x : new double[] {0.1, 0.37, 1, 1.9, 3.3, 6.1}) {
      if (Math.abs(f.apply(x) + f.apply(-x) - 2 * centre) > 1e-12) {
        return false;
      }
    }
    return true;
  }

  /** Sloped pieces between knots for {@code segments} pieces in all. */
  private int slopedPieces(int segments) {
    int k = symmetric ? segments - 1 : segments - 2;
    if (k < 1) {
      throw new IllegalArgumentException(exact.name() + " needs at least " + (symmetric ? 2 : 3)
          + " segments (one sloped piece" + (symmetric ? " on |x|" : "") + " and the saturating "
          + (symmetric ? "one" : "ones") + "), not " + segments);
    }
    return k;
  }

  PiecewiseLinear fit(int segments, boolean powerOfTwo) {
    int k = slopedPieces(segments);
    double[] best = null;
    double bestError = Double.POSITIVE_INFINITY;
    for (double[] start : new double[][] {quantileKnots(k), evenKnots(k, sampleLo, sampleHi), evenKnots(k, lo, hi)}) {
      double[] b = search(start);
      double e = error(b, new double[k + 1]);
      if (e < bestError) {
        bestError = e;
        best = b;
      }
    }
    double[] v = new double[k + 1];
    error(best, v);
    String name = "pwl-" + segments + (powerOfTwo ? "-pow2" : "") + "-" + exact.name();
    if (!powerOfTwo) {
      return build(name, best, v);
    }
    return powerOfTwo(name, best, v);
  }

  PiecewiseLinear uniform(int segments) {
    int k = slopedPieces(segments);
    double[] b = evenKnots(k, sampleLo, sampleHi);
    double[] v = new double[k + 1];
    error(b, v);
    return build("pwl-" + segments + "-uniform-" + exact.name(), b, v);
  }

  /** The full-line function: mirrored when symmetric. */
  private PiecewiseLinear build(String name, double[] b, double[] v) {
    if (!symmetric) {
      return new PiecewiseLinear(name, b, v);
    }
    int k = b.length - 1;
    double[] bs = new double[2 * k + 1];
    double[] vs = new double[2 * k + 1];
    for (int i = 0; i <= k; i++) {
      bs[k + i] = b[i];
      vs[k + i] = v[i];
      bs[k - i] = -b[i];
      vs[k - i] = 2 * centre - v[i];
    }
    vs[k] = centre;
    bs[k] = 0;
    return new PiecewiseLinear(name, bs, vs);
  }

  // ---- knots ----

  private double[] quantileKnots(int k) {
    double[] b = new double[k + 1];
    for (int i = symmetric ? 1 : 0; i <= k; i++) {
      double q = (double) i / k;
      b[i] = sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
    return sanitise(b);
  }

  private double[] evenKnots(int k, double from, double to) {
    double[] b = new double[k + 1];
    for (int i = 0; i <= k; i++) {
      b[i] = from + (to - from) * i / k;
    }
    return sanitise(b);
  }

  /** Strictly increasing within [lo, hi] (anchored at 0 when symmetric), else evenly spread over it. */
  private double[] sanitise(double[] b) {
    if (symmetric) {
      b[0] = 0;
    }
    boolean ok = b[0] >= lo && b[b.length - 1] <= hi;
    for (int i = 1; i < b.length && ok; i++) {
      ok = b[i] - b[i - 1] >= MIN_GAP;
    }
    if (ok) {
      return b;
    }
    double[] even = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      even[i] = lo + (hi - lo) * i / (b.length - 1);
    }
    return even;
  }

  /** Coordinate search over the movable knots: ± step·(gap between the neighbours), halving the step. */
  private double[] search(double[] start) {
    double[] b = start.clone();
    double[] v = new double[b.length];
    double best = error(b, v);
    int last = b.length - 1;
    int first = symmetric ? 1 : 0;
    double step = 0.25;
    int evaluations = 0;
    while (step > 1e-6 && evaluations < MAX_EVALUATIONS) {
      boolean improved = false;
      for (int i = first; i <= last; i++) {
        double left = i == 0 ? lo : b[i - 1];
        double right = i == last ? hi : b[i + 1];
        for (int dir = 1; dir >= -1; dir -= 2) {
          double candidate = b[i] + dir * step * (right - left);
          if (candidate - left < MIN_GAP || right - candidate < MIN_GAP
              || (i == 0 && candidate < lo) || (i == last && candidate > hi)) {
            continue;
          }
          double old = b[i];
          b[i] = candidate;
          double e = error(b, v);
          evaluations++;
          if (e < best) {
            best = e;
            improved = true;
            break;
          }
          b[i] = old;
        }
      }
      if (!improved) {
        step /= 2;
      }
    }
    return b;
  }

  /**
   * The least-squares values at knots {@code b} (into {@code v}; {@code v[0]} is the centre when
   * symmetric) and the weighted squared error they leave.
   */
  private double error(double[] b, double[] v) {
    int n = b.length;
    double[] diag = new double[n];
    double[] off = new double[n]; // off[i] couples i and i + 1
    double[] rhs = new double[n];
    int k = 0;
    for (int p = 0; p < t.length; p++) {
      double x = t[p];
      if (x <= b[0]) {
        diag[0] += w[p];
        rhs[0] += w[p] * y[p];
      } else if (x >= b[n - 1]) {
        diag[n - 1] += w[p];
        rhs[n - 1] += w[p] * y[p];
      } else {
        while (x >= b[k + 1]) {
          k++;
        }
        double l = (x - b[k]) / (b[k + 1] - b[k]);
        double a = 1 - l;
        diag[k] += w[p] * a * a;
        off[k] += w[p] * a * l;
        diag[k + 1] += w[p] * l * l;
        rhs[k] += w[p] * a * y[p];
        rhs[k + 1] += w[p] * l * y[p];
      }
    }
    for (int i = 0; i < n; i++) {
      diag[i] += RIDGE;
      rhs[i] += RIDGE * exact.apply(b[i]);
    }
    int from = 0;
    if (symmetric) {
      v[0] = centre;
      rhs[1] -= off[0] * centre;
      from = 1;
    }
    solveTridiagonal(diag, off, rhs, v, from);
    return squaredError(b, v, null);
  }

  /** Thomas algorithm on rows {@code from … n−1}. */
  private static void solveTridiagonal(double[] diag, double[] off, double[] rhs, double[] v, int from) {
    int n = diag.length;
    double[] c = new double[n];
    double[] d = new double[n];
    for (int i = from; i < n; i++) {
      double m = diag[i] - (i > from ? off[i - 1] * c[i - 1] : 0);
      c[i] = i < n - 1 ? off[i] / m : 0;
      d[i] = (rhs[i] - (i > from ? off[i - 1] * d[i - 1] : 0)) / m;
    }
    for (int i = n - 1; i >= from; i--) {
      v[i] = d[i] - (i < n - 1 ? c[i] * v[i + 1] : 0);
    }
  }

  /**
   * Weighted squared error of the knots {@code (b, v)}, interpolated; with {@code slope} given,
   * {@code v[k] + slope[k]·(x − b[k])} on segment k (the power-of-two form).
   */
  private double squaredError(double[] b, double[] v, double[] slope) {
    double e = 0;
    int[] segment = {0};
    for (int p = 0; p < t.length; p++) {
      double d = at(t[p], b, v, slope, segment) - y[p];
      e += w[p] * d * d;
    }
    return e;
  }

  /**
   * The function of knots {@code (b, v)} at {@code x}, constant outside them; with {@code slope}
   * given, {@code v[k] + slope[k]·(x − b[k])} on segment k. {@code segment[0]} is a cursor for
   * ascending x: it only moves forward.
   */
  private static double at(double x, double[] b, double[] v, double[] slope, int[] segment) {
    int n = b.length;
    if (x <= b[0]) {
      return v[0];
    }
    if (x >= b[n - 1]) {
      return v[n - 1];
    }
    int k = segment[0];
    while (x >= b[k + 1]) {
      k++;
    }
    segment[0] = k;
    double s = slope != null ? slope[k] : (v[k + 1] - v[k]) / (b[k + 1] - b[k]);
    return v[k] + s * (x - b[k]);
  }

  // ---- power-of-two slopes ----

  /** The exponent that stands for a zero slope. */
  private static final int ZERO = Integer.MIN_VALUE;

  /** A slope as ±2^e (e rounded in the log domain), or {@link #ZERO}. */
  private static int exponent(double s) {
    if (s == 0) {
      return ZERO;
    }
    long e = Math.round(Math.log(Math.abs(s)) / Math.log(2));
    if (e < MIN_EXPONENT) {
      return ZERO;
    }
    return (int) Math.min(MAX_EXPONENT, e);
  }

  private static double slope(int sign, int e) {
    return e == ZERO ? 0 : sign * Math.scalb(1.0, e);
  }

  /** A power-of-two chain: knots on the 1/256 grid and each segment's slope as sign and exponent. */
  private record Chain(double[] b, int[] sign, int[] e) {
    Chain copy() {
      return new Chain(b.clone(), sign.clone(), e.clone());
    }
  }

  /**
   * Two starts, each refined by {@link #search(Chain)}: the float fit with its slopes rounded and
   * its knots snapped to the grid, and (when symmetric) a greedy minimax chain; the better one.
   */
  private PiecewiseLinear powerOfTwo(String name, double[] b0, double[] v0) {
    int n = b0.length;
    double q = KNOT_GRID;
    Chain rounded = new Chain(new double[n], new int[n - 1], new int[n - 1]);
    for (int i = 0; i < n; i++) {
      rounded.b[i] = Math.rint(b0[i] / q) * q;
      if (i > 0 && rounded.b[i] <= rounded.b[i - 1]) {
        rounded.b[i] = rounded.b[i - 1] + q;
      }
    }
    for (int i = 0; i < n - 1; i++) {
      double s = (v0[i + 1] - v0[i]) / (b0[i + 1] - b0[i]);
      rounded.sign[i] = s < 0 ? -1 : 1;
      rounded.e[i] = exponent(s);
    }
    Chain best = null;
    double bestError = Double.POSITIVE_INFINITY;
    List<Chain> starts = new ArrayList<>(List.of(rounded));
    if (symmetric) {
      Chain greedy = greedy(n - 1);
      if (greedy != null) {
        starts.add(greedy);
      }
    }
    for (Chain start : starts) {
      Chain c = search(start);
      double err = chain(c, new double[n]);
      if (err < bestError) {
        bestError = err;
        best = c;
      }
    }
    double[] v = new double[n];
    chain(best, v);
    return build(name, best.b, v);
  }

  /**
   * Coordinate search on a chain: each knot ± step grid units (step 64 down to 1), each slope
   * exponent ±1 or to 0 (or from 0 back to ±2^−4), first improvement taken.
   */
  private Chain search(Chain start) {
    Chain c = start.copy();
    int n = c.b.length;
    double q = KNOT_GRID;
    double[] v = new double[n];
    double best = chain(c, v);
    double qLo = Math.ceil(lo / q) * q;
    double qHi = Math.floor(hi / q) * q;
    int evaluations = 0;
    for (int step = 64; step >= 1 && evaluations < MAX_EVALUATIONS; ) {
      boolean improved = false;
      for (int i = symmetric ? 1 : 0; i < n; i++) {
        for (int dir = 1; dir >= -1; dir -= 2) {
          double candidate = c.b[i] + dir * step * q;
          if ((i > 0 && candidate <= c.b[i - 1]) || (i < n - 1 && candidate >= c.b[i + 1]) || candidate < qLo
              || candidate > qHi) {
            continue;
          }
          double old = c.b[i];
          c.b[i] = candidate;
          double err = chain(c, v);
          evaluations++;
          if (err < best) {
            best = err;
            improved = true;
            break;
          }
          c.b[i] = old;
        }
      }
      for (int i = 0; i < n - 1; i++) {
        int current = c.e[i];
        int[] options = current == ZERO ? new int[] {-4} : new int[] {current + 1, current - 1, ZERO};
        for (int option : options) {
          if (option != ZERO && (option < MIN_EXPONENT || option > MAX_EXPONENT)) {
            continue;
          }
          c.e[i] = option;
          double err = chain(c, v);
          evaluations++;
          if (err < best) {
            best = err;
            improved = true;
            break;
          }
          c.e[i] = current;
        }
      }
      if (!improved) {
        step /= 2;
      }
    }
    return c;
  }

  /**
   * The greedy minimax chain on t ≥ 0 with at most {@code k} sloped segments: from {@code (0,
   * centre)}, each segment takes the power-of-two slope (or 0) that stays within τ of the exact
   * function longest along the knot grid, until a constant from there stays within τ up to the end
   * of the range; τ is the smallest (by bisection) for which that works. Segments left over split
   * the longest one. Null if even the largest τ fails.
   */
  private Chain greedy(int k) {
    double q = KNOT_GRID;
    int points = (int) Math.floor(hi / q);
    double[] f = new double[points + 1];
    double tauHi = 0;
    for (int j = 0; j <= points; j++) {
      f[j] = exact.apply(j * q);
      tauHi = Math.max(tauHi, Math.abs(f[j] - centre));
    }
    List<int[]> best = greedyChain(f, k, tauHi);
    if (best == null) {
      return null;
    }
    double tauLo = 0;
    for (int round = 0; round < 40; round++) {
      double tau = (tauLo + tauHi) / 2;
      List<int[]> c = greedyChain(f, k, tau);
      if (c != null) {
        best = c;
        tauHi = tau;
      } else {
        tauLo = tau;
      }
    }
    if (best.isEmpty()) {
      return null;
    }
    // split the longest segments until there are k
    List<int[]> segments = new ArrayList<>(best); // {from, to, sign, exponent}
    while (segments.size() < k) {
      int longest = 0;
      for (int i = 1; i < segments.size(); i++) {
        if (segments.get(i)[1] - segments.get(i)[0] > segments.get(longest)[1] - segments.get(longest)[0]) {
          longest = i;
        }
      }
      int[] s = segments.get(longest);
      if (s[1] - s[0] < 2) {
        return null;
      }
      int mid = (s[0] + s[1]) / 2;
      segments.set(longest, new int[] {s[0], mid, s[2], s[3]});
      segments.add(longest + 1, new int[] {mid, s[1], s[2], s[3]});
    }
    Chain c = new Chain(new double[k + 1], new int[k], new int[k]);
    for (int i = 0; i < k; i++) {
      int[] s = segments.get(i);
      c.b[i + 1] = s[1] * q;
      c.sign[i] = s[2];
      c.e[i] = s[3];
    }
    return c;
  }

  /** The greedy chain's segments {from, to (grid indices), sign, exponent} within τ, or null. */
  private List<int[]> greedyChain(double[] f, int k, double tau) {
    int last = f.length - 1;
    List<int[]> segments = new ArrayList<>();
    int at = 0;
    double v = centre;
    while (true) {
      boolean flat = true;
      for (int j = at; j <= last && flat; j++) {
        flat = Math.abs(f[j] - v) <= tau;
      }
      if (flat) {
        return segments;
      }
      if (segments.size() == k) {
        return null;
      }
      int reach = at;
      int bestSign = 1;
      int bestExponent = ZERO;
      for (int e = MIN_EXPONENT - 1; e <= MAX_EXPONENT; e++) {
        int exponent = e < MIN_EXPONENT ? ZERO : e;
        for (int sign = 1; sign >= -1; sign -= 2) {
          double s = slope(sign, exponent);
          int j = at + 1;
          while (j <= last && Math.abs(v + s * ((j - at) * KNOT_GRID) - f[j]) <= tau) {
            j++;
          }
          if (j - 1 > reach) {
            reach = j - 1;
            bestSign = sign;
            bestExponent = exponent;
          }
          if (exponent == ZERO) {
            break;
          }
        }
      }
      if (reach == at) {
        return null;
      }
      v += slope(bestSign, bestExponent) * ((reach - at) * KNOT_GRID);
      segments.add(new int[] {at, reach, bestSign, bestExponent});
      at = reach;
    }
  }

  /**
   * Values chained from the centre (symmetric) or from a least-squares offset rounded to 2^−20,
   * {@code v[i+1] = v[i] + slope_i·(b[i+1] − b[i])} (exact: dyadic knots and slopes), and the
   * weighted squared error.
   */
  private double chain(Chain c, double[] v) {
    double[] b = c.b;
    int[] sign = c.sign;
    int[] e = c.e;
    int n = b.length;
    double[] slope = new double[n - 1];
    for (int i = 0; i < n - 1; i++) {
      slope[i] = slope(sign[i], e[i]);
    }
    v[0] = symmetric ? centre : 0;
    for (int i = 0; i < n - 1; i++) {
      v[i + 1] = v[i] + slope[i] * (b[i + 1] - b[i]);
    }
    if (!symmetric) {
      // the best offset is the weighted mean residual
      double r = 0;
      double total = 0;
      int[] segment = {0};
      for (int p = 0; p < t.length; p++) {
        r += w[p] * (y[p] - at(t[p], b, v, slope, segment));
        total += w[p];
      }
      double offset = Math.rint(r / total * 0x1p20) * 0x1p-20;
      for (int i = 0; i < n; i++) {
        v[i] += offset;
      }
    }
    return squaredError(b, v, slope);
  }
}
