package org.voicegender.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.export.ExportedModel;
import org.voicegender.export.HardwareExport;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.WindowDataset;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.QuantizationJobs;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.QuantizationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export the integer golden model for hardware: weight codes (text, bit strings, $readmemh hex,"
        + " a C header), test vectors with every stage's expected codes, and manifest.json.",
        "Formats are calibrated as the quantize command does; test vectors are the first test windows"
            + " (readers the model never saw). The export is read back and re-run before the command ends."})
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelJobOptions job;

  @Mixin QuantizationOptions quantization;

  @Option(names = "--clips", defaultValue = "8", description = "test vectors to write (default ${DEFAULT-VALUE})")
  int clips;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (clips < 1) {
      throw new IllegalArgumentException("--clips must be at least 1, got " + clips);
    }
    QuantizationSpec q = quantization.spec();
    if (!q.quantizesWeights() || !q.quantizesActivations()) {
      throw new IllegalArgumentException("the export needs fixed-point weights and activations; "
          + q.name() + " leaves " + (q.quantizesWeights() ? "activations" : "weights") + " in floating point");
    }
    var loaded = job.load();
    TrainedModel model = loaded.model();
    LibriSpeechCorpus corpus = loaded.corpus();
    QuantizationJobs.Setup setup = QuantizationJobs.prepare(model, loaded.dataset(), model.training().seed());
    WindowDataset ds = setup.data();
    QuantizationPlan plan = QuantizationPlan.calibrate(q, setup.weights(), setup.ranges());
    GoldenModel golden = new GoldenModel(setup.weights(), plan, setup.functions());

    int[] rows = setup.testRows();
    int n = Math.min(clips, rows.length);
    List<float[][]> windows = new ArrayList<>(n);
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      windows.add(ds.window(rows[i]));
      ids.add(ds.utteranceOf(rows[i]).id() + "_w" + windowInUtterance(ds, rows[i]));
    }
    var manifest = HardwareExport.write(golden, setup.weights(), windows, ids, job.outDir);
    List<String> differences = ExportedModel.read(job.outDir).verify();

    out.printf("%s: %s%n", q.name(), plan.describe());
    out.printf("calibration: %d windows of %s%n", setup.calibrationWindows(), setup.calibrationNote());
    out.printf("wrote %d files to %s: %d weight tensors, %d test vectors%s%n", manifest.files().size(), job.outDir,
        manifest.tensors().size(), n, n < clips ? " (all the test windows there are)" : "");
    if (!differences.isEmpty()) {
      differences.stream().limit(10).forEach(d -> out.println("MISMATCH " + d));
      out.printf("the export read back does not reproduce its vectors: %d differences%n", differences.size());
      return 1;
    }
    out.println("read back: the rebuilt golden model reproduces every stage of every vector bit for bit");
    return 0;
  }

  /** Which window of its recording a dataset row is (a recording's windows are consecutive rows). */
  static int windowInUtterance(WindowDataset ds, int row) {
    int k = 0;
    while (row - k - 1 >= 0 && ds.utteranceIndex(row - k - 1) == ds.utteranceIndex(row)) {
      k++;
    }
    return k;
  }
}
