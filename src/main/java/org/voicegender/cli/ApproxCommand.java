package org.voicegender.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.voicegender.activation.ActivationFunction;
import org.voicegender.activation.ApproximationError;
import org.voicegender.activation.LstmActivations;
import org.voicegender.approx.ApproximationJobs;
import org.voicegender.approx.ApproximationStudy;
import org.voicegender.output.FigureFiles;
import org.voicegender.quant.QuantizationJobs;
import org.voicegender.quant.QuantizationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "approx", mixinStandardHelpOptions = true,
    description = {"Run a model with approximate LSTM sigmoid/tanh (piecewise-linear, look-up table, ...) on readers it has not seen:"
        + " accuracy, and the error against exact functions per gate and step.",
        "Names: exact, hard, hard-original, plan, pwl-N, pwl-N-pow2 (fitted to the pre-activations the network visits), lut, lut-N."})
final class ApproxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelJobOptions job;

  @Option(names = "--activation", description = "the approximation (default ${DEFAULT-VALUE})", defaultValue = "hard")
  String activation;

  @Option(names = "--all", description = "the whole comparison: every standard approximation, a table and charts")
  boolean all;

  @Option(names = "--fine-tune", description = "train on with the approximation in the loop (on the model's training readers); saves model-finetuned.zip")
  boolean fineTune;

  @Mixin FineTuneOptions fineTuning;

  @Option(names = "--golden-bits", defaultValue = "8", description = "also run the integer golden model at this width (0: no)")
  int goldenBits;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var loaded = job.load();
    QuantizationJobs.Setup setup = QuantizationJobs.prepare(loaded.model(), loaded.dataset(), loaded.model().training().seed());
    out.printf("test: %d windows of %d readers the model never saw; pre-activations observed on %d windows of %s%n",
        setup.testRows().length, setup.testReaders(), setup.calibrationWindows(), setup.calibrationNote());
    var tuning = fineTuning.settings(loaded.model());
    if (all) {
      var rows = ApproximationStudy.run(setup, ApproximationJobs.standardNames(), fineTune ? tuning : null, goldenBits, out::println);
      ApproximationStudy.write(rows, goldenBits, job.outDir, String.format("%d windows of %d readers the model never saw;"
              + " PWL functions fitted to pre-activations observed on %d windows of %s. Made by: bin/voicegender approx"
              + " MODEL --all%s --out DIR", setup.testRows().length, setup.testReaders(), setup.calibrationWindows(),
          setup.calibrationNote(), fineTune ? " --fine-tune" : ""));
      var samples = ApproximationJobs.observe(setup.weights(), ApproximationStudy.calibrationWindows(setup));
      var sets = ApproximationJobs.standardNames().stream().map(n -> ApproximationJobs.named(n, samples)).toList();
      ApproximationError.table(sets, samples.gate(), samples.input(), samples.cell())
          .note("Errors over [-8, 8] and over the pre-activations observed on the calibration readers."
              + " Made by: bin/voicegender approx MODEL --all --out DIR")
          .write(job.outDir.resolve("functions"));
      for (LstmActivations set : sets) {
        if (!set.name().equals("exact")) {
          FigureFiles.writePng(ApproximationError.chart(set.gate(), ActivationFunction.SIGMOID, 8),
              job.outDir.resolve("function-" + set.name() + "-sigmoid.png"));
          FigureFiles.writePng(ApproximationError.chart(set.input(), ActivationFunction.TANH, 8),
              job.outDir.resolve("function-" + set.name() + "-tanh.png"));
        }
      }
      out.print(ApproximationStudy.table(rows, goldenBits).toMarkdown());
      return 0;
    }
    var samples = ApproximationJobs.observe(setup.weights(), ApproximationStudy.calibrationWindows(setup));
    LstmActivations fns = ApproximationJobs.named(activation, samples);
    var before = ApproximationJobs.evaluate(setup, fns);
    var errors = ApproximationJobs.compare(setup.weights(), fns, setup.testWindows());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("model", job.modelFile.toString());
    extra.put("corpus", loaded.corpus().root().toString());
    var exact = ApproximationJobs.evaluate(setup, setup.functions());
    extra.put("exact_window_accuracy", exact.windowAccuracy());
    extra.put("exact_utterance_accuracy", exact.utteranceAccuracy());
    var result = before;
    QuantizationJobs.Setup used = setup;
    if (fineTune) {
      var tuned = ApproximationJobs.fineTune(loaded.model(), loaded.dataset(), fns, tuning,
          e -> out.println("fine-tune (" + fns.name() + ") " + e.describe()));
      Path saved = job.outDir.resolve("model-finetuned.zip");
      tuned.model().save(saved);
      used = setup.withModel(tuned.model());
      result = ApproximationJobs.evaluate(used, fns);
      extra.put("before_fine_tuning_window_accuracy", before.windowAccuracy());
      extra.put("before_fine_tuning_utterance_accuracy", before.utteranceAccuracy());
      extra.put("fine_tuned_model", saved.toString());
      out.println("fine-tuned model: " + saved);
    }
    if (goldenBits > 0) {
      var g = QuantizationJobs.evaluate(used, QuantizationSpec.of(goldenBits, goldenBits), fns).evaluation();
      extra.put("golden_bits", goldenBits);
      extra.put("golden_window_accuracy", g.windowAccuracy());
      extra.put("golden_utterance_accuracy", g.utteranceAccuracy());
    }
    ApproximationJobs.write(result, fns, errors, extra, job.outDir);
    out.printf("%s: exact window %.1f%%, utterance %.1f%%%n", fns.name(), 100 * exact.windowAccuracy(), 100 * exact.utteranceAccuracy());
    if (fineTune) {
      out.printf("before fine-tuning: window %.1f%%, utterance %.1f%%%n", 100 * before.windowAccuracy(), 100 * before.utteranceAccuracy());
    }
    EvaluateCommand.print(out, result);
    return 0;
  }
}
