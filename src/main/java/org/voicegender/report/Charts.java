package org.voicegender.report;

import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.voicegender.audio.PcmAudio;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.robust.RobustnessStudy;
import org.voicegender.robust.VoiceStress;

/** XChart figures of the pipeline's data; each returns the chart, never shows it. */
public final class Charts {
  private Charts() {}

  /** A recording's waveform (at most 4,000 points: min/max per bucket). */
  public static XYChart waveform(PcmAudio audio, String title) {
    float[] s = audio.samples();
    int buckets = Math.min(2000, s.length);
    double[] t = new double[2 * buckets];
    double[] y = new double[2 * buckets];
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) b * s.length / buckets);
      int to = Math.max(from + 1, (int) ((long) (b + 1) * s.length / buckets));
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (int i = from; i < to; i++) {
        min = Math.min(min, s[i]);
        max = Math.max(max, s[i]);
      }
      t[2 * b] = t[2 * b + 1] = (double) from / audio.sampleRate();
      y[2 * b] = min;
      y[2 * b + 1] = max;
    }
    XYChart chart = new XYChartBuilder().width(800).height(260).title(title)
        .xAxisTitle("seconds").yAxisTitle("amplitude").build();
    chart.getStyler().setLegendVisible(false).setMarkerSize(0);
    chart.addSeries("waveform", t, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return chart;
  }

  /** MFCCs {@code [coefficients][frames]} as a heat map, each coefficient standardised over time. */
  public static HeatMapChart mfccHeatMap(float[][] mfcc, String title) {
    int coefficients = mfcc.length;
    int frames = mfcc[0].length;
    List<Integer> x = java.util.stream.IntStream.range(0, frames).boxed().toList();
    List<Integer> y = java.util.stream.IntStream.range(0, coefficients).boxed().toList();
    // Coefficients differ in scale by two orders of magnitude: show each standardised over time.
    List<Number[]> z = new java.util.ArrayList<>();
    for (int c = 0; c < coefficients; c++) {
      double mean = 0;
      double sq = 0;
      for (float v : mfcc[c]) {
        mean += v;
        sq += (double) v * v;
      }
      mean /= frames;
      double std = Math.sqrt(Math.max(sq / frames - mean * mean, 1e-12));
      for (int t = 0; t < frames; t++) {
        z.add(new Number[] {t, c, Math.round((mfcc[c][t] - mean) / std * 100) / 100.0});
      }
    }
    HeatMapChart chart = new HeatMapChartBuilder().width(800).height(360).title(title)
        .xAxisTitle("frame (23 ms hop, 87 in 2 s)").yAxisTitle("MFCC coefficient").build();
    chart.getStyler().setShowValue(false).setPlotContentSize(1.0);
    chart.getStyler().setXAxisTicksVisible(false);
    chart.getStyler().setRangeColors(new java.awt.Color[] {
        new java.awt.Color(49, 54, 149), java.awt.Color.WHITE, new java.awt.Color(165, 0, 38)});
    chart.addSeries("mfcc", x, y, z);
    return chart;
  }

  /** Utterance accuracy of each test reader, as bars coloured by gender. */
  public static CategoryChart perReader(SpeakerEvaluation.Result r) {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(320)
        .title("Accuracy per test reader (windows)").xAxisTitle("reader").yAxisTitle("window accuracy").build();
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setOverlapped(true);
    for (var g : org.voicegender.corpus.Gender.values()) {
      List<SpeakerEvaluation.ReaderResult> readers = r.perReader();
      List<String> names = readers.stream().map(x -> String.valueOf(x.reader())).toList();
      List<Double> values = readers.stream().map(x -> x.gender() == g ? x.windowAccuracy() : 0.0).toList();
      chart.addSeries(g == org.voicegender.corpus.Gender.MALE ? "male readers" : "female readers", names, values);
    }
    return chart;
  }

  /** Each test reader's P(male) against its median F0, by gender, with the decision line at 0.5. */
  public static XYChart maleProbabilityByF0(VoiceStress.Result r) {
    XYChart chart = new XYChartBuilder().width(800).height(480)
        .title("P(male) against median F0, one point per unseen reader")
        .xAxisTitle("median F0 (Hz, YIN)").yAxisTitle("P(male), mean over the reader's utterances").build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setMarkerSize(8);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (var g : org.voicegender.corpus.Gender.values()) {
      List<VoiceStress.Voice> v = r.voices().stream().filter(x -> x.gender() == g && !Double.isNaN(x.medianF0())).toList();
      if (v.isEmpty()) {
        continue;
      }
      double[] f0 = v.stream().mapToDouble(VoiceStress.Voice::medianF0).toArray();
      lo = Math.min(lo, java.util.Arrays.stream(f0).min().orElseThrow());
      hi = Math.max(hi, java.util.Arrays.stream(f0).max().orElseThrow());
      chart.addSeries(g == org.voicegender.corpus.Gender.MALE ? "male readers" : "female readers", f0,
          v.stream().mapToDouble(VoiceStress.Voice::maleProbability).toArray())
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    if (lo <= hi) {
      chart.addSeries("decision (0.5)", new double[] {lo, hi}, new double[] {0.5, 0.5})
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line)
          .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    }
    return chart;
  }

  /** Accuracy per window, utterance and reader under each condition of a robustness study. */
  public static CategoryChart robustness(RobustnessStudy.Result r, String title) {
    CategoryChart chart = new CategoryChartBuilder().width(1000).height(480).title(title)
        .xAxisTitle("condition").yAxisTitle("accuracy on unseen readers (%)").build();
    chart.getStyler().setXAxisLabelRotation(45).setYAxisMin(50.0).setYAxisMax(100.0); // chance is 50 %
    List<String> names = r.rows().stream().map(RobustnessStudy.Row::condition).toList();
    chart.addSeries("per window", names, r.rows().stream().map(x -> 100 * x.evaluation().windowAccuracy()).toList());
    chart.addSeries("per utterance", names, r.rows().stream().map(x -> 100 * x.evaluation().utteranceAccuracy()).toList());
    chart.addSeries("per reader", names, r.rows().stream().map(x -> 100 * x.evaluation().readerAccuracy()).toList());
    return chart;
  }
}
