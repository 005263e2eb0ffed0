package org.voicegender.compress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.export.HardwareExport;
import org.voicegender.model.NetworkConfig;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationJobs;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.QuantizationSpec;
import org.voicegender.quant.ReferenceModel;
import org.voicegender.train.EpochStats;

/**
 * Block-circulant compression as a job on a trained model and the quantization split of a
 * corpus ({@link QuantizationJobs#prepare}: calibration on the readers the model trained on,
 * evaluation on readers it never saw): project (and optionally fine-tune) the model, then
 * evaluate it in float, with 8-bit weights and with the 8-bit integer golden model, check the
 * golden model's circulant arithmetic against its dense form and the FFT product against the
 * expanded one, and count its storage and multiplies.
 */
public final class CompressionJobs {
  private CompressionJobs() {}

  /** The bit width the "8-bit" figures use, for weights and (golden model) activations. */
  public static final int BITS = 8;

  /** One compression to make: the structure, and whether and how to fine-tune it. */
  public record Job(CirculantSpec spec, boolean fineTune, CirculantTraining.Settings settings) {
    public Job {
      if (fineTune && settings == null) {
        throw new IllegalArgumentException("fine-tuning " + spec.describe() + " needs its settings");
      }
    }
  }

  /**
   * What one compression gave.
   *
   * @param weights8 float network with 8-bit weights (fake-quantized reference)
   * @param golden8 the integer golden model at 8-bit weights and activations
   * @param goldenIdentical test windows whose golden scores from circulant arithmetic equal the
   *     dense golden model's (of {@code goldenWindows})
   * @param fftMaxDifference largest |FFT product − expanded product| over the circulant
   *     matrices, on the float network's own inputs to them for the first test windows
   * @param fftMaxValue the largest |expanded product| among those, for scale
   */
  public record Outcome(
      CirculantSpec spec, boolean fineTuned, CirculantCost.Network cost, SpeakerEvaluation.Result floatEvaluation,
      SpeakerEvaluation.Result weights8, SpeakerEvaluation.Result golden8, int goldenWindows, int goldenIdentical,
      double fftMaxDifference, double fftMaxValue, long fixedFftMaxError, long fixedFftMaxSum,
      Map<String, Double> gapBeforeProjection, CompressedModel model, List<EpochStats> history) {}

  /** The fixed-point FFT path's widths: Q1.15 twiddles, 8 spectrum fraction bits, 4 guard bits. */
  public static final int FFT_TWIDDLE_BITS = 15;

  public static final int FFT_SPECTRUM_BITS = 8;

  public static final int FFT_GUARD_BITS = 4;

  public static Outcome run(QuantizationJobs.Setup dense, Job job, Consumer<EpochStats> progress) {
    CompressedModel compressed;
    Map<String, Double> gap = Map.of();
    List<EpochStats> history = List.of();
    if (job.fineTune()) { // a dense spec fine-tunes too: the baseline for the same extra training
      CirculantTraining.Result r = CirculantTraining.fineTune(dense.model(), dense.data(), job.spec(), job.settings(), progress);
      compressed = r.model();
      gap = r.gapBeforeProjection();
      history = r.training().history();
    } else {
      compressed = CompressedModel.project(dense.model(), job.spec());
    }
    QuantizationJobs.Setup s = dense.withModel(compressed.model());
    var fp = QuantizationJobs.evaluate(s, QuantizationSpec.of(0, 0), s.functions()).evaluation();
    var w8 = QuantizationJobs.evaluate(s, QuantizationSpec.of(BITS, 0), s.functions()).evaluation();
    var g8 = QuantizationJobs.evaluate(s, QuantizationSpec.of(BITS, BITS), s.functions()).evaluation();
    int identical = goldenAgreement(s, compressed, BITS);
    double[] fft = fftDifference(s, compressed, 20);
    long[] fixed = fixedPointFftError(s, compressed, BITS, 20);
    return new Outcome(job.spec(), job.fineTune(), compressed.cost(), fp, w8, g8,
        s.testRows().length, identical, fft[0], fft[1], fixed[0], fixed[1], gap, compressed, history);
  }

