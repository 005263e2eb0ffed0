package org.voicegender.evaluate;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** An evaluation's tables (Tablesaw): per reader and the confusion matrices. */
public final class EvaluationTables {
  private EvaluationTables() {}

  /** Per-reader accuracy of an evaluation, its mean utterance P(male) and whether the reader is judged right. */
  public static Table perReader(SpeakerEvaluation.Result r) {
    var readers = r.perReader();
    return Table.create("per reader",
        IntColumn.create("reader", readers.stream().mapToInt(SpeakerEvaluation.ReaderResult::reader).toArray()),
        StringColumn.create("gender", readers.stream().map(x -> x.gender().code())),
        IntColumn.create("windows", readers.stream().mapToInt(SpeakerEvaluation.ReaderResult::windows).toArray()),
        DoubleColumn.create("window_accuracy", readers.stream().mapToDouble(SpeakerEvaluation.ReaderResult::windowAccuracy)),
        IntColumn.create("utterances", readers.stream().mapToInt(SpeakerEvaluation.ReaderResult::utterances).toArray()),
        DoubleColumn.create("utterance_accuracy", readers.stream().mapToDouble(SpeakerEvaluation.ReaderResult::utteranceAccuracy)),
        DoubleColumn.create("p_male", readers.stream().mapToDouble(SpeakerEvaluation.ReaderResult::maleProbability)),
        StringColumn.create("reader_correct", readers.stream().map(x -> x.correct() ? "yes" : "no")));
  }

  /** The confusion matrix (rows: true gender, columns: predicted). */
  public static Table confusion(int[][] m, String title) {
    return Table.create(title,
        StringColumn.create("true", "F", "M"),
        IntColumn.create("predicted_F", m[0][0], m[1][0]),
        IntColumn.create("predicted_M", m[0][1], m[1][1]));
  }
}
