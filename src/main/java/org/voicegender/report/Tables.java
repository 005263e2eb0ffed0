package org.voicegender.report;

import java.util.Map;
import org.voicegender.corpus.CorpusSummary;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.output.Figures;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tablesaw views of the pipeline's results, for notebooks and CSV files. */
public final class Tables {
  private Tables() {}

  public static Table summary(CorpusSummary s) {
    Table t = Table.create("corpus",
        StringColumn.create("subset", s.rows().stream().map(CorpusSummary.Row::subset)),
        StringColumn.create("gender", s.rows().stream().map(r -> r.gender().code())),
        IntColumn.create("readers", s.rows().stream().mapToInt(CorpusSummary.Row::readers).toArray()),
        IntColumn.create("utterances", s.rows().stream().mapToInt(CorpusSummary.Row::utterances).toArray()),
        DoubleColumn.create("minutes", s.rows().stream().mapToDouble(r -> Math.round(r.minutes() * 10) / 10.0)));
    return t;
  }

  /** Name → value pairs as a two-column table. */
  public static Table figures(String title, Map<String, ?> figures) {
    return Table.create(title,
        StringColumn.create("measure", figures.keySet().stream()),
        StringColumn.create("value", figures.values().stream().map(Tables::format)));
  }

  /** Headline figures of an evaluation. */
  public static Table evaluation(SpeakerEvaluation.Result r) {
    return Table.create("evaluation on unseen readers",
        StringColumn.create("unit", "2 s window", "utterance", "reader (majority of utterances)",
            "utterance, each reader once"),
        IntColumn.create("count", r.windows(), r.utterances(), r.readers(), r.utterances()),
        Figures.asPercent(DoubleColumn.create("accuracy", r.windowAccuracy(), r.utteranceAccuracy(),
            r.readerAccuracy(), r.readerWeightedUtteranceAccuracy())),
        Figures.asPercent(DoubleColumn.create("95% CI low", r.windowInterval()[0], r.utteranceInterval()[0],
            r.readerInterval()[0], r.readerWeightedUtteranceInterval()[0])),
        Figures.asPercent(DoubleColumn.create("95% CI high", r.windowInterval()[1], r.utteranceInterval()[1],
            r.readerInterval()[1], r.readerWeightedUtteranceInterval()[1])));
  }

  private static String format(Object v) {
    return v instanceof Double d ? Figures.significant(d) : String.valueOf(v);
  }
}
