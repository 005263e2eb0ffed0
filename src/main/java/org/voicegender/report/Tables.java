package org.voicegender.report;

import java.util.Map;
import org.voicegender.corpus.CorpusSummary;
import org.voicegender.evaluate.SpeakerEvaluation;
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
        StringColumn.create("unit", "2 s window", "utterance"),
        IntColumn.create("count", r.windows(), r.utterances()),
        DoubleColumn.create("accuracy", round(r.windowAccuracy()), round(r.utteranceAccuracy())),
        DoubleColumn.create("95% CI low", round(r.windowInterval()[0]), round(r.utteranceInterval()[0])),
        DoubleColumn.create("95% CI high", round(r.windowInterval()[1]), round(r.utteranceInterval()[1])));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String format(Object v) {
    return v instanceof Double d ? String.format("%.4g", d) : String.valueOf(v);
  }
}
