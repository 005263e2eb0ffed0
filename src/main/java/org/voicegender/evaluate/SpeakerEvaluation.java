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
 * utterance (its windows' P(male) combined as the model's {@link UtteranceScore} says), per
 * reader (the majority of its utterances) and per utterance with every reader counting once,
 * per gender, confusion matrices, and 95 % intervals by bootstrap over readers (readers, not
 * windows, are the independent units: a misjudged voice is usually misjudged on every utterance).
 */
public final class SpeakerEvaluation {
  /** Bootstrap replicates for the intervals. */
  public static final int BOOTSTRAP_REPLICATES = 2000;

  private SpeakerEvaluation() {}

  /**
   * A reader's figures.
   *
   * @param maleProbability the mean of its utterances' P(male), as the utterance score combines
   *     their windows
   * @param correct whether the majority of its utterances is right; a tie goes to {@code
   *     maleProbability}
   */
  public record ReaderResult(
      int reader, Gender gender, int windows, int windowsCorrect, int utterances,
      int utterancesCorrect, double maleProbability, boolean correct) {
    /** The reader's decision from its utterances' decisions and, on a tie, their mean P(male). */
    static boolean decide(Gender gender, int utterances, int utterancesCorrect, double maleProbability) {
      int wrong = utterances - utterancesCorrect;
      if (utterancesCorrect != wrong) {
        return utterancesCorrect > wrong;
      }
      return (maleProbability >= 0.5 ? 1 : 0) == gender.label();
    }

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
   * @param readerAccuracy the share of readers whose majority of utterances is right
   * @param readerWeightedUtteranceAccuracy utterance accuracy with every reader counting once
   *     (the mean over readers of each reader's utterance accuracy)
   * @param readerInterval, readerWeightedUtteranceInterval their 95 % bootstrap intervals
   */
  public record Result(
      int windows, int utterances, int readers,
      double windowAccuracy, double utteranceAccuracy,
      double[] windowInterval, double[] utteranceInterval,
      Map<Gender, Double> windowAccuracyByGender, Map<Gender, Double> utteranceAccuracyByGender,
      int[][] windowConfusion, int[][] utteranceConfusion,
      List<ReaderResult> perReader,
      double readerAccuracy, double readerWeightedUtteranceAccuracy,
      double[] readerInterval, double[] readerWeightedUtteranceInterval,
      Map<Gender, Double> readerAccuracyByGender) {}

  /**
   * @param data the windows
   * @param rows which windows were evaluated
   * @param pMale P(male) for each of {@code rows}
   * @param score how an utterance's windows make its decision
   */
  public static Result evaluate(WindowDataset data, int[] rows, double[] pMale, UtteranceScore score, long seed) {
    Utterance[] windows = new Utterance[rows.length];
    for (int i = 0; i < rows.length; i++) {
      windows[i] = data.utteranceOf(rows[i]);
      if (data.label(rows[i]) != windows[i].gender().label()) {
        throw new IllegalArgumentException("window " + rows[i] + " is labelled " + data.label(rows[i])
            + " but its utterance " + windows[i].id() + " is " + windows[i].gender());
      }
    }
    return evaluate(windows, pMale, score, seed);
  }

  /**
   * @param windows the utterance of each evaluated window (its gender is the window's label)
   * @param pMale P(male) for each window
   * @param score how an utterance's windows make its decision
   */
  public static Result evaluate(Utterance[] windows, double[] pMale, UtteranceScore score, long seed) {
    if (windows.length != pMale.length) {
      throw new IllegalArgumentException(windows.length + " windows but " + pMale.length + " probabilities");
    }
    Map<Utterance, List<Double>> utteranceWindows = new LinkedHashMap<>(); // utterance -> windows' P(male)
    int[][] windowConfusion = new int[2][2];
    Map<Integer, int[]> readerCounts = new TreeMap<>(); // reader -> windows, correct, utt, uttCorrect
    Map<Integer, Double> readerScores = new TreeMap<>(); // reader -> sum of its utterances' P(male)
    Map<Integer, Gender> readerGender = new TreeMap<>();
    for (int i = 0; i < windows.length; i++) {
      Utterance u = windows[i];
      int label = u.gender().label();
      int predicted = pMale[i] >= 0.5 ? 1 : 0;
      windowConfusion[label][predicted]++;
      int[] rc = readerCounts.computeIfAbsent(u.speaker(), k -> new int[4]);
      readerGender.put(u.speaker(), u.gender());
      rc[0]++;
      rc[1] += label == predicted ? 1 : 0;
      utteranceWindows.computeIfAbsent(u, k -> new ArrayList<>()).add(pMale[i]);
    }
    int[][] utteranceConfusion = new int[2][2];
    for (var e : utteranceWindows.entrySet()) {
      Utterance u = e.getKey();
      int label = u.gender().label();
      double[] probabilities = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      double p = score.combine(probabilities);
      int predicted = p >= 0.5 ? 1 : 0;
      utteranceConfusion[label][predicted]++;
      readerScores.merge(u.speaker(), p, Double::sum);
      int[] rc = readerCounts.get(u.speaker());
      rc[2]++;
      rc[3] += label == predicted ? 1 : 0;
    }
    List<ReaderResult> perReader = new ArrayList<>();
    readerCounts.forEach((r, c) -> {
      double p = readerScores.get(r) / c[2];
      Gender g = readerGender.get(r);
      perReader.add(new ReaderResult(r, g, c[0], c[1], c[2], c[3], p, ReaderResult.decide(g, c[2], c[3], p)));
    });
    Map<Gender, Double> windowByGender = new LinkedHashMap<>();
    Map<Gender, Double> uttByGender = new LinkedHashMap<>();
    for (Gender g : Gender.values()) {
      int l = g.label();
      windowByGender.put(g, ratio(windowConfusion[l][l], windowConfusion[l][0] + windowConfusion[l][1]));
      uttByGender.put(g, ratio(utteranceConfusion[l][l], utteranceConfusion[l][0] + utteranceConfusion[l][1]));
    }
    Map<Gender, Double> readerByGender = new LinkedHashMap<>();
    for (Gender g : Gender.values()) {
      List<ReaderResult> of = perReader.stream().filter(x -> x.gender() == g).toList();
      readerByGender.put(g, ratio((int) of.stream().filter(ReaderResult::correct).count(), of.size()));
    }
    double[][] intervals = bootstrap(perReader, seed);
    return new Result(
        windows.length, utteranceWindows.size(), perReader.size(),
        ratio(windowConfusion[0][0] + windowConfusion[1][1], windows.length),
        ratio(utteranceConfusion[0][0] + utteranceConfusion[1][1], utteranceWindows.size()),
        intervals[0], intervals[1], windowByGender, uttByGender, windowConfusion,
        utteranceConfusion, List.copyOf(perReader),
        readerAccuracy(perReader), readerWeightedUtteranceAccuracy(perReader),
        intervals[2], intervals[3], readerByGender);
  }

  private static double readerAccuracy(List<ReaderResult> readers) {
    return ratio((int) readers.stream().filter(ReaderResult::correct).count(), readers.size());
  }

  private static double readerWeightedUtteranceAccuracy(List<ReaderResult> readers) {
    return readers.stream().mapToDouble(ReaderResult::utteranceAccuracy).average().orElse(Double.NaN);
  }

  /**
   * Percentile intervals of window, utterance, reader and reader-weighted utterance accuracy,
   * resampling readers (one draw per replicate serves all four, so the first two are what they
   * were before the reader figures).
   */
  private static double[][] bootstrap(List<ReaderResult> readers, long seed) {
    Random random = new Random(seed);
    double[] w = new double[BOOTSTRAP_REPLICATES];
    double[] u = new double[BOOTSTRAP_REPLICATES];
    double[] rd = new double[BOOTSTRAP_REPLICATES];
    double[] ru = new double[BOOTSTRAP_REPLICATES];
    int n = readers.size();
    for (int b = 0; b < BOOTSTRAP_REPLICATES; b++) {
      long win = 0;
      long winOk = 0;
      long utt = 0;
      long uttOk = 0;
      int readersOk = 0;
      double uttShares = 0;
      for (int i = 0; i < n; i++) {
        ReaderResult r = readers.get(random.nextInt(n));
        win += r.windows();
        winOk += r.windowsCorrect();
        utt += r.utterances();
        uttOk += r.utterancesCorrect();
        readersOk += r.correct() ? 1 : 0;
        uttShares += r.utteranceAccuracy();
      }
      w[b] = (double) winOk / win;
      u[b] = (double) uttOk / utt;
      rd[b] = (double) readersOk / n;
      ru[b] = uttShares / n;
    }
    return new double[][] {percentiles(w), percentiles(u), percentiles(rd), percentiles(ru)};
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
