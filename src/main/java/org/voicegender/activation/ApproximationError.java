package org.voicegender.activation;

import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;

/**
 * How far an approximation is from its exact function: the largest and the mean absolute error
 * over an even grid on [−8, 8] ({@value #GRID_POINTS} points, step 0.001) and over observed
 * pre-activations (NaN when there are none).
 */
public record ApproximationError(double maxGrid, double meanGrid, double maxObserved, double meanObserved) {
  public static final double GRID_RANGE = 8;
  public static final int GRID_POINTS = 16_001;

  /** The grid: {@code (i − 8000)/1000} for i = 0 … 16000. */
  public static double[] grid() {
    double[] x = new double[GRID_POINTS];
    int half = GRID_POINTS / 2;
    for (int i = 0; i < GRID_POINTS; i++) {
      x[i] = (double) (i - half) / half * GRID_RANGE;
    }
    return x;
  }

  /**
   * @param samples observed pre-activations; null or empty for none
   */
  public static ApproximationError of(ActivationFunction f, ActivationFunction exact, double[] samples) {
    double[] g = errors(f, exact, grid());
    double[] s = samples == null || samples.length == 0 ? new double[] {Double.NaN, Double.NaN}
        : errors(f, exact, samples);
    return new ApproximationError(g[0], g[1], s[0], s[1]);
  }

  /** {max, mean} of |f − exact| over x. */
  private static double[] errors(ActivationFunction f, ActivationFunction exact, double[] x) {
    double max = 0;
    double sum = 0;
    for (double v : x) {
      double e = Math.abs(f.apply(v) - exact.apply(v));
      max = Math.max(max, e);
      sum += e;
    }
    return new double[] {max, sum / x.length};
  }

  /** A site of the LSTM: its name, the function there and the exact one it stands for. */
  public record Site(String name, ActivationFunction function, ActivationFunction exact) {}

  /** gate (σ of f, o, i), input (tanh of g), cell (tanh of the cell state). */
  public static List<Site> sites(LstmActivations set) {
    return List.of(new Site("gate", set.gate(), ActivationFunction.SIGMOID),
        new Site("input", set.input(), ActivationFunction.TANH), new Site("cell", set.cell(), ActivationFunction.TANH));
  }

  /**
   * Per set and site: the errors over [−8, 8] and over the site's observed pre-activations, and
   * the hardware cost. Samples may be null (then the observed columns read "-").
   * {@link FigureTable#toTable()} gives it as a Tablesaw table.
   */
  public static FigureTable table(List<LstmActivations> sets, double[] gateSamples, double[] inputSamples,
      double[] cellSamples) {
    FigureTable t = new FigureTable("LSTM activation approximations", "set", "site", "function",
        "max err [-8,8]", "mean err [-8,8]", "max err observed", "mean err observed", "segments", "multipliers",
        "shifts/adds", "table entries");
    for (LstmActivations set : sets) {
      for (Site site : sites(set)) {
        double[] samples = switch (site.name()) {
          case "gate" -> gateSamples;
          case "input" -> inputSamples;
          default -> cellSamples;
        };
        ApproximationError e = of(site.function(), site.exact(), samples);
        HardwareCost c = site.function().cost();
        t.row(set.name(), site.name(), site.function().name(), Figures.significant(e.maxGrid()), Figures.significant(e.meanGrid()),
            Figures.significant(e.maxObserved()), Figures.significant(e.meanObserved()), c.segments(), c.multipliers(), c.shiftAdds(),
            c.tableEntries());
      }
    }
    t.note("Absolute error against the exact sigmoid (gate) or tanh (input, cell): over " + GRID_POINTS
        + " evenly spaced points of [-8, 8], and over the observed pre-activations of each site"
        + " (gate: z of f, o, i; input: z of g; cell: the cell state).");
    t.note("Segments: linear pieces over the real line, saturating ones included; multipliers, shifts/adds:"
        + " per evaluation; table entries: stored words (0 when the constants are wired).");
    return t;
  }

  /**
   * The exact curve and the approximation on [−range, range] (left axis), and their difference
   * {@code f − exact} (right axis, its own scale). Returned, not shown.
   */
  public static XYChart chart(ActivationFunction f, ActivationFunction exact, double range) {
    if (!(range > 0)) {
      throw new IllegalArgumentException("range must be positive, not " + range);
    }
    int n = 2001;
    double[] x = new double[n];
    double[] ye = new double[n];
    double[] ya = new double[n];
    double[] err = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = range * (2 * i - (n - 1)) / (n - 1);
      ye[i] = exact.apply(x[i]);
      ya[i] = f.apply(x[i]);
      err[i] = ya[i] - ye[i];
    }
    ApproximationError e = of(f, exact, null);
    XYChart chart = new XYChartBuilder().width(720).height(480)
        .title(f.name() + " vs " + exact.name() + String.format(Locale.ROOT, " (max |error| on [-8, 8]: %s)",
            Figures.significant(e.maxGrid())))
        .xAxisTitle("pre-activation x").yAxisTitle("activation").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    chart.addSeries(exact.name() + " (exact)", x, ye).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.addSeries(f.name(), x, ya).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    XYSeries error = chart.addSeries("error " + f.name() + " - " + exact.name() + " (right axis)", x, err);
    error.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    error.setYAxisGroup(1);
    chart.setYAxisGroupTitle(1, "error");
    return chart;
  }
}
