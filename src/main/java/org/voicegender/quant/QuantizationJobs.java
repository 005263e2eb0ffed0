package org.voicegender.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.voicegender.activation.LstmActivations;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.corpus.Utterance;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.WindowDataset;
import org.voicegender.output.FigureFiles;
import org.voicegender.output.Figures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Quantization as jobs on a trained model and a corpus: calibrate the activation formats on
 * readers the model trained on, evaluate a quantized network on readers it has not seen (the
 * golden model when weights and activations are both fixed point, the fake-quantized float
 * reference otherwise), and sweep the bit widths.
 */
public final class QuantizationJobs {
  private QuantizationJobs() {}

  /** Bit widths of the sweep, widest first. */
  public static final List<Integer> SWEEP_BITS = List.of(16, 12, 10, 8, 7, 6, 5, 4, 3, 2);

  /**
   * A model, its weights, the calibration ranges and the unseen test windows.
   *
   * @param calibrationNote where the calibration windows came from
   */
  public record Setup(
      TrainedModel model, NetworkWeights weights, WindowDataset data, int[] testRows,
      Map<String, Double> ranges, int[] calibrationRows, String calibrationNote) {
    public int calibrationWindows() {
      return calibrationRows.length;
    }

    /** The functions the model's LSTM computes. */
    public LstmActivations functions() {
      return GenderNetwork.lstmFunctions(model.graph());
    }

    /** The same split for another model (e.g. fine-tuned from this one): weights and ranges anew. */
    public Setup withModel(TrainedModel other) {
      NetworkWeights w = NetworkWeights.of(other);
      return new Setup(other, w, other.inputs(data), testRows,
          Calibration.ranges(w, windows(data, calibrationRows), GenderNetwork.lstmFunctions(other.graph())),
          calibrationRows, calibrationNote);
    }

    /** The test windows as the model takes them (recording mean removed as its recipe says; not yet standardised). */
    public List<float[][]> testWindows() {
      return windows(data, testRows);
    }

    /** The calibration windows, prepared as {@link #testWindows()} are. */
    public List<float[][]> calibrationInputs() {
      return windows(data, calibrationRows);
    }

    /** Evaluate's figures for P(male) of each test window, utterances decided as the model's recipe says. */
    public SpeakerEvaluation.Result evaluation(double[] pMale) {
      return SpeakerEvaluation.evaluate(data, testRows, pMale, model.training().utteranceScore(), model.training().seed());
    }

    public long testUtterances() {
      return java.util.Arrays.stream(testRows).mapToObj(data::utteranceOf).distinct().count();
    }

    public long testReaders() {
      return java.util.Arrays.stream(testRows).map(r -> data.utteranceOf(r).speaker()).distinct().count();
    }
  }

  /**
   * Splits a corpus for quantization: calibration on the readers the model trained on when the
   * corpus has them, else on a seeded fifth of its readers (gender-stratified); evaluation on
   * the readers the model never saw and that did not calibrate.
   */
  public static Setup prepare(TrainedModel model, WindowDataset corpus, long seed) {
    WindowDataset data = model.inputs(corpus);
    List<Utterance> seen = data.utterances().stream().filter(u -> model.sawReader(u.speaker())).toList();
    List<Utterance> unseen = data.utterances().stream().filter(u -> !model.sawReader(u.speaker())).toList();
    List<Utterance> calibration;
    List<Utterance> test;
    String note;
    if (unseen.isEmpty()) {
      throw new IllegalArgumentException("every reader of this corpus trained the model; quantize"
          + " it on a corpus with readers it has not seen");
    }
    if (!seen.isEmpty()) {
      calibration = seen;
      test = unseen;
      note = seen.stream().map(Utterance::speaker).distinct().count() + " readers the model trained on";
    } else {
      SpeakerSplit.Split split = SpeakerSplit.split(unseen, 0.2, 0.0, 0.8, seed);
      calibration = split.train();
      test = split.test();
      note = calibration.stream().map(Utterance::speaker).distinct().count()
          + " of the corpus' readers set aside for calibration (the model's training readers are not in it)";
      if (model.readers().isEmpty()) {
        note += "; WARNING: this model file does not record its training readers, so the test is"
            + " speaker-independent only if the corpus holds none of them";
      }
    }
    NetworkWeights weights = NetworkWeights.of(model);
    // Windows without speech (model.speechGate()) are left out of calibration and test, as evaluate does.
    int[] calRows = data.rowsWithSpeech(data.rowsOf(calibration), model.speechGate());
    return new Setup(model, weights, data, data.rowsWithSpeech(data.rowsOf(test), model.speechGate()),
        Calibration.ranges(weights, windows(data, calRows), GenderNetwork.lstmFunctions(model.graph())), calRows, note);
  }

