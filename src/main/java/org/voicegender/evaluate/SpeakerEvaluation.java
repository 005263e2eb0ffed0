package org.voicegender.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.voicegender.corpus.Gender;
import org.voicegender.corpus.Utterance;
import org.voicegender.model.UtteranceScore;
import org.voicegender.model.WindowDataset;

/**
 * Speaker-independent evaluation of window probabilities: accuracy per 2 s window and per
 * utterance (its windows' P(male) combined as the model's {@link UtteranceScore} says), per gender and per reader, confusion matrices,
 * and 95 % intervals by bootstrap over readers (readers, not windows, are the independent
 * units).
 */
public final class SpeakerEvaluation {
  /** Bootstrap replicates for the intervals. */
  public static final int BOOTSTRAP_REPLICATES = 2000;

  private SpeakerEvaluation() {}

  /** A reader's figures. */
  public record ReaderResult(
      int reader, Gender gender, int windows, int windowsCorrect, int utterances,
      int utterancesCorrect) {
    public double windowAccuracy() {
      return (double) windowsCorrect / windows;
    }

    public double utteranceAccuracy() {
      return (double) utterancesCorrect / utterances;
    }
  }

  /**
   * The figures of one evaluation.
   *
   * @param windowConfusion [true][predicted] counts, 0 = female, 1 = male
   * @param windowInterval, utteranceInterval 95 % bootstrap intervals over readers
   */
  public record Result(
      int windows, int utterances, int readers,
      double windowAccuracy, double utteranceAccuracy,
      double[] windowInterval, double[] utteranceInterval,
      Map<Gender, Double> windowAccuracyByGender, Map<Gender, Double> utteranceAccuracyByGender,
      int[][] windowConfusion, int[][] utteranceConfusion,
      List<ReaderResult> perReader) {}

  /**
   * @param data the windows
   * @param rows which windows were evaluated
   * @param pMale P(male) for each of {@code rows}
   * @param score how an utterance's windows make its decision
   */
  public static Result evaluate(WindowDataset data, int[] rows, double[] pMale, UtteranceScore score, long seed) {
    Map<Integer, List<Double>> utteranceWindows = new LinkedHashMap<>(); // index -> windows' P(male)
    int[][] windowConfusion = new int[2][2];
    Map<Integer, int[]> readerCounts = new TreeMap<>(); // reader -> windows, correct, utt, uttCorrect
    Map<Integer, Gender> readerGender = new TreeMap<>();
    for (int i = 0; i < rows.length; i++) {
      int label = data.label(rows[i]);
      int predicted = pMale[i] >= 0.5 ? 1 : 0;
      windowConfusion[label][predicted]++;
      Utterance u = data.utteranceOf(rows[i]);
      int[] rc = readerCounts.computeIfAbsent(u.speaker(), k -> new int[4]);
      readerGender.put(u.speaker(), u.gender());
      rc[0]++;
      rc[1] += label == predicted ? 1 : 0;
      utteranceWindows.computeIfAbsent(data.utteranceIndex(rows[i]), k -> new ArrayList<>()).add(pMale[i]);
    }
    int[][] utteranceConfusion = new int[2][2];
    for (var e : utteranceWindows.entrySet()) {
      Utterance u = data.utterances().get(e.getKey());
      int label = u.gender().label();
      double[] windows = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      int predicted = score.combine(windows) >= 0.5 ? 1 : 0;
      utteranceConfusion[label][predicted]++;
      int[] rc = readerCounts.get(u.speaker());
      rc[2]++;
      rc[3] += label == predicted ? 1 : 0;
    }
    List<ReaderResult> perReader = new ArrayList<>();
    readerCounts.forEach((r, c) -> perReader.add(new ReaderResult(r, readerGender.get(r), c[0], c[1], c[2], c[3])));
    Map<Gender, Double> windowByGender = new LinkedHashMap<>();
    Map<Gender, Double> uttByGender = new LinkedHashMap<>();
    for (Gender g : Gender.values()) {
      int l = g.label();
      windowByGender.put(g, ratio(windowConfusion[l][l], windowConfusion[l][0] + windowConfusion[l][1]));
      uttByGender.put(g, ratio(utteranceConfusion[l][l], utteranceConfusion[l][0] + utteranceConfusion[l][1]));
    }
    double[][] intervals = bootstrap(perReader, seed);
    return new Result(
        rows.length, utteranceWindows.size(), perReader.size(),
        ratio(windowConfusion[0][0] + windowConfusion[1][1], rows.length),
        ratio(utteranceConfusion[0][0] + utteranceConfusion[1][1], utteranceWindows.size()),
        intervals[0], intervals[1], windowByGender, uttByGender, windowConfusion,
        utteranceConfusion, List.copyOf(perReader));
  }

  /** Percentile intervals of window and utterance accuracy, resampling readers. */
  private static double[][] bootstrap(List<ReaderResult> readers, long seed) {
    Random random = new Random(seed);
    double[] w = new double[BOOTSTRAP_REPLICATES];
    double[] u = new double[BOOTSTRAP_REPLICATES];
    int n = readers.size();
    for (int b = 0; b < BOOTSTRAP_REPLICATES; b++) {
      long win = 0;
      long winOk = 0;
      long utt = 0;
      long uttOk = 0;
      for (int i = 0; i < n; i++) {
        ReaderResult r = readers.get(random.nextInt(n));
        win += r.windows();
        winOk += r.windowsCorrect();
        utt += r.utterances();
        uttOk += r.utterancesCorrect();
      }
      w[b] = (double) winOk / win;
      u[b] = (double) uttOk / utt;
    }
    return new double[][] {percentiles(w), percentiles(u)};
  }

  private static double[] percentiles(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return new double[] {v[(int) Math.floor(0.025 * (v.length - 1))], v[(int) Math.ceil(0.975 * (v.length - 1))]};
  }

  private static double ratio(int a, int b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }
}
