package org.voicegender.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.WindowDataset;
import org.voicegender.quant.LayerComparison;
import org.voicegender.quant.QuantizationAwareTraining;
import org.voicegender.quant.QuantizationJobs;
import org.voicegender.quant.QuantizationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = {"Quantize a model to fixed point and evaluate the integer golden model on readers it has not seen.",
        "Activation formats are calibrated on the readers the model trained on (or on a fifth of the corpus' readers)."})
final class QuantizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelJobOptions job;

  @Mixin QuantizationOptions quantization;

  @Option(names = "--sweep", description = "accuracy against bits (16 down to 2) for weights, activations and both")
  boolean sweep;

  @Option(names = "--fine-tune", description = {"quantization-aware fine-tuning first (fake-quantized weights,"
      + " straight-through gradients) on the readers the model trained on; saves model-finetuned.zip",
      "with --sweep: adds fine-tuned rows for 8 bits and below"})
  boolean fineTune;

  @Mixin FineTuneOptions fineTuning;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var loaded = job.load();
    TrainedModel model = loaded.model();
    LibriSpeechCorpus corpus = loaded.corpus();
    WindowDataset ds = loaded.dataset();
    QuantizationJobs.Setup setup = QuantizationJobs.prepare(model, ds, model.training().seed());
    out.printf("test: %d windows of %d readers the model never saw; calibration: %d windows of %s%n",
        setup.testRows().length, setup.testReaders(), setup.calibrationWindows(), setup.calibrationNote());
    if (sweep) {
      var rows = new java.util.ArrayList<>(
          QuantizationJobs.sweep(setup, QuantizationJobs.SWEEP_BITS, setup.functions(), out::println));
      if (fineTune) {
        rows.addAll(QuantizationJobs.sweepFineTuned(setup, List.of(8, 6, 5, 4, 3, 2), fineTuning.settings(model),
            setup.functions(), out::println));
      }
      QuantizationJobs.writeSweep(rows, setup, job.outDir);
      out.println(QuantizationJobs.table(rows).printAll());
      out.println("wrote " + job.outDir.resolve("sweep.csv") + ", sweep.md and sweep.png");
      return 0;
    }
    QuantizationSpec q = quantization.spec();
    var floatNet = QuantizationJobs.evaluate(setup, QuantizationSpec.of(0, 0), setup.functions());
    Map<String, Object> extra = new LinkedHashMap<>();
    if (fineTune) {
      var before = QuantizationJobs.evaluate(setup, q, setup.functions());
      var tuned = QuantizationAwareTraining.fineTune(model, ds, q.withActivationBits(0), fineTuning.settings(model),
          e -> out.println("fine-tune (quantized weights) " + e.describe()));
      Path saved = job.outDir.resolve("model-finetuned.zip");
      tuned.model().save(saved);
      out.println("fine-tuned model: " + saved);
      extra.put("before_fine_tuning_window_accuracy", before.evaluation().windowAccuracy());
      extra.put("before_fine_tuning_utterance_accuracy", before.evaluation().utteranceAccuracy());
      extra.put("fine_tuned_model", saved.toString());
      setup = setup.withModel(tuned.model());
    }
    var outcome = QuantizationJobs.evaluate(setup, q, setup.functions());
    extra.put("model", job.modelFile.toString());
    extra.put("corpus", corpus.root().toString());
    extra.put("float_window_accuracy", floatNet.evaluation().windowAccuracy());
    extra.put("float_utterance_accuracy", floatNet.evaluation().utteranceAccuracy());
    if (q.quantizesWeights()) {
      var weightsOnly = QuantizationJobs.evaluate(setup, q.withActivationBits(0), setup.functions());
      extra.put("weights_only_window_accuracy", weightsOnly.evaluation().windowAccuracy());
      extra.put("weights_only_utterance_accuracy", weightsOnly.evaluation().utteranceAccuracy());
    }
    QuantizationJobs.write(setup, outcome, extra, job.outDir);
    if (outcome.plan().isFixedPoint()) {
      var windows = setup.testWindows();
      var layers = LayerComparison.compare(setup.model().graph(), setup.weights(), outcome.plan(),
          setup.functions(), windows.subList(0, Math.min(windows.size(), 200)));
      var t = LayerComparison.table(layers, "Golden model (" + q.name() + ") against DL4J's float network, per layer")
          .note("Over the first " + Math.min(windows.size(), 200) + " test windows. Made by: bin/voicegender quantize"
              + " MODEL --data DIR --weight-bits " + q.weightBits() + " --activation-bits " + q.activationBits());
      t.write(job.outDir.resolve("layers"));
      out.print(t.toMarkdown());
    }
    out.printf("%s (%s): %s%n", q.name(), outcome.engine(), outcome.plan().describe());
    EvaluateCommand.print(out, outcome.evaluation());
    out.printf("float network: window %.1f%%, utterance %.1f%%%n",
        100 * floatNet.evaluation().windowAccuracy(), 100 * floatNet.evaluation().utteranceAccuracy());
    return 0;
  }

}
