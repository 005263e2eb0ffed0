package org.voicegender.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.corpus.Utterance;
import org.voicegender.features.CepstralMean;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureCache;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.SpeechGate;
import org.voicegender.model.layers.NdArrays;

/**
 * MFCC windows in memory for training and evaluation: features {@code [n, 40, 87]}, a label
 * per window, and which utterance each window came from (to average per utterance and group
 * per reader). Built from a feature job's result, reading each recording's cache entry once;
 * {@link #withCepstralMean} gives the same windows with each recording's mean removed.
 *
 * <p>A dataset carries what was done to its windows: the feature config they were extracted
 * with and the recording mean removed from them ({@link #preparation()}). A model takes a dataset
 * only through {@link TrainedModel#inputs(WindowDataset)}, which prepares raw windows as its
 * training did and refuses windows prepared otherwise, so evaluation, quantization,
 * approximation and export cannot run on inputs made differently from the model's training.
 */
public final class WindowDataset {
  private final float[][][] features;
  private final int[] labels;
  private final int[] utteranceIndex;
  private final List<Utterance> utterances;
  private final Preparation preparation;
  /** Each row's c0 as extracted: the frame levels {@link SpeechGate} reads, whatever the preparation. */
  private final float[][] levels;

  /**
   * What was done to a dataset's windows: the feature settings they were extracted with, and the
   * share of each recording's mean removed from them (none as extracted).
   */
  public record Preparation(FeatureConfig features, CepstralMean cepstralMean, double cepstralMeanFraction) {
    public Preparation {
      if (cepstralMean == CepstralMean.NONE) {
        cepstralMeanFraction = 0;
      }
    }

    /** Windows as extracted with {@code features}, nothing removed. */
    public static Preparation extracted(FeatureConfig features) {
      return new Preparation(features, CepstralMean.NONE, 0);
    }

    /** In words, for error messages. */
    public String describe() {
      return (cepstralMean == CepstralMean.NONE
              ? "no recording mean removed"
              : cepstralMeanFraction + " of each recording's " + cepstralMean + " mean removed")
          + ", features " + features.toJson();
    }
  }

  private WindowDataset(
      float[][][] features, int[] labels, int[] utteranceIndex, List<Utterance> utterances,
      Preparation preparation, float[][] levels) {
    this.features = features;
    this.levels = levels;
    this.labels = labels;
    this.utteranceIndex = utteranceIndex;
    this.utterances = List.copyOf(utterances);
    this.preparation = preparation;
  }

  /** The windows of {@code utterances} (those the feature job could use), in their order. */
  public static WindowDataset load(CorpusFeatures.Result features, List<Utterance> utterances)
      throws IOException {
    java.util.Set<String> wanted = new java.util.HashSet<>();
    utterances.forEach(u -> wanted.add(u.id()));
    List<float[][]> windows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    List<Utterance> used = new ArrayList<>();
    FeatureCache cache = features.cache();
    for (CorpusFeatures.Entry e : features.entries()) {
      Utterance u = e.utterance();
      if (!wanted.contains(u.id())) {
        continue;
      }
      FeatureCache.Lookup hit = cache.get(u.id(), u.path());
      if (hit.status() != FeatureCache.Status.HIT) {
        throw new IOException("features of " + u.path() + " left the cache " + cache.directory()
            + " since they were extracted; run the feature job again");
      }
      for (float[][] w : hit.windows()) {
        windows.add(w);
        labels.add(u.gender().label());
        owners.add(used.size());
      }
      used.add(u);
    }
    return new WindowDataset(
        windows.toArray(new float[0][][]),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        owners.stream().mapToInt(Integer::intValue).toArray(),
        used, Preparation.extracted(features.config()), levelsOf(windows));
  }

  /**
   * These windows and, after them, those of more recordings as extracted with the same feature
   * config (degraded copies of training recordings, say), each recording's windows together.
   *
   * @throws IllegalStateException when these windows already had a recording mean removed
   * @throws IllegalArgumentException when a recording is already here or has no windows
   */
  public WindowDataset withRecordings(List<Utterance> more, List<float[][][]> windows) {
    if (preparation.cepstralMean() != CepstralMean.NONE) {
      throw new IllegalStateException("recordings are added to windows as extracted, not to windows with "
          + preparation.describe());
    }
    if (more.size() != windows.size()) {
      throw new IllegalArgumentException(more.size() + " recordings but " + windows.size() + " window sets");
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    utterances.forEach(u -> ids.add(u.id()));
    int n = features.length + windows.stream().mapToInt(w -> w.length).sum();
    float[][][] f = java.util.Arrays.copyOf(features, n);
    int[] l = java.util.Arrays.copyOf(labels, n);
    int[] owner = java.util.Arrays.copyOf(utteranceIndex, n);
    List<Utterance> all = new ArrayList<>(utterances);
    int at = features.length;
    for (int i = 0; i < more.size(); i++) {
      Utterance u = more.get(i);
      if (!ids.add(u.id()) || windows.get(i).length == 0) {
        throw new IllegalArgumentException("recording " + u.id() + " is already in this dataset or has no windows");
      }
      for (float[][] w : windows.get(i)) {
        f[at] = w;
        l[at] = u.gender().label();
        owner[at] = all.size();
        at++;
      }
      all.add(u);
    }
    return new WindowDataset(f, l, owner, all, preparation, levelsOf(java.util.Arrays.asList(f)));
  }

  /**
   * The windows of recordings extracted by another feature source with {@code config} (the Spark
   * job's Parquet): {@code windows.get(i)} is utterance {@code i}'s {@code [window][nMfcc][frames]},
   * kept in the utterances' order, as {@link #load} keeps a feature job's.
   *
   * @throws IllegalArgumentException when the lists differ in length, or a window is not
   *     {@code nMfcc x frames} of {@code config}, naming the utterance
   */
  public static WindowDataset of(
      List<Utterance> utterances, List<float[][][]> windows, FeatureConfig config) {
    if (utterances.size() != windows.size()) {
      throw new IllegalArgumentException(utterances.size() + " utterances but windows for "
          + windows.size());
    }
    List<float[][]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < utterances.size(); i++) {
      Utterance u = utterances.get(i);
      for (float[][] w : windows.get(i)) {
        if (w.length != config.nMfcc() || w[0].length != config.frames()) {
          throw new IllegalArgumentException(u.path() + ": window of " + w.length + " x "
              + w[0].length + " features, but the feature config makes " + config.nMfcc() + " x "
              + config.frames());
        }
        rows.add(w);
        labels.add(u.gender().label());
        owners.add(i);
      }
    }
    return new WindowDataset(rows.toArray(new float[0][][]),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        owners.stream().mapToInt(Integer::intValue).toArray(), utterances,
        Preparation.extracted(config), levelsOf(rows));
  }

