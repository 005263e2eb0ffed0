package org.voicegender.compress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.voicegender.model.NetworkConfig;
import org.voicegender.output.FigureFiles;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;
import org.voicegender.quant.QuantizationJobs;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Accuracy against compression: block sizes 1 (dense), 2, 4, 8, 16 on the dense and LSTM layers
 * and on the whole network, projected only and fine-tuned, each in float, with 8-bit weights and
 * as the 8-bit integer golden model, on readers the model never saw.
 */
public final class CompressionSweep {
  private CompressionSweep() {}

  public static final List<Integer> BLOCKS = List.of(2, 4, 8, 16);

  /** One point of the sweep; accuracies per window and per utterance. */
  public record Row(
      String scope, int k, boolean fineTuned, long storedParameters, double compression, long directMultiplies,
      long fftMultiplies, double windowAccuracy, double utteranceAccuracy, double w8WindowAccuracy,
      double w8UtteranceAccuracy, double goldenWindowAccuracy, double goldenUtteranceAccuracy, int goldenIdentical,
      int goldenWindows, double fftMaxDifference, long fixedFftMaxError, long fixedFftMaxSum) {
    static Row of(String scope, int k, CompressionJobs.Outcome o) {
      return new Row(scope, k, o.fineTuned(), o.cost().storedParameters(), o.cost().compression(),
          o.cost().directMultiplies(), o.cost().fftMultiplies(), o.floatEvaluation().windowAccuracy(),
          o.floatEvaluation().utteranceAccuracy(), o.weights8().windowAccuracy(), o.weights8().utteranceAccuracy(),
          o.golden8().windowAccuracy(), o.golden8().utteranceAccuracy(), o.goldenIdentical(), o.goldenWindows(),
          o.fftMaxDifference(), o.fixedFftMaxError(), o.fixedFftMaxSum());
    }
  }

  public static String scopeName(CirculantSpec.Scope scope) {
    return scope == CirculantSpec.Scope.WHOLE_NETWORK ? "whole network" : "dense + LSTM";
  }

  /** The dense row, then each scope and block size projected and, with {@code settings}, fine-tuned. */
  public static List<Row> run(
      QuantizationJobs.Setup dense, List<Integer> blocks, CirculantTraining.Settings settings, Consumer<String> log) {
    NetworkConfig net = dense.model().network();
    List<Row> rows = new ArrayList<>();
    rows.add(Row.of("dense", 1, CompressionJobs.run(dense, new CompressionJobs.Job(CirculantSpec.dense(), false, null), null)));
    log.accept(describe(rows.get(0)));
    if (settings != null) { // the same extra training without the structure, for a fair comparison
      rows.add(Row.of("dense", 1, CompressionJobs.run(dense, new CompressionJobs.Job(CirculantSpec.dense(), true, settings), null)));
      log.accept(describe(rows.get(1)));
    }
    for (CirculantSpec.Scope scope : CirculantSpec.Scope.values()) {
      for (int k : blocks) {
        CirculantSpec spec = CirculantSpec.of(scope, k, net);
        for (boolean tune : settings == null ? List.of(false) : List.of(false, true)) {
          Row r = Row.of(scopeName(scope), k, CompressionJobs.run(dense, new CompressionJobs.Job(spec, tune, settings), null));
          rows.add(r);
          log.accept(describe(r));
        }
      }
    }
    return rows;
  }

  static String describe(Row r) {
    return String.format("%-13s k=%-2d %-10s %5d params (%.2fx): window %s, utterance %s; w8 %s / %s;"
            + " golden w8a8 %s / %s (%d/%d identical to dense golden); FFT max diff %s; fixed-point FFT max"
            + " error %d of %d",
        r.scope(), r.k(), r.fineTuned() ? "fine-tuned" : "projected", r.storedParameters(), r.compression(),
        Figures.percent(r.windowAccuracy()), Figures.percent(r.utteranceAccuracy()),
        Figures.percent(r.w8WindowAccuracy()), Figures.percent(r.w8UtteranceAccuracy()),
        Figures.percent(r.goldenWindowAccuracy()), Figures.percent(r.goldenUtteranceAccuracy()), r.goldenIdentical(),
        r.goldenWindows(), Figures.significant(r.fftMaxDifference()), r.fixedFftMaxError(), r.fixedFftMaxSum());
  }