  /**
   * Test windows on which the golden model with circulant arithmetic (from the defining vectors'
   * codes) gives the same scores as the dense golden model on the expanded matrices.
   */
  static int goldenAgreement(QuantizationJobs.Setup s, CompressedModel c, int bits) {
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(bits, bits), s.weights(), s.ranges());
    GoldenModel dense = new GoldenModel(s.weights(), plan, s.functions());
    var vectors = CirculantWeights.vectors(c.model().graph(), c.spec(), c.model().network());
    GoldenModel circulant = new GoldenModel(s.weights(), plan, s.functions(), CirculantIntegerMatrix.matrices(vectors));
    return (int) s.testWindows().parallelStream().filter(w -> {
      int[] x = dense.frames(dense.inputCodes(w, s.weights().normalizer()));
      return java.util.Arrays.equals(dense.scores(x), circulant.scores(x));
    }).count();
  }

  /**
   * {max |fixed-point FFT sum − exact integer sum|, max |exact sum|} of the golden model's LSTM and
   * dense circulant products at w{@code bits}a{@code bits}, on their integer inputs (before the
   * datapath's alignment shifts) in the first windows; {0, 0} when none is circulant.
   */
  static long[] fixedPointFftError(QuantizationJobs.Setup s, CompressedModel c, int bits, int windows) {
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(bits, bits), s.weights(), s.ranges());
    GoldenModel golden = new GoldenModel(s.weights(), plan, s.functions());
    var vectors = CirculantWeights.vectors(c.model().graph(), c.spec(), c.model().network());
    long worst = 0;
    long scale = 0;
    List<GoldenModel.Trace> traces = new ArrayList<>();
    for (float[][] w : s.testWindows().subList(0, Math.min(windows, s.testWindows().size()))) {
      traces.add(golden.trace(golden.inputCodes(w, s.weights().normalizer())));
    }
    for (Map.Entry<String, List<CirculantMatrix>> e : vectors.entrySet()) {
      if (e.getKey().startsWith("conv")) {
        continue; // the golden model's convolutions run dense
      }
      CirculantIntegerMatrix exact = CirculantIntegerMatrix.quantize(e.getValue().get(0), plan.weight(e.getKey()));
      FixedPointFft fft = new FixedPointFft(exact, FFT_TWIDDLE_BITS, FFT_SPECTRUM_BITS, FFT_GUARD_BITS);
      List<long[]> inputs = new ArrayList<>();
      for (GoldenModel.Trace t : traces) {
        inputs.addAll(integerInputs(e.getKey(), t));
      }
      long[] err = fft.maxError(exact, inputs);
      worst = Math.max(worst, err[0]);
      scale = Math.max(scale, err[1]);
    }
    return new long[] {worst, scale};
  }

  private static List<long[]> integerInputs(String tensor, GoldenModel.Trace t) {
    return switch (tensor) {
      case "lstm.w" -> {
        List<long[]> out = new ArrayList<>();
        for (int step = 0; step < t.pool()[0].length; step++) {
          long[] x = new long[t.pool().length];
          for (int ch = 0; ch < x.length; ch++) {
            x[ch] = t.pool()[ch][step];
          }
          out.add(x);
        }
        yield out;
      }
      case "lstm.rw" -> List.of(t.hidden());
      case "fc_1.w" -> List.of(t.flat());
      default -> List.of(t.dense().get(Integer.parseInt(tensor.substring(3, tensor.indexOf('.'))) - 2));
    };
  }

  /** {max |FFT − expanded|, max |expanded|} over the circulant matrices' real inputs in the first windows. */
  static double[] fftDifference(QuantizationJobs.Setup s, CompressedModel c, int windows) {
    NetworkConfig net = c.model().network();
    var vectors = CirculantWeights.vectors(c.model().graph(), c.spec(), net);
    ReferenceModel reference = new ReferenceModel(s.weights(), QuantizationPlan.none(), s.functions());
    double worst = 0;
    double scale = 0;
    for (float[][] w : s.testWindows().subList(0, Math.min(windows, s.testWindows().size()))) {
      ReferenceModel.Trace t = reference.forward(w);
      for (Map.Entry<String, List<CirculantMatrix>> e : vectors.entrySet()) {
        for (CirculantMatrix m : e.getValue()) {
          double[][] expanded = m.expand();
          FftCirculant fft = new FftCirculant(m);
          for (double[] x : inputs(e.getKey(), t)) {
            double[] y = fft.multiply(x);
            for (int j = 0; j < y.length; j++) {
              double direct = 0;
              for (int i = 0; i < x.length; i++) {
                direct += x[i] * expanded[i][j];
              }
              worst = Math.max(worst, Math.abs(y[j] - direct));
              scale = Math.max(scale, Math.abs(direct));
            }
          }
        }
      }
    }
    return new double[] {worst, scale};
  }

  /** The vectors a matrix multiplies in one window (a frame, a step, a layer's input). */
  private static List<double[]> inputs(String tensor, ReferenceModel.Trace t) {
    return switch (tensor) {
      case "conv_0.w" -> columns(t.input());
      case "conv_2.w" -> columns(t.conv0());
      case "lstm.w" -> columns(t.pool());
      case "lstm.rw" -> List.of(t.hidden());
      case "fc_1.w" -> List.of(t.flat());
      default -> List.of(t.dense().get(Integer.parseInt(tensor.substring(3, tensor.indexOf('.'))) - 2));
    };
  }

  private static List<double[]> columns(double[][] channelsByFrame) {
    List<double[]> out = new ArrayList<>();
    for (int f = 0; f < channelsByFrame[0].length; f++) {
      double[] x = new double[channelsByFrame.length];
      for (int c = 0; c < x.length; c++) {
        x[c] = channelsByFrame[c][f];
      }
      out.add(x);
    }
    return out;
  }

  /**
   * The compressed model's 8-bit golden model exported for hardware with the first {@code clips}
   * test windows ({@link HardwareExport} plus {@link CirculantExport}), then read back.
   */
  public static CirculantExport.ReadBack export(QuantizationJobs.Setup dense, CompressedModel c, int clips, Path dir)
      throws IOException {
    QuantizationJobs.Setup s = dense.withModel(c.model());
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(BITS, BITS), s.weights(), s.ranges());
    GoldenModel golden = new GoldenModel(s.weights(), plan, s.functions());
    List<float[][]> windows = s.testWindows().subList(0, Math.min(clips, s.testWindows().size()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      var row = s.testRows()[i];
      ids.add(s.data().utteranceOf(row).id() + "_w" + i);
    }
    HardwareExport.write(golden, s.weights(), windows, ids, dir, List.of(new CirculantExport(c)));
    return CirculantExport.read(dir);
  }

  /** metrics.json of one compression: evaluate's figures (float) plus the rest. */
  public static Map<String, Object> write(QuantizationJobs.Setup dense, Outcome o, Map<String, Object> extra, Path out)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("compression", o.spec());
    m.put("fine_tuned", o.fineTuned());
    m.put("stored_parameters", o.cost().storedParameters());
    m.put("dense_parameters", o.cost().denseParameters());
    m.put("compression_ratio", o.cost().compression());
    m.put("multiplies_per_clip_direct", o.cost().directMultiplies());
    m.put("multiplies_per_clip_fft", o.cost().fftMultiplies());
    m.put("w8_window_accuracy", o.weights8().windowAccuracy());
    m.put("w8_utterance_accuracy", o.weights8().utteranceAccuracy());
    m.put("golden_w8a8_window_accuracy", o.golden8().windowAccuracy());
    m.put("golden_w8a8_utterance_accuracy", o.golden8().utteranceAccuracy());
    m.put("golden_circulant_identical_windows", o.goldenIdentical());
    m.put("golden_windows", o.goldenWindows());
    m.put("fft_vs_expanded_max_abs_difference", o.fftMaxDifference());
    m.put("fft_vs_expanded_max_abs_value", o.fftMaxValue());
    m.put("fixed_point_fft", String.format("Q1.%d twiddles, %d spectrum fraction bits, %d guard bits; golden w8a8"
        + " LSTM and dense sums", FFT_TWIDDLE_BITS, FFT_SPECTRUM_BITS, FFT_GUARD_BITS));
    m.put("fixed_point_fft_max_abs_error", o.fixedFftMaxError());
    m.put("fixed_point_fft_max_abs_exact_sum", o.fixedFftMaxSum());
    m.put("gap_before_final_projection", o.gapBeforeProjection());
    m.put("layers", o.cost().layers());
    m.put("calibration", dense.calibrationWindows() + " windows of " + dense.calibrationNote());
    m.putAll(extra);
    return Evaluation.writeEvaluation(o.floatEvaluation(), m, out);
  }

}
