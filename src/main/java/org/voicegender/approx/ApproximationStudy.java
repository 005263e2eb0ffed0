package org.voicegender.approx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.voicegender.activation.LstmActivations;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;
import org.voicegender.quant.QuantizationAwareTraining;
import org.voicegender.quant.QuantizationJobs;
import org.voicegender.quant.QuantizationSpec;

/**
 * The whole comparison ("exact vs piecewise-linear"): every approximation on the same trained
 * model, its error through the LSTM, its accuracy on unseen readers before and (optionally) after
 * fine-tuning with it in the loop, and the fine-tuned network as an integer golden model at a
 * chosen width.
 */
public final class ApproximationStudy {
  private ApproximationStudy() {}

  /**
   * One approximation's figures; the "after" fields are NaN without fine-tuning.
   *
   * @param hiddenError largest |h_exact − h_approx| at each step (before fine-tuning)
   */
  public record Row(
      String name, double windowBefore, double utteranceBefore, double windowAfter, double utteranceAfter,
      double goldenWindow, double goldenUtterance, double scoreError, double[] hiddenError) {}

  /**
   * @param tuning fine-tuning settings, or null to evaluate only
   * @param goldenBits width of weights and activations for the golden-model column (0: none)
   */
  public static List<Row> run(QuantizationJobs.Setup s, List<String> names, QuantizationAwareTraining.Settings tuning,
      int goldenBits, Consumer<String> log) {
    ApproximationJobs.Samples samples = ApproximationJobs.observe(s.weights(), calibrationWindows(s));
    List<float[][]> windows = s.testWindows();
    List<Row> rows = new ArrayList<>();
    for (String name : names) {
      LstmActivations fns = ApproximationJobs.named(name, samples);
      SpeakerEvaluation.Result before = ApproximationJobs.evaluate(s, fns);
      var errors = ApproximationJobs.compare(s.weights(), fns, windows);
      double[] hidden = errors.stream().filter(e -> e.site().equals("h")).mapToDouble(ApproximationJobs.SiteError::maxAbs).toArray();
      double scoreError = errors.stream().filter(e -> e.site().equals("scores")).mapToDouble(ApproximationJobs.SiteError::maxAbs).findFirst().orElse(Double.NaN);
      double wAfter = Double.NaN;
      double uAfter = Double.NaN;
      double gw = Double.NaN;
      double gu = Double.NaN;
      QuantizationJobs.Setup tuned = s;
      if (tuning != null) { // exact too: the control, since training on alone may change the accuracy
        var r = ApproximationJobs.fineTune(s.model(), s.data(), fns, tuning, null);
        tuned = s.withModel(r.model());
        SpeakerEvaluation.Result after = ApproximationJobs.evaluate(tuned, fns);
        wAfter = after.windowAccuracy();
        uAfter = after.utteranceAccuracy();
      }
      if (goldenBits > 0) {
        var g = QuantizationJobs.evaluate(tuned, QuantizationSpec.of(goldenBits, goldenBits), fns).evaluation();
        gw = g.windowAccuracy();
        gu = g.utteranceAccuracy();
      }
      rows.add(new Row(name, before.windowAccuracy(), before.utteranceAccuracy(), wAfter, uAfter, gw, gu, scoreError, hidden));
      log.accept(String.format("%-12s window %s -> %s, utterance %s -> %s; golden %d-bit window %s; max score error %s",
          name, Figures.percent(before.windowAccuracy()), Figures.percent(wAfter), Figures.percent(before.utteranceAccuracy()),
          Figures.percent(uAfter), goldenBits, Figures.percent(gw), Figures.significant(scoreError)));
    }
    return rows;
  }

  /** The windows whose pre-activations PWL functions are fitted to: the calibration readers'. */
  public static List<float[][]> calibrationWindows(QuantizationJobs.Setup s) {
    return s.calibrationInputs();
  }

  public static FigureTable table(List<Row> rows, int goldenBits) {
    FigureTable t = new FigureTable("Exact vs piecewise-linear LSTM activations",
        "activation", "window before", "utterance before", "window after fine-tuning",
        "utterance after fine-tuning", "golden w" + goldenBits + "a" + goldenBits + " window",
        "golden utterance", "max score error", "max h error, last step");
    for (Row r : rows) {
      t.row(r.name(), Figures.percent(r.windowBefore()), Figures.percent(r.utteranceBefore()), Figures.percent(r.windowAfter()), Figures.percent(r.utteranceAfter()),
          Figures.percent(r.goldenWindow()), Figures.percent(r.goldenUtterance()), Figures.significant(r.scoreError()),
          Figures.significant(r.hiddenError()[r.hiddenError().length - 1]));
    }
    return t;
  }

  /** Accuracy per window before and after fine-tuning, one bar pair per approximation. */
  public static CategoryChart accuracyChart(List<Row> rows) {
    CategoryChart c = new CategoryChartBuilder().width(820).height(440).title("Exact vs piecewise-linear: accuracy")
        .xAxisTitle("LSTM activations").yAxisTitle("accuracy per 2 s window (unseen readers)").build();
    c.getStyler().setYAxisMin(0.4).setYAxisMax(1.0);
    List<String> names = rows.stream().map(Row::name).toList();
    c.addSeries("before fine-tuning", names, rows.stream().map(Row::windowBefore).toList());
    if (rows.stream().anyMatch(r -> !Double.isNaN(r.windowAfter()))) {
      c.addSeries("after fine-tuning", names, rows.stream().map(r -> Double.isNaN(r.windowAfter()) ? 0 : r.windowAfter()).toList());
    }
    return c;
  }

  /** How the error of the hidden state grows over the LSTM's steps, per approximation. */
  public static XYChart errorGrowthChart(List<Row> rows) {
    XYChart c = new XYChartBuilder().width(760).height(440).title("Where the error grows: max |h exact − h approx| per step")
        .xAxisTitle("LSTM step").yAxisTitle("max absolute error of h").build();
    for (Row r : rows) {
      if (r.name().equals("exact")) {
        continue;
      }
      double[] steps = new double[r.hiddenError().length];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = i;
      }
      c.addSeries(r.name(), steps, r.hiddenError());
    }
    return c;
  }

  public static void write(List<Row> rows, int goldenBits, Path out, String note) throws IOException {
    table(rows, goldenBits).note(note).write(out.resolve("approximations"));
    java.nio.file.Files.createDirectories(out);
    org.knowm.xchart.BitmapEncoder.saveBitmap(accuracyChart(rows), out.resolve("accuracy.png").toString(),
        org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
    org.knowm.xchart.BitmapEncoder.saveBitmap(errorGrowthChart(rows), out.resolve("error-growth.png").toString(),
        org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
  }

}