  public static Table table(List<Row> rows) {
    return Table.create("circulant sweep",
        StringColumn.create("scope", rows.stream().map(Row::scope)),
        IntColumn.create("k", rows.stream().mapToInt(Row::k).toArray()),
        BooleanColumn.create("fine_tuned", rows.stream().map(Row::fineTuned).toList()),
        LongColumn.create("stored_parameters", rows.stream().mapToLong(Row::storedParameters).toArray()),
        Figures.asSignificant(DoubleColumn.create("compression", rows.stream().mapToDouble(Row::compression))),
        LongColumn.create("multiplies_direct", rows.stream().mapToLong(Row::directMultiplies).toArray()),
        LongColumn.create("multiplies_fft", rows.stream().mapToLong(Row::fftMultiplies).toArray()),
        Figures.asPercent(DoubleColumn.create("window_accuracy", rows.stream().mapToDouble(Row::windowAccuracy))),
        Figures.asPercent(DoubleColumn.create("utterance_accuracy", rows.stream().mapToDouble(Row::utteranceAccuracy))),
        Figures.asPercent(DoubleColumn.create("w8_window_accuracy", rows.stream().mapToDouble(Row::w8WindowAccuracy))),
        Figures.asPercent(DoubleColumn.create("w8_utterance_accuracy", rows.stream().mapToDouble(Row::w8UtteranceAccuracy))),
        Figures.asPercent(DoubleColumn.create("golden_w8a8_window_accuracy", rows.stream().mapToDouble(Row::goldenWindowAccuracy))),
        Figures.asPercent(DoubleColumn.create("golden_w8a8_utterance_accuracy", rows.stream().mapToDouble(Row::goldenUtteranceAccuracy))),
        IntColumn.create("golden_identical_windows", rows.stream().mapToInt(Row::goldenIdentical).toArray()),
        IntColumn.create("golden_windows", rows.stream().mapToInt(Row::goldenWindows).toArray()),
        Figures.asSignificant(DoubleColumn.create("fft_max_abs_difference", rows.stream().mapToDouble(Row::fftMaxDifference))),
        LongColumn.create("fixed_point_fft_max_abs_error", rows.stream().mapToLong(Row::fixedFftMaxError).toArray()),
        LongColumn.create("fixed_point_fft_max_abs_sum", rows.stream().mapToLong(Row::fixedFftMaxSum).toArray()));
  }

  /** Accuracy per window against compression ratio, a line per scope, training and precision. */
  public static XYChart accuracyChart(List<Row> rows) {
    XYChart chart = new XYChartBuilder().width(820).height(480).title("Block-circulant compression: accuracy")
        .xAxisTitle("compression (dense parameters / stored parameters)").yAxisTitle("accuracy per 2 s window (unseen readers)")
        .build();
    chart.getStyler().setXAxisLogarithmic(true).setYAxisMin(0.5).setYAxisMax(1.0);
    Row dense = rows.get(0);
    for (String scope : List.of("dense + LSTM", "whole network")) {
      for (boolean tuned : List.of(false, true)) {
        List<Row> r = new ArrayList<>();
        r.add(rows.stream().filter(x -> x.k() == 1 && x.fineTuned() == tuned).findFirst().orElse(dense));
        rows.stream().filter(x -> x.scope().equals(scope) && x.fineTuned() == tuned).forEach(r::add);
        if (r.size() == 1) {
          continue;
        }
        String name = scope + (tuned ? ", fine-tuned" : ", projected");
        chart.addSeries(name, r.stream().mapToDouble(Row::compression).toArray(),
            r.stream().mapToDouble(Row::windowAccuracy).toArray());
        if (tuned) {
          chart.addSeries(name + ", golden w8a8", r.stream().mapToDouble(Row::compression).toArray(),
              r.stream().mapToDouble(Row::goldenWindowAccuracy).toArray()).setMarker(SeriesMarkers.DIAMOND);
        }
      }
    }
    return chart;
  }

  /** Stored weights (or multiplies per clip) against block size, stacked by layer. */
  public static CategoryChart costChart(NetworkConfig net, CirculantSpec.Scope scope, boolean multiplies) {
    CategoryChart chart = new CategoryChartBuilder().width(760).height(440)
        .title((multiplies ? "Multiplies per clip (FFT form)" : "Stored parameters") + ", " + scopeName(scope))
        .xAxisTitle("block size k").yAxisTitle(multiplies ? "real multiplies per 2 s clip" : "parameters (biases included)")
        .build();
    chart.getStyler().setStacked(true);
    List<String> ks = new ArrayList<>();
    List<CirculantCost.Network> costs = new ArrayList<>();
    for (int k : List.of(1, 2, 4, 8, 16)) {
      ks.add(String.valueOf(k));
      costs.add(CirculantCost.of(net, k == 1 ? CirculantSpec.dense() : CirculantSpec.of(scope, k, net)));
    }
    List<String> layers = WeightShape.of(net).stream().map(WeightShape::layer).distinct().toList();
    for (String layer : layers) {
      List<Number> v = new ArrayList<>();
      for (CirculantCost.Network c : costs) {
        v.add(c.layers().stream().filter(l -> l.tensor().startsWith(layer + "."))
            .mapToLong(l -> multiplies ? l.fftMultiplies() : l.storedWeights() + l.bias()).sum());
      }
      chart.addSeries(layer, ks, v);
    }
    return chart;
  }