  /** {@link #withCepstralMean(CepstralMean, double)} of the whole mean. */
  public WindowDataset withCepstralMean(CepstralMean mode) {
    return withCepstralMean(mode, 1);
  }

  /**
   * These windows with {@code fraction} of each recording's mean removed as {@code mode} says
   * ({@link CepstralMean#subtract}, over all the recording's windows here), row for row; this
   * dataset itself when its windows already are so (a model's inputs can be asked for more than
   * once).
   *
   * @throws IllegalStateException when the windows already had another recording mean removed
   */
  public WindowDataset withCepstralMean(CepstralMean mode, double fraction) {
    CepstralMean cepstralMean = preparation.cepstralMean();
    if (mode == cepstralMean && (mode == CepstralMean.NONE || fraction == preparation.cepstralMeanFraction())) {
      return this;
    }
    if (cepstralMean != CepstralMean.NONE) {
      throw new IllegalStateException("these windows already had " + preparation.cepstralMeanFraction()
          + " of their " + cepstralMean + " recording mean removed; " + fraction + " of " + mode
          + " needs the windows as extracted");
    }
    float[][][] out = new float[features.length][][];
    // load() keeps a recording's windows together, in order.
    for (int from = 0, to; from < features.length; from = to) {
      to = from + 1;
      while (to < features.length && utteranceIndex[to] == utteranceIndex[from]) {
        to++;
      }
      float[][][] recording = mode.subtract(java.util.Arrays.copyOfRange(features, from, to), fraction);
      System.arraycopy(recording, 0, out, from, recording.length);
    }
    return new WindowDataset(out, labels, utteranceIndex, utterances,
        new Preparation(preparation.features(), mode, fraction), levels);
  }

  /** What was done to these windows: their feature config and the recording mean removed. */
  public Preparation preparation() {
    return preparation;
  }

  public int size() {
    return labels.length;
  }

  public float[][] window(int i) {
    return features[i];
  }

  public int label(int i) {
    return labels[i];
  }

  /** The utterance window {@code i} belongs to. */
  public Utterance utteranceOf(int i) {
    return utterances.get(utteranceIndex[i]);
  }

  public int utteranceIndex(int i) {
    return utteranceIndex[i];
  }

  public List<Utterance> utterances() {
    return utterances;
  }

  private static float[][] levelsOf(List<float[][]> windows) {
    float[][] out = new float[windows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = windows.get(i)[0];
    }
    return out;
  }

  /** Of {@code rows}, those whose window holds speech by {@code gate} (judged as extracted), in order. */
  public int[] rowsWithSpeech(int[] rows, SpeechGate gate) {
    int nMels = preparation.features().nMels();
    return java.util.Arrays.stream(rows).filter(r -> gate.holdsSpeech(levels[r], nMels)).toArray();
  }

  /** Rows whose utterance is in {@code subset}, in order. */
  public int[] rowsOf(List<Utterance> subset) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    subset.forEach(u -> ids.add(u.id()));
    return java.util.stream.IntStream.range(0, size())
        .filter(i -> ids.contains(utteranceOf(i).id()))
        .toArray();
  }

  /** Features {@code [count, channels, frames]} of the given windows, normalised. */
  public INDArray features(int[] rows, FeatureNormalizer normalizer) {
    List<float[][]> windows = new ArrayList<>(rows.length);
    for (int r : rows) {
      windows.add(features[r]);
    }
    return normalizer.apply(windows);
  }

  /** One-hot labels {@code [count, classes]}. */
  public INDArray labels(int[] rows, int classes) {
    float[] flat = new float[rows.length * classes];
    for (int r = 0; r < rows.length; r++) {
      flat[r * classes + labels[rows[r]]] = 1f;
    }
    return NdArrays.floats(flat, rows.length, classes);
  }
}
