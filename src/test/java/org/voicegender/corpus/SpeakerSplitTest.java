package org.voicegender.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicegender.SharedData;

class SpeakerSplitTest {
  static List<Utterance> utterances;

  @BeforeAll
  static void open() throws IOException {
    utterances = LibriSpeechCorpus.open(SharedData.miniCorpus()).utterances();
  }

  @Test
  void splitsReadersDisjointlyAndStratifiedByGender() {
    SpeakerSplit.Split s = SpeakerSplit.split(utterances, 0.7, 0.1, 0.2, 42);
    Set<Integer> train = readers(s.train());
    Set<Integer> val = readers(s.validation());
    Set<Integer> test = readers(s.test());
    assertThat(train).doesNotContainAnyElementsOf(val).doesNotContainAnyElementsOf(test);
    assertThat(val).doesNotContainAnyElementsOf(test);
    assertThat(train.size() + val.size() + test.size()).isEqualTo(200);
    assertThat(test).hasSize(40);
    assertThat(val).hasSize(20);
    assertThat(count(s.test(), Gender.FEMALE)).isEqualTo(20);
    assertThat(count(s.validation(), Gender.MALE)).isEqualTo(10);
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    var a = SpeakerSplit.split(utterances, 0.8, 0.0, 0.2, 7);
    var b = SpeakerSplit.split(utterances, 0.8, 0.0, 0.2, 7);
    var c = SpeakerSplit.split(utterances, 0.8, 0.0, 0.2, 8);
    assertThat(a).isEqualTo(b);
    assertThat(readers(a.test())).isNotEqualTo(readers(c.test()));
  }

  @Test
  void kFoldsTestEachReaderExactlyOnceWithBalancedGenders() {
    List<SpeakerSplit.Fold> folds = SpeakerSplit.kFolds(utterances, 5, 1);
    assertThat(folds).hasSize(5);
    Set<Integer> seen = new java.util.HashSet<>();
    for (SpeakerSplit.Fold f : folds) {
      Set<Integer> test = readers(f.test());
      assertThat(readers(f.train())).doesNotContainAnyElementsOf(test);
      assertThat(test).hasSize(40);
      assertThat(count(f.test(), Gender.FEMALE)).isEqualTo(20);
      assertThat(seen.addAll(test)).isTrue();
      assertThat(f.train().size() + f.test().size()).isEqualTo(utterances.size());
    }
    assertThat(seen).hasSize(200);
  }

  private static Set<Integer> readers(List<Utterance> list) {
    return list.stream().map(Utterance::speaker).collect(Collectors.toSet());
  }

  private static long count(List<Utterance> list, Gender g) {
    return list.stream().filter(u -> u.gender() == g).map(Utterance::speaker).distinct().count();
  }
}
