package org.voicegender.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.voicegender.corpus.Gender;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.output.FigureFiles;
import org.voicegender.robust.RobustnessStudy;
import org.voicegender.robust.VoiceStress;

/** The files of the robustness jobs: tables, charts and metrics.json. */
public final class RobustnessFiles {
  private RobustnessFiles() {}

  /**
   * The voice stress test: {@code voices.md/csv} (readers, least confident first), {@code f0.png}
   * (P(male) against median F0), evaluate's files and a metrics.json with the F0 figures.
   */
  public static Map<String, Object> writeVoices(VoiceStress.Result r, String madeBy, Map<String, Object> extra,
      Path out) throws IOException {
    var table = r.table();
    table.note("Made by: " + madeBy);
    table.write(out.resolve("voices"));
    FigureFiles.writePng(Charts.maleProbabilityByF0(r), out.resolve("f0.png"));
    Map<String, Object> m = new LinkedHashMap<>(extra);
    m.put("pitch_tracker", r.pitch());
    m.put("F_median_f0", r.medianF0(Gender.FEMALE));
    m.put("M_median_f0", r.medianF0(Gender.MALE));
    m.put("spearman_f0_p_male", r.spearmanF0MaleProbability());
    m.put("readers_wrong", r.voices().stream().filter(v -> !v.correct()).map(VoiceStress.Voice::reader).toList());
    m.put("voices", r.voices());
    return Evaluation.writeEvaluation(r.evaluation(), m, out);
  }

  /**
   * A robustness study: {@code robustness.md/csv} (the table), {@code robustness.png} and a
   * metrics.json with every condition's evaluation figures.
   */
  public static Map<String, Object> writeRobustness(RobustnessStudy.Result r, String title, Map<String, Object> extra,
      Path out) throws IOException {
    var table = r.table(title);
    table.note("Made by: bin/voicegender robustness MODEL --data DIR --out DIR");
    table.write(out.resolve("robustness"));
    FigureFiles.writePng(Charts.robustness(r, title), out.resolve("robustness.png"));
    Map<String, Object> m = new LinkedHashMap<>(extra);
    m.put("settings", r.settings());
    Map<String, Object> conditions = new LinkedHashMap<>();
    r.rows().forEach(row -> conditions.put(row.condition(), Evaluation.metrics(row.evaluation())));
    m.put("conditions", conditions);
    FigureFiles.writeJson(m, out.resolve("metrics.json"));
    return m;
  }
}