  /** The windows of {@code rows} of a dataset the model has prepared. */
  private static List<float[][]> windows(WindowDataset data, int[] rows) {
    List<float[][]> w = new ArrayList<>(rows.length);
    for (int r : rows) {
      w.add(data.window(r));
    }
    return w;
  }

  /** How a quantized network was evaluated. */
  public record Outcome(QuantizationPlan plan, String engine, SpeakerEvaluation.Result evaluation) {}

  /** Evaluates one spec on the setup's test readers. */
  public static Outcome evaluate(Setup s, QuantizationSpec spec, LstmActivations functions) {
    QuantizationPlan plan = QuantizationPlan.calibrate(spec, s.weights(), s.ranges());
    double[] p;
    String engine;
    List<float[][]> windows = s.testWindows();
    if (plan.isFixedPoint()) {
      GoldenModel golden = new GoldenModel(s.weights(), plan, functions);
      p = windows.parallelStream()
          .mapToDouble(w -> golden.maleProbability(golden.scores(golden.inputCodes(w, s.weights().normalizer()))))
          .toArray();
      engine = "golden model (integer)";
    } else {
      p = new ReferenceModel(s.weights(), plan, functions).maleProbabilities(windows);
      engine = plan.weights().isEmpty() && plan.activations().isEmpty() ? "float reference" : "fake-quantized float reference";
    }
    return new Outcome(plan, engine, s.evaluation(p));
  }

