package org.voicegender.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.voicegender.model.SpeakerEvaluation;
import org.voicegender.model.Trainer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tables (Tablesaw) and charts (XChart) of training runs and evaluations. */
public final class TrainingReport {
  private TrainingReport() {}

  /** Per-epoch history: loss and accuracy on training and validation readers, fit time. */
  public static Table history(List<Trainer.EpochStats> history) {
    return Table.create("training history",
        IntColumn.create("epoch", history.stream().mapToInt(Trainer.EpochStats::epoch).toArray()),
        DoubleColumn.create("train_loss", history.stream().mapToDouble(Trainer.EpochStats::trainLoss)),
        DoubleColumn.create("train_accuracy", history.stream().mapToDouble(Trainer.EpochStats::trainAccuracy)),
        DoubleColumn.create("validation_loss", history.stream().mapToDouble(Trainer.EpochStats::validationLoss)),
        DoubleColumn.create("validation_accuracy", history.stream().mapToDouble(Trainer.EpochStats::validationAccuracy)),
        DoubleColumn.create("fit_seconds", history.stream().mapToDouble(Trainer.EpochStats::fitSeconds)));
  }

  /** Accuracy (or loss) curves per epoch, training and validation; returned, not shown. */
  public static XYChart curves(Table history, String metric) {
    XYChart chart = new XYChartBuilder().width(720).height(420)
        .title(metric.substring(0, 1).toUpperCase() + metric.substring(1) + " per epoch")
        .xAxisTitle("epoch").yAxisTitle(metric).build();
    chart.getStyler().setMarkerSize(0);
    double[] epochs = history.intColumn("epoch").asDoubleArray();
    chart.addSeries("training readers", epochs, history.doubleColumn("train_" + metric).asDoubleArray())
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    double[] val = history.doubleColumn("validation_" + metric).asDoubleArray();
    if (val.length > 0 && !Double.isNaN(val[0])) {
      chart.addSeries("validation readers", epochs, val);
    }
    return chart;
  }

  /** Per-reader accuracy of an evaluation. */
  public static Table perReader(SpeakerEvaluation.Result r) {
    var readers = r.perReader();
    return Table.create("per reader",
        IntColumn.create("reader", readers.stream().mapToInt(SpeakerEvaluation.ReaderResult::reader).toArray()),
        StringColumn.create("gender", readers.stream().map(x -> x.gender().code())),
        IntColumn.create("windows", readers.stream().mapToInt(SpeakerEvaluation.ReaderResult::windows).toArray()),
        DoubleColumn.create("window_accuracy", readers.stream().mapToDouble(SpeakerEvaluation.ReaderResult::windowAccuracy)),
        IntColumn.create("utterances", readers.stream().mapToInt(SpeakerEvaluation.ReaderResult::utterances).toArray()),
        DoubleColumn.create("utterance_accuracy", readers.stream().mapToDouble(SpeakerEvaluation.ReaderResult::utteranceAccuracy)));
  }

  /** The confusion matrix (rows: true gender, columns: predicted). */
  public static Table confusion(int[][] m, String title) {
    return Table.create(title,
        StringColumn.create("true", "F", "M"),
        IntColumn.create("predicted_F", m[0][0], m[1][0]),
        IntColumn.create("predicted_M", m[0][1], m[1][1]));
  }

  public static void writeCsv(Table table, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    table.write().csv(file.toFile());
  }

  public static void writePng(XYChart chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
