package org.voicegender.train;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.voicegender.output.Figures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** A training run's history as a table (Tablesaw) and its curves per epoch (XChart). */
public final class TrainingHistory {
  private TrainingHistory() {}

  /**
   * Per-epoch history: loss and accuracy on the training readers, the validation readers and the
   * held-out readers (where there were such readers), and fit time.
   */
  public static Table table(List<EpochStats> history) {
    Table t = Table.create("training history",
        IntColumn.create("epoch", history.stream().mapToInt(EpochStats::epoch).toArray()),
        Figures.asSignificant(DoubleColumn.create("train_loss", history.stream().mapToDouble(EpochStats::trainLoss))),
        Figures.asPercent(DoubleColumn.create("train_accuracy", history.stream().mapToDouble(EpochStats::trainAccuracy))),
        Figures.asSignificant(DoubleColumn.create("validation_loss", history.stream().mapToDouble(EpochStats::validationLoss))),
        Figures.asPercent(DoubleColumn.create("validation_accuracy", history.stream().mapToDouble(EpochStats::validationAccuracy))),
        Figures.asSignificant(DoubleColumn.create("held_out_loss", history.stream().mapToDouble(EpochStats::heldOutLoss))),
        Figures.asPercent(DoubleColumn.create("held_out_accuracy", history.stream().mapToDouble(EpochStats::heldOutAccuracy))),
        Figures.asSignificant(DoubleColumn.create("fit_seconds", history.stream().mapToDouble(EpochStats::fitSeconds))));
    for (String set : List.of("validation", "held_out")) {
      if (!history.isEmpty() && t.doubleColumn(set + "_loss").isMissing().size() == history.size()) {
        t.removeColumns(set + "_loss", set + "_accuracy");
      }
    }
    return t;
  }

  /**
   * Accuracy (or loss) per epoch on the training readers, beside the validation and held-out
   * readers' where the history has them; returned, not shown.
   */
  public static XYChart curves(Table history, String metric) {
    XYChart chart = new XYChartBuilder().width(720).height(420)
        .title(metric.substring(0, 1).toUpperCase() + metric.substring(1) + " per epoch")
        .xAxisTitle("epoch").yAxisTitle(metric).build();
    chart.getStyler().setMarkerSize(0);
    double[] epochs = history.intColumn("epoch").asDoubleArray();
    chart.addSeries("training readers", epochs, history.doubleColumn("train_" + metric).asDoubleArray())
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    for (String set : List.of("validation", "held_out")) {
      String column = set + "_" + metric;
      if (!history.columnNames().contains(column)) {
        continue;
      }
      double[] values = history.doubleColumn(column).asDoubleArray();
      if (values.length > 0 && !Double.isNaN(values[0])) {
        chart.addSeries(set.equals("held_out") ? "held-out readers (never trained on)" : "validation readers",
            epochs, values);
      }
    }
    return chart;
  }
}