  /** metrics.json of one quantized evaluation: evaluate's figures plus the formats. */
  public static Map<String, Object> write(Setup s, Outcome o, Map<String, Object> extra, Path out) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scheme", o.plan().spec().name());
    m.put("engine", o.engine());
    m.put("spec", o.plan().spec());
    m.put("accumulator_bits", o.plan().accumulatorBits());
    m.put("weight_formats", labels(o.plan().weights()));
    m.put("activation_formats", labels(o.plan().activations()));
    m.put("calibration", s.calibrationWindows() + " windows of " + s.calibrationNote());
    m.putAll(extra);
    return Evaluation.writeEvaluation(o.evaluation(), m, out);
  }

  private static Map<String, String> labels(Map<String, FixedPointFormat> formats) {
    Map<String, String> m = new LinkedHashMap<>();
    formats.forEach((k, f) -> m.put(k, f.toString()));
    return m;
  }

  /** One row of the sweep. */
  public record SweepRow(String quantized, int bits, String engine, double windowAccuracy, double utteranceAccuracy) {}

  /**
   * Accuracy against bit width for weights alone, activations alone and both (from 16 down to 2
   * bits), with the float network and the original's scheme as reference rows.
   */
  public static List<SweepRow> sweep(Setup s, List<Integer> bits, LstmActivations functions, Consumer<String> log) {
    List<SweepRow> rows = new ArrayList<>();
    Outcome f = evaluate(s, QuantizationSpec.of(0, 0), functions);
    rows.add(row("float", 32, f));
    Outcome original = evaluate(s, QuantizationSpec.original(), functions);
    rows.add(row("original scheme (weights sign+7, truncated)", 8, original));
    for (String what : List.of("weights", "activations", "both")) {
      for (int b : bits) {
        QuantizationSpec spec = switch (what) {
          case "weights" -> QuantizationSpec.of(b, 0);
          case "activations" -> QuantizationSpec.of(0, b);
          default -> QuantizationSpec.of(b, b);
        };
        Outcome o = evaluate(s, spec, functions);
        rows.add(row(what, b, o));
        log.accept(String.format("%-11s %2d bits: window %s, utterance %s (%s)", what, b,
            Figures.percent(o.evaluation().windowAccuracy()), Figures.percent(o.evaluation().utteranceAccuracy()), o.engine()));
      }
    }
    return rows;
  }

  /**
   * For each width: fine-tune a copy of the model with its weights fake-quantized at that width
   * ({@link QuantizationAwareTraining}), then evaluate it with weights alone and with weights and
   * activations (golden model) quantized: rows "weights, fine-tuned" and "both, fine-tuned".
   */
  public static List<SweepRow> sweepFineTuned(
      Setup s, List<Integer> bits, QuantizationAwareTraining.Settings settings, LstmActivations functions,
      Consumer<String> log) {
    List<SweepRow> rows = new ArrayList<>();
    for (int b : bits) {
      var tuned = QuantizationAwareTraining.fineTune(s.model(), s.data(), QuantizationSpec.of(b, 0), settings, null);
      Setup t = s.withModel(tuned.model());
      Outcome w = evaluate(t, QuantizationSpec.of(b, 0), functions);
      Outcome both = evaluate(t, QuantizationSpec.of(b, b), functions);
      rows.add(row("weights, fine-tuned", b, w));
      rows.add(row("both, fine-tuned", b, both));
      log.accept(String.format("fine-tuned %2d bits (%d epochs, best %d): weights window %s, both window %s, utterance %s",
          b, tuned.history().size(), tuned.bestEpoch(), Figures.percent(w.evaluation().windowAccuracy()),
          Figures.percent(both.evaluation().windowAccuracy()), Figures.percent(both.evaluation().utteranceAccuracy())));
    }
    return rows;
  }

  private static SweepRow row(String what, int bits, Outcome o) {
    return new SweepRow(what, bits, o.engine(), o.evaluation().windowAccuracy(), o.evaluation().utteranceAccuracy());
  }

  public static Table table(List<SweepRow> rows) {
    return Table.create("quantization sweep",
        StringColumn.create("quantized", rows.stream().map(SweepRow::quantized)),
        IntColumn.create("bits", rows.stream().mapToInt(SweepRow::bits).toArray()),
        Figures.asPercent(DoubleColumn.create("window_accuracy", rows.stream().mapToDouble(SweepRow::windowAccuracy))),
        Figures.asPercent(DoubleColumn.create("utterance_accuracy", rows.stream().mapToDouble(SweepRow::utteranceAccuracy))),
        StringColumn.create("engine", rows.stream().map(SweepRow::engine)));
  }

  /** The quantization accuracy loss chart: accuracy per window against bits, one line per side. */
  public static XYChart chart(List<SweepRow> rows, String title) {
    XYChart chart = new XYChartBuilder().width(760).height(440).title(title)
        .xAxisTitle("bits").yAxisTitle("accuracy per 2 s window (unseen readers)").build();
    chart.getStyler().setYAxisMin(0.4).setYAxisMax(1.0);
    for (String what : List.of("weights", "activations", "both", "weights, fine-tuned", "both, fine-tuned")) {
      List<SweepRow> r = rows.stream().filter(x -> x.quantized().equals(what)).toList();
      if (!r.isEmpty()) {
        String label = what.endsWith(", fine-tuned") ? what.replace(", fine-tuned", " quantized, fine-tuned") : what + " quantized";
        chart.addSeries(label, r.stream().mapToDouble(SweepRow::bits).toArray(),
            r.stream().mapToDouble(SweepRow::windowAccuracy).toArray());
      }
    }
    double[] range = {2, 16};
    rows.stream().filter(x -> x.quantized().equals("float")).findFirst().ifPresent(f ->
        chart.addSeries("float", range, new double[] {f.windowAccuracy(), f.windowAccuracy()})
            .setMarker(SeriesMarkers.NONE));
    rows.stream().filter(x -> x.quantized().startsWith("original")).findFirst().ifPresent(o ->
        chart.addSeries("original scheme", new double[] {8}, new double[] {o.windowAccuracy()})
            .setMarker(SeriesMarkers.DIAMOND));
    return chart;
  }

  /** Writes the sweep's CSV, Markdown and chart into {@code out}. */
  public static void writeSweep(List<SweepRow> rows, Setup s, Path out) throws IOException {
    FigureFiles.writeCsv(table(rows), out.resolve("sweep.csv"));
    FigureFiles.writePng(chart(rows, "Quantization accuracy loss"), out.resolve("sweep.png"));
    var md = new org.voicegender.output.FigureTable("Quantization accuracy loss",
        "quantized", "bits", "window accuracy", "utterance accuracy", "engine");
    for (SweepRow r : rows) {
      md.row(r.quantized(), r.quantized().equals("float") ? "float" : r.bits(),
          Figures.percent(r.windowAccuracy()), Figures.percent(r.utteranceAccuracy()),
          r.engine());
    }
    md.note(String.format("%d windows, %d utterances of %d readers the model never saw; activation"
            + " formats calibrated on %d windows of %s. Two's complement (unsigned for ReLU outputs),"
            + " nearest-even rounding, saturation; integer bits per tensor from its range. Fine-tuned rows:"
            + " a copy of the model trained on with fake-quantized weights of that width. Made by:"
            + " bin/voicegender quantize MODEL --sweep --fine-tune --out DIR",
        s.testRows().length, s.testUtterances(), s.testReaders(), s.calibrationWindows(),
        s.calibrationNote()));
    md.write(out.resolve("sweep"));
  }
}
