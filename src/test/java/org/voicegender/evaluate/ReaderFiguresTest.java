package org.voicegender.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voicegender.corpus.Gender;
import org.voicegender.corpus.Utterance;
import org.voicegender.model.UtteranceScore;

/** Reader-level figures: a reader decided by the majority of its utterances, every reader counted once. */
class ReaderFiguresTest {
  private final List<Utterance> windows = new ArrayList<>();
  private final List<Double> pMale = new ArrayList<>();

  private void utterance(int reader, int n, Gender g, double... windowProbabilities) {
    Utterance u = new Utterance(reader + "-1-" + n, reader, 1, "test", g, Path.of(reader + "-1-" + n + ".flac"), 10);
    for (double p : windowProbabilities) {
      windows.add(u);
      pMale.add(p);
    }
  }

  private SpeakerEvaluation.Result evaluate() {
    return SpeakerEvaluation.evaluate(windows.toArray(Utterance[]::new),
        pMale.stream().mapToDouble(Double::doubleValue).toArray(), UtteranceScore.MEAN_PROBABILITY, 7);
  }

  /**
   * Reader 1 (F): 3 utterances, all right. Reader 2 (M): 1, right. Reader 3 (M): 4, all wrong.
   * Reader 4 (F): 2, one right at P(male) 0.1 and one wrong at 0.6: a tie, whose mean 0.35 says F.
   */
  private void fourReaders() {
    for (int n = 0; n < 3; n++) {
      utterance(1, n, Gender.FEMALE, 0.2, 0.3);
    }
    utterance(2, 0, Gender.MALE, 0.8, 0.7);
    for (int n = 0; n < 4; n++) {
      utterance(3, n, Gender.MALE, 0.1, 0.4);
    }
    utterance(4, 0, Gender.FEMALE, 0.1, 0.1);
    utterance(4, 1, Gender.FEMALE, 0.6, 0.6);
  }

  @Test
  void countsEachReaderOnceWhereUtteranceAccuracyCountsItsUtterances() {
    fourReaders();
    SpeakerEvaluation.Result r = evaluate();
    assertThat(r.utterances()).isEqualTo(10);
    assertThat(r.readers()).isEqualTo(4);
    assertThat(r.utteranceAccuracy()).isEqualTo(5 / 10.0);
    assertThat(r.readerAccuracy()).isEqualTo(3 / 4.0);
    assertThat(r.readerWeightedUtteranceAccuracy()).isCloseTo((1 + 1 + 0 + 0.5) / 4, offset(1e-12));
    assertThat(r.readerAccuracyByGender().get(Gender.FEMALE)).isEqualTo(1.0);
    assertThat(r.readerAccuracyByGender().get(Gender.MALE)).isEqualTo(0.5);
    assertThat(r.perReader()).extracting(SpeakerEvaluation.ReaderResult::correct).containsExactly(true, true, false, true);
    assertThat(r.perReader().get(3).maleProbability()).isCloseTo(0.35, offset(1e-12));
    assertThat(r.perReader().get(2).maleProbability()).isCloseTo(0.25, offset(1e-12));
  }

  @Test
  void breaksATieBetweenAReadersUtterancesByTheirMeanProbability() {
    utterance(4, 0, Gender.FEMALE, 0.1);
    utterance(4, 1, Gender.FEMALE, 0.95); // mean 0.525: male, so the reader is wrong
    utterance(5, 0, Gender.MALE, 0.9);
    SpeakerEvaluation.Result r = evaluate();
    assertThat(r.perReader()).extracting(SpeakerEvaluation.ReaderResult::correct).containsExactly(false, true);
    assertThat(r.readerAccuracy()).isEqualTo(0.5);
    assertThat(r.readerWeightedUtteranceAccuracy()).isEqualTo(0.75);
  }

  @Test
  void intervalsResampleReadersAndHoldTheirEstimates() {
    fourReaders();
    SpeakerEvaluation.Result r = evaluate();
    assertThat(r.readerInterval()[0]).isLessThanOrEqualTo(r.readerAccuracy()).isGreaterThanOrEqualTo(0.0);
    assertThat(r.readerInterval()[1]).isGreaterThanOrEqualTo(r.readerAccuracy()).isLessThanOrEqualTo(1.0);
    assertThat(r.readerInterval()[0]).isLessThan(r.readerInterval()[1]);
    assertThat(r.readerWeightedUtteranceInterval()[0]).isLessThanOrEqualTo(r.readerWeightedUtteranceAccuracy());
    assertThat(r.readerWeightedUtteranceInterval()[1]).isGreaterThanOrEqualTo(r.readerWeightedUtteranceAccuracy());
    // a replicate's figures are shares of 4 readers (or means of their shares): the bounds are on that grid
    assertThat(r.readerInterval()[0] * 4).isCloseTo(Math.rint(r.readerInterval()[0] * 4), offset(1e-12));
    assertThat(r.readerWeightedUtteranceInterval()[0] * 8)
        .isCloseTo(Math.rint(r.readerWeightedUtteranceInterval()[0] * 8), offset(1e-12));
    assertThat(evaluate().readerInterval()).isEqualTo(r.readerInterval());
  }

  @Test
  void writesTheReaderFiguresBesideTheWindowAndUtteranceOnes() {
    fourReaders();
    var m = Evaluation.metrics(evaluate());
    assertThat(m).containsEntry("reader_accuracy", 0.75).containsEntry("reader_weighted_utterance_accuracy", 0.625)
        .containsKeys("reader_accuracy_95ci", "reader_weighted_utterance_accuracy_95ci", "window_accuracy", "utterance_accuracy");
    assertThat(EvaluationTables.perReader(evaluate()).stringColumn("reader_correct").asList())
        .containsExactly("yes", "yes", "no", "yes");
  }

  @Test
  void refusesProbabilitiesThatDoNotMatchTheWindows() {
    utterance(1, 0, Gender.FEMALE, 0.2, 0.3);
    assertThatThrownBy(() -> SpeakerEvaluation.evaluate(windows.toArray(Utterance[]::new), new double[] {0.1},
        UtteranceScore.MEAN_PROBABILITY, 1)).hasMessageContaining("2 windows but 1 probabilities");
  }
}
