package org.voicegender.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voicegender.corpus.Utterance;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.WindowDataset;
import org.voicegender.output.FigureFiles;

/** Speaker-independent evaluation of a trained model, and the files an evaluation writes. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Evaluates {@code model} on the windows of {@code test}'s utterances that hold speech by the
   * model's {@link TrainedModel#speechGate()} (see {@link #withoutSpeech} for what that leaves out).
   */
  public static SpeakerEvaluation.Result evaluate(TrainedModel model, WindowDataset corpus, List<Utterance> test, long seed) {
    WindowDataset data = model.inputs(corpus);
    int[] rows = data.rowsWithSpeech(data.rowsOf(test), model.speechGate());
    if (rows.length == 0) {
      throw new IllegalArgumentException("no test windows with speech to evaluate");
    }
    return SpeakerEvaluation.evaluate(data, rows, model.maleProbabilities(data, rows),
        model.training().utteranceScore(), seed);
  }

  /**
   * What the model's speech gate leaves out of an evaluation of {@code test}: the number of
   * windows without speech, and the utterances none of whose windows holds speech.
   */
  public static Map<String, Object> withoutSpeech(TrainedModel model, WindowDataset corpus, List<Utterance> test) {
    int[] rows = corpus.rowsOf(test);
    int[] speech = corpus.rowsWithSpeech(rows, model.speechGate());
    java.util.Set<String> heard = new java.util.HashSet<>();
    for (int r : speech) {
      heard.add(corpus.utteranceOf(r).id());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("speech_gate", model.speechGate());
    m.put("windows_without_speech", rows.length - speech.length);
    m.put("utterances_without_speech", java.util.Arrays.stream(rows)
        .mapToObj(r -> corpus.utteranceOf(r).id()).distinct().filter(id -> !heard.contains(id)).toList());
    return m;
  }

  /**
   * The utterances whose readers the model never saw in training or validation: an evaluation
   * on a corpus that shares readers with the model's training keeps only these.
   */
  public static List<Utterance> unseenBy(TrainedModel model, List<Utterance> utterances) {
    List<Utterance> unseen = utterances.stream().filter(u -> !model.sawReader(u.speaker())).toList();
    if (unseen.isEmpty()) {
      throw new IllegalArgumentException("every reader of this corpus trained or validated the model;"
          + " evaluate it on readers it has not seen");
    }
    return unseen;
  }

  /** Writes an evaluation's metrics.json, per-reader and confusion CSVs. */
  public static Map<String, Object> writeEvaluation(SpeakerEvaluation.Result r, Map<String, Object> extra, Path out) throws IOException {
    Files.createDirectories(out);
    Map<String, Object> m = metrics(r);
    m.putAll(extra);
    FigureFiles.writeJson(m, out.resolve("metrics.json"));
    FigureFiles.writeCsv(EvaluationTables.perReader(r), out.resolve("per_reader.csv"));
    FigureFiles.writeCsv(EvaluationTables.confusion(r.windowConfusion(), "window confusion"), out.resolve("confusion_windows.csv"));
    FigureFiles.writeCsv(EvaluationTables.confusion(r.utteranceConfusion(), "utterance confusion"), out.resolve("confusion_utterances.csv"));
    return m;
  }

  public static Map<String, Object> metrics(SpeakerEvaluation.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("window_accuracy", r.windowAccuracy());
    m.put("utterance_accuracy", r.utteranceAccuracy());
    m.put("window_accuracy_95ci", r.windowInterval());
    m.put("utterance_accuracy_95ci", r.utteranceInterval());
    m.put("reader_accuracy", r.readerAccuracy());
    m.put("reader_accuracy_95ci", r.readerInterval());
    m.put("reader_weighted_utterance_accuracy", r.readerWeightedUtteranceAccuracy());
    m.put("reader_weighted_utterance_accuracy_95ci", r.readerWeightedUtteranceInterval());
    m.put("windows", r.windows());
    m.put("utterances", r.utterances());
    m.put("readers", r.readers());
    Map<String, Object> byGender = new LinkedHashMap<>();
    r.windowAccuracyByGender().forEach((g, v) -> byGender.put(g.code() + "_window_accuracy", v));
    r.utteranceAccuracyByGender().forEach((g, v) -> byGender.put(g.code() + "_utterance_accuracy", v));
    r.readerAccuracyByGender().forEach((g, v) -> byGender.put(g.code() + "_reader_accuracy", v));
    m.put("by_gender", byGender);
    m.put("window_confusion", r.windowConfusion());
    m.put("utterance_confusion", r.utteranceConfusion());
    return m;
  }

}