  /** sweep.csv, sweep.md, sweep.png (accuracy) and weights.png, multiplies.png (costs by layer). */
  public static void write(List<Row> rows, QuantizationJobs.Setup s, Path out) throws IOException {
    NetworkConfig net = s.model().network();
    FigureFiles.writeCsv(table(rows), out.resolve("sweep.csv"));
    FigureFiles.writePng(accuracyChart(rows), out.resolve("sweep.png"));
    FigureFiles.writePng(costChart(net, CirculantSpec.Scope.WHOLE_NETWORK, false), out.resolve("weights.png"));
    FigureFiles.writePng(costChart(net, CirculantSpec.Scope.WHOLE_NETWORK, true), out.resolve("multiplies.png"));
    var md = new FigureTable("Block-circulant compression: accuracy against compression", "scope", "k", "training",
        "parameters", "compression", "multiplies/clip (direct, FFT)", "window", "utterance", "w8 window", "w8 utterance",
        "golden w8a8 window", "golden w8a8 utterance", "golden circulant = dense");
    for (Row r : rows) {
      md.row(r.scope(), r.k(), r.fineTuned() ? "fine-tuned" : r.k() == 1 ? "-" : "projected",
          String.format("%,d", r.storedParameters()), String.format("%.2fx", r.compression()),
          String.format("%,d / %,d", r.directMultiplies(), r.fftMultiplies()), pct(r.windowAccuracy()),
          pct(r.utteranceAccuracy()), pct(r.w8WindowAccuracy()), pct(r.w8UtteranceAccuracy()),
          pct(r.goldenWindowAccuracy()), pct(r.goldenUtteranceAccuracy()), r.goldenIdentical() + "/" + r.goldenWindows());
    }
    md.note(String.format("%d windows, %d utterances of %d readers the model never saw; 8-bit formats calibrated on"
            + " %d windows of %s. Biases dense; convolutions circulant across channels per kernel tap (whole network);"
            + " non-multiples zero-padded. Projected: the least-squares projection of the trained weights; fine-tuned:"
            + " projected fine-tuning (projection after every optimizer step) on the model's training readers."
            + " w8: 8-bit weights in the float reference; golden w8a8: the integer golden model, whose circulant"
            + " arithmetic from the defining vectors' codes is compared with its dense form on every test window."
            + " FFT multiplies count radix-2 transforms as 2k log2 k (an upper bound). Made by: bin/voicegender"
            + " compress MODEL --sweep --fine-tune --out DIR",
        s.testRows().length, s.testUtterances(), s.testReaders(), s.calibrationWindows(), s.calibrationNote()));
    md.note(summary(rows));
    md.write(out.resolve("sweep"));
  }

  /**
   * The most compressed row whose accuracy ({@code golden}: the 8-bit golden model's) per
   * utterance is within {@code points} of the dense row's, if any.
   */
  public static java.util.Optional<Row> smallestWithin(List<Row> rows, double points, boolean golden) {
    Row dense = rows.get(0);
    double floor = dense.utteranceAccuracy() - points / 100 - 1e-12; // the dense float network's
    return rows.stream().filter(r -> (golden ? r.goldenUtteranceAccuracy() : r.utteranceAccuracy()) >= floor)
        .max(java.util.Comparator.comparingDouble(Row::compression));
  }

  private static String summary(List<Row> rows) {
    StringBuilder s = new StringBuilder("On this one split of readers (a point per utterance is a fraction of one of its"
        + " utterances; check a pick with compress --cv 5 before citing it): ");
    smallestWithin(rows, 1, false).ifPresent(r -> s.append(String.format("Smallest within 1 point of dense per"
        + " utterance (float, the trained dense model's): %s k=%d %s, %,d parameters (%.2fx), window %s, utterance %s. ",
        r.scope(), r.k(), r.fineTuned() ? "fine-tuned" : "projected", r.storedParameters(), r.compression(),
        Figures.percent(r.windowAccuracy()), Figures.percent(r.utteranceAccuracy()))));
    smallestWithin(rows, 1.5, true).ifPresent(r -> s.append(String.format("Smallest with the 8-bit golden model within"
        + " 1.5 points of dense float per utterance: %s k=%d %s (%.2fx, %.1fx fewer weight bits than float32 dense),"
        + " window %s, utterance %s.", r.scope(), r.k(), r.fineTuned() ? "fine-tuned" : "projected",
        r.compression(), 4 * r.compression(), Figures.percent(r.goldenWindowAccuracy()),
        Figures.percent(r.goldenUtteranceAccuracy()))));
    return s.toString();
  }

  private static String pct(double v) {
    return Figures.percent(v);
  }
}
