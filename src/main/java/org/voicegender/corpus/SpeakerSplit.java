package org.voicegender.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Speaker-disjoint splits, stratified by gender and seeded: every reader's utterances land on
 * exactly one side, and each side holds the genders in the corpus' proportion. Readers are
 * shuffled per gender with {@code new Random(seed)} over their sorted ids, so the same seed and
 * corpus always give the same split.
 */
public final class SpeakerSplit {
  private SpeakerSplit() {}

  /** Train, validation and test utterances; no reader appears in two of them. */
  public record Split(List<Utterance> train, List<Utterance> validation, List<Utterance> test) {}

  /** One fold of k-fold cross-validation by reader. */
  public record Fold(int index, List<Utterance> train, List<Utterance> test) {}

  /**
   * Splits the readers of each gender by the given fractions (which must sum to 1); the counts
   * are rounded, and the remainder goes to training.
   */
  public static Split split(
      Collection<Utterance> utterances, double train, double validation, double test, long seed) {
    if (train <= 0 || validation < 0 || test < 0 || Math.abs(train + validation + test - 1) > 1e-9) {
      throw new IllegalArgumentException(
          "fractions must be non-negative, train > 0, and sum to 1; got " + train + ", "
              + validation + ", " + test);
    }
    Set<Integer> valReaders = new TreeSet<>();
    Set<Integer> testReaders = new TreeSet<>();
    Random random = new Random(seed);
    for (List<Integer> readers : shuffledReadersByGender(utterances, random).values()) {
      int nTest = (int) Math.round(test * readers.size());
      int nVal = (int) Math.round(validation * readers.size());
      testReaders.addAll(readers.subList(0, nTest));
      valReaders.addAll(readers.subList(nTest, Math.min(readers.size(), nTest + nVal)));
    }
    List<Utterance> tr = new ArrayList<>();
    List<Utterance> va = new ArrayList<>();
    List<Utterance> te = new ArrayList<>();
    for (Utterance u : utterances) {
      (testReaders.contains(u.speaker()) ? te : valReaders.contains(u.speaker()) ? va : tr).add(u);
    }
    return new Split(List.copyOf(tr), List.copyOf(va), List.copyOf(te));
  }

  /**
   * k folds by reader: each gender's shuffled readers are dealt round-robin to the folds, so
   * every fold's test readers are gender-balanced and each reader is tested exactly once.
   */
  public static List<Fold> kFolds(Collection<Utterance> utterances, int k, long seed) {
    Map<Gender, List<Integer>> byGender = shuffledReadersByGender(utterances, new Random(seed));
    int readers = byGender.values().stream().mapToInt(List::size).sum();
    if (k < 2 || k > readers) {
      throw new IllegalArgumentException(
          "k must be in [2, readers = " + readers + "], got " + k);
    }
    Map<Integer, Integer> foldOf = new java.util.HashMap<>();
    int next = 0;
    for (List<Integer> list : byGender.values()) {
      for (int reader : list) {
        foldOf.put(reader, next++ % k);
      }
    }
    List<Fold> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      List<Utterance> train = new ArrayList<>();
      List<Utterance> test = new ArrayList<>();
      for (Utterance u : utterances) {
        (foldOf.get(u.speaker()) == f ? test : train).add(u);
      }
      folds.add(new Fold(f, List.copyOf(train), List.copyOf(test)));
    }
    return folds;
  }

  private static Map<Gender, List<Integer>> shuffledReadersByGender(
      Collection<Utterance> utterances, Random random) {
    Map<Gender, List<Integer>> out = new EnumMap<>(Gender.class);
    Map<Gender, Set<Integer>> sorted =
        utterances.stream()
            .collect(
                Collectors.groupingBy(
                    Utterance::gender,
                    () -> new EnumMap<>(Gender.class),
                    Collectors.mapping(Utterance::speaker, Collectors.toCollection(TreeSet::new))));
    sorted.forEach(
        (g, readers) -> {
          List<Integer> list = new ArrayList<>(readers);
          Collections.shuffle(list, random);
          out.put(g, list);
        });
    return out;
  }
}
