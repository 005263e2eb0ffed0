package org.voicegender.robust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.YinPitchTracker;
import org.voicegender.corpus.Gender;
import org.voicegender.corpus.Utterance;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.WindowDataset;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;

/**
 * A stress test of voices: every test reader with the model's P(male), its confidence in the
 * reader's true gender and the reader's median F0 (YIN over all voiced frames of its
 * utterances), least confident first, so a user sees which voices fail and whether pitch
 * explains it.
 */
public final class VoiceStress {
  private VoiceStress() {}

  /**
   * One reader.
   *
   * @param maleProbability the mean of its utterances' P(male)
   * @param confidence the model's probability of the reader's true gender ({@code maleProbability}
   *     for a man, 1 minus it for a woman)
   * @param correct whether the majority of its utterances is right
   * @param medianF0 Hz, over the voiced frames of all its utterances
   * @param voicedFraction the share of its frames that are voiced
   */
  public record Voice(
      int reader, Gender gender, int utterances, double maleProbability, double confidence,
      boolean correct, double medianF0, double voicedFraction) {}

  /** The readers, least confident first, with the evaluation they come from and the tracker's settings. */
  public record Result(List<Voice> voices, SpeakerEvaluation.Result evaluation, YinPitchTracker.Config pitch) {
    /** The median of the readers' median F0 for one gender. */
    public double medianF0(Gender g) {
      double[] v = voices.stream().filter(x -> x.gender() == g).mapToDouble(Voice::medianF0)
          .filter(x -> !Double.isNaN(x)).sorted().toArray();
      return v.length == 0 ? Double.NaN
          : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Spearman's rank correlation between the readers' median F0 and P(male) (readers with an F0). */
    public double spearmanF0MaleProbability() {
      List<Voice> v = voices.stream().filter(x -> !Double.isNaN(x.medianF0())).toList();
      double[] a = ranks(v.stream().mapToDouble(Voice::medianF0).toArray());
      double[] b = ranks(v.stream().mapToDouble(Voice::maleProbability).toArray());
      return pearson(a, b);
    }

    /** The stress table: one row per reader, least confident first. */
    public FigureTable table() {
      FigureTable t = new FigureTable("Voices the model has not met, least confident first",
          "reader", "gender", "utterances", "P(male)", "confidence in true gender", "judged right",
          "median F0 (Hz)", "voiced frames");
      for (Voice v : voices) {
        t.row(v.reader(), v.gender().code(), v.utterances(), String.format("%.3f", v.maleProbability()),
            Figures.percent(v.confidence()), v.correct() ? "yes" : "NO",
            Double.isNaN(v.medianF0()) ? "-" : String.format("%.0f", v.medianF0()), Figures.percent(v.voicedFraction()));
      }
      t.note(String.format("%d readers; per reader %s (majority of utterances), per utterance %s, per window %s."
              + " Median F0 of the readers' median: F %.0f Hz, M %.0f Hz; Spearman correlation of F0 and P(male) %.2f.",
          voices.size(), Figures.percent(evaluation.readerAccuracy()), Figures.percent(evaluation.utteranceAccuracy()),
          Figures.percent(evaluation.windowAccuracy()), medianF0(Gender.FEMALE), medianF0(Gender.MALE),
          spearmanF0MaleProbability()));
      t.note(String.format("F0 by YIN (de Cheveigné & Kawahara 2002), %.0f-%.0f Hz, threshold %.2f, %.0f ms frames"
              + " every %.0f ms, frames %.0f dB below a recording's loudest unvoiced.",
          pitch.minHz(), pitch.maxHz(), pitch.threshold(), 1000 * pitch.frameSeconds(), 1000 * pitch.hopSeconds(),
          pitch.silenceDb()));
      return t;
    }
  }

  /**
   * Evaluates {@code model} on {@code test} (windows from {@code corpus}) and tracks the pitch of
   * every test recording (decoded whole).
   */
  public static Result run(TrainedModel model, WindowDataset corpus, List<Utterance> test, YinPitchTracker tracker,
      long seed) {
    return of(Evaluation.evaluate(model, corpus, test, seed), test, tracker);
  }

  /**
   * The stress table of an evaluation already made (of one model, or pooled over the folds of a
   * cross-validation) on the recordings {@code test}.
   */
  public static Result of(SpeakerEvaluation.Result ev, List<Utterance> test, YinPitchTracker tracker) {
    double[][] tracks = IntStream.range(0, test.size()).parallel().mapToObj(i -> {
      try {
        return tracker.track(AudioDecoder.decode(test.get(i).path())).f0();
      } catch (IOException e) {
        throw new UncheckedIOException(test.get(i).path() + ": " + e.getMessage(), e);
      }
    }).toArray(double[][]::new);
    Map<Integer, List<Double>> frames = new TreeMap<>();
    Map<Integer, int[]> counts = new TreeMap<>(); // reader -> frames, voiced
    for (int i = 0; i < test.size(); i++) {
      List<Double> f = frames.computeIfAbsent(test.get(i).speaker(), k -> new ArrayList<>());
      int[] c = counts.computeIfAbsent(test.get(i).speaker(), k -> new int[2]);
      for (double hz : tracks[i]) {
        c[0]++;
        if (!Double.isNaN(hz)) {
          f.add(hz);
          c[1]++;
        }
      }
    }
    List<Voice> voices = new ArrayList<>();
    for (SpeakerEvaluation.ReaderResult r : ev.perReader()) {
      double p = r.maleProbability();
      double confidence = r.gender() == Gender.MALE ? p : 1 - p;
      int[] c = counts.get(r.reader());
      voices.add(new Voice(r.reader(), r.gender(), r.utterances(), p, confidence, r.correct(),
          median(frames.get(r.reader())), c[0] == 0 ? 0 : (double) c[1] / c[0]));
    }
    voices.sort(Comparator.comparingDouble(Voice::confidence).thenComparingInt(Voice::reader));
    return new Result(List.copyOf(voices), ev, tracker.config());
  }

  private static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** Ranks from 1, ties given their mean rank. */
  static double[] ranks(double[] x) {
    Integer[] order = IntStream.range(0, x.length).boxed().sorted(Comparator.comparingDouble(i -> x[i]))
        .toArray(Integer[]::new);
    double[] r = new double[x.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        r[order[k]] = (i + j) / 2.0 + 1;
      }
      i = j + 1;
    }
    return r;
  }

  static double pearson(double[] a, double[] b) {
    double ma = java.util.Arrays.stream(a).average().orElse(Double.NaN);
    double mb = java.util.Arrays.stream(b).average().orElse(Double.NaN);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
