package org.voicegender.compress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.output.FigureFiles;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;
import org.voicegender.quant.QuantizationJobs;
import org.voicegender.train.TrainingJobs;

/**
 * k-fold cross-validation by reader of one compression: each fold trains the dense network with
 * the recipe on the other folds' readers, then evaluates on its own readers the trained network,
 * the same network fine-tuned without structure (the baseline for the extra training) and the
 * compressed network fine-tuned, each in float and as the 8-bit golden model.
 */
public final class CompressionCv {
  private CompressionCv() {}

  /** One fold's three evaluations: trained dense, fine-tuned dense, compressed (fine-tuned). */
  public record Fold(int index, CompressionJobs.Outcome dense, CompressionJobs.Outcome denseFineTuned,
      CompressionJobs.Outcome compressed) {}

  public record Result(CirculantSpec spec, List<Fold> folds) {
    public double mean(java.util.function.ToDoubleFunction<Fold> f) {
      return folds.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
  }

  public static Result run(
      WindowDataset data, int k, NetworkConfig net, TrainingConfig recipe, CirculantSpec spec,
      CirculantTraining.Settings settings, Consumer<String> log) {
    List<Fold> folds = new ArrayList<>();
    for (SpeakerSplit.Fold fold : SpeakerSplit.kFolds(data.utterances(), k, recipe.seed())) {
      var trained = TrainingJobs.train(data, fold.train(), net, recipe, null).model();
      QuantizationJobs.Setup setup = QuantizationJobs.prepare(trained, data, recipe.seed());
      var dense = CompressionJobs.run(setup, new CompressionJobs.Job(CirculantSpec.dense(), false, null), null);
      var denseTuned = CompressionJobs.run(setup, new CompressionJobs.Job(CirculantSpec.dense(), true, settings), null);
      var compressed = CompressionJobs.run(setup, new CompressionJobs.Job(spec, true, settings), null);
      Fold f = new Fold(fold.index(), dense, denseTuned, compressed);
      folds.add(f);
      log.accept(String.format("fold %d (%d test utterances): dense %s / %s, dense fine-tuned %s / %s, %s %s / %s,"
              + " golden w8a8 %s / %s", fold.index(), dense.floatEvaluation().utterances(),
          Figures.percent(dense.floatEvaluation().windowAccuracy()), Figures.percent(dense.floatEvaluation().utteranceAccuracy()),
          Figures.percent(denseTuned.floatEvaluation().windowAccuracy()),
          Figures.percent(denseTuned.floatEvaluation().utteranceAccuracy()), spec.describe(),
          Figures.percent(compressed.floatEvaluation().windowAccuracy()),
          Figures.percent(compressed.floatEvaluation().utteranceAccuracy()),
          Figures.percent(compressed.golden8().windowAccuracy()), Figures.percent(compressed.golden8().utteranceAccuracy())));
    }
    return new Result(spec, List.copyOf(folds));
  }

  /** cv.md/csv and metrics.json: per fold and the mean over folds. */
  public static void write(Result r, Path out) throws IOException {
    var t = new FigureTable("Cross-validation by reader: " + r.spec().describe() + " ("
        + String.format("%.2fx", r.folds().get(0).compressed().cost().compression()) + ")",
        "fold", "utterances", "dense window", "dense utterance", "dense fine-tuned window", "dense fine-tuned utterance",
        "compressed window", "compressed utterance", "golden w8a8 window", "golden w8a8 utterance");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Fold f : r.folds()) {
      t.row(f.index(), f.dense().floatEvaluation().utterances(), Figures.percent(f.dense().floatEvaluation().windowAccuracy()),
          Figures.percent(f.dense().floatEvaluation().utteranceAccuracy()),
          Figures.percent(f.denseFineTuned().floatEvaluation().windowAccuracy()),
          Figures.percent(f.denseFineTuned().floatEvaluation().utteranceAccuracy()),
          Figures.percent(f.compressed().floatEvaluation().windowAccuracy()),
          Figures.percent(f.compressed().floatEvaluation().utteranceAccuracy()),
          Figures.percent(f.compressed().golden8().windowAccuracy()),
          Figures.percent(f.compressed().golden8().utteranceAccuracy()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("fold", f.index());
      m.put("dense_window_accuracy", f.dense().floatEvaluation().windowAccuracy());
      m.put("dense_utterance_accuracy", f.dense().floatEvaluation().utteranceAccuracy());
      m.put("dense_fine_tuned_window_accuracy", f.denseFineTuned().floatEvaluation().windowAccuracy());
      m.put("dense_fine_tuned_utterance_accuracy", f.denseFineTuned().floatEvaluation().utteranceAccuracy());
      m.put("compressed_window_accuracy", f.compressed().floatEvaluation().windowAccuracy());
      m.put("compressed_utterance_accuracy", f.compressed().floatEvaluation().utteranceAccuracy());
      m.put("golden_w8a8_window_accuracy", f.compressed().golden8().windowAccuracy());
      m.put("golden_w8a8_utterance_accuracy", f.compressed().golden8().utteranceAccuracy());
      m.put("golden_circulant_identical_windows", f.compressed().goldenIdentical());
      m.put("golden_windows", f.compressed().goldenWindows());
      rows.add(m);
    }
    t.row("mean", r.folds().stream().mapToInt(f -> f.dense().floatEvaluation().utterances()).sum(),
        Figures.percent(r.mean(f -> f.dense().floatEvaluation().windowAccuracy())),
        Figures.percent(r.mean(f -> f.dense().floatEvaluation().utteranceAccuracy())),
        Figures.percent(r.mean(f -> f.denseFineTuned().floatEvaluation().windowAccuracy())),
        Figures.percent(r.mean(f -> f.denseFineTuned().floatEvaluation().utteranceAccuracy())),
        Figures.percent(r.mean(f -> f.compressed().floatEvaluation().windowAccuracy())),
        Figures.percent(r.mean(f -> f.compressed().floatEvaluation().utteranceAccuracy())),
        Figures.percent(r.mean(f -> f.compressed().golden8().windowAccuracy())),
        Figures.percent(r.mean(f -> f.compressed().golden8().utteranceAccuracy())));
    t.note("Each fold trains the dense network with the model's recipe on the other folds' readers; fine-tuned rows"
        + " train on from it with the same settings, without and with the structure. Made by: bin/voicegender"
        + " compress MODEL --block N [--layers ...] --fine-tune --cv K --out DIR");
    t.write(out.resolve("cv"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("compression", r.spec());
    m.put("compression_ratio", r.folds().get(0).compressed().cost().compression());
    m.put("folds", rows);
    m.put("mean_compressed_window_accuracy", r.mean(f -> f.compressed().floatEvaluation().windowAccuracy()));
    m.put("mean_compressed_utterance_accuracy", r.mean(f -> f.compressed().floatEvaluation().utteranceAccuracy()));
    m.put("mean_dense_fine_tuned_window_accuracy", r.mean(f -> f.denseFineTuned().floatEvaluation().windowAccuracy()));
    m.put("mean_dense_fine_tuned_utterance_accuracy", r.mean(f -> f.denseFineTuned().floatEvaluation().utteranceAccuracy()));
    FigureFiles.writeJson(m, out.resolve("metrics.json"));
  }
}
