package org.voicegender.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.voicegender.compress.CirculantCost;
import org.voicegender.compress.CirculantSpec;
import org.voicegender.compress.CirculantTraining;
import org.voicegender.compress.CompressionCv;
import org.voicegender.compress.CompressionJobs;
import org.voicegender.compress.CompressionSweep;
import org.voicegender.model.TrainedModel;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;
import org.voicegender.quant.QuantizationJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compress", mixinStandardHelpOptions = true,
    description = {"Block-circulant compression of a model's weight matrices, evaluated on readers it has not seen"
        + " (float, 8-bit weights, the 8-bit integer golden model).",
        "Saves model-compressed.zip, which keeps its structure (voicegender-compression.json)."})
final class CompressCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelJobOptions job;

  @Option(names = "--block", description = "block size k, a power of two (1 = dense)")
  Integer block;

  @Option(names = "--layers", defaultValue = "all", description = "what to compress: all, conv, dense, a layer"
      + " (conv_0, conv_2, lstm, fc_1, ...) or lstm.w / lstm.rw, comma-separated (default ${DEFAULT-VALUE})")
  String layers;

  @Option(names = "--sweep", description = "k = 1, 2, 4, 8, 16 on the dense and LSTM layers and on the whole network")
  boolean sweep;

  @Option(names = "--fine-tune", description = "train on with the structure kept, on the readers the model trained on")
  boolean fineTune;

  @Option(names = "--fine-tune-epochs", defaultValue = "30", description = "fine-tuning epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--method", defaultValue = "PROJECTED", description = "fine-tuning: PROJECTED (projection after"
      + " every step) or ADMM (default ${DEFAULT-VALUE})")
  CirculantTraining.Method method;

  @Option(names = "--learning-rate", description = "fine-tuning learning rate (default: half the recipe's)")
  Double learningRate;

  @Option(names = "--rho", defaultValue = "0.1", description = "ADMM penalty (default ${DEFAULT-VALUE})")
  double rho;

  @Option(names = "--cv", defaultValue = "0", description = "instead: k-fold cross-validation by reader of --block"
      + " (with --fine-tune): each fold trains the dense network with the model's recipe, then compresses it")
  int folds;

  @Option(names = "--export-clips", defaultValue = "0", description = "also export the 8-bit golden model with"
      + " this many test vectors to DIR/export (defining vectors, spectra, block layout) and read it back")
  int exportClips;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (sweep == (block != null)) {
      throw new IllegalArgumentException("give either --block N or --sweep");
    }
    var loaded = job.load();
    TrainedModel model = loaded.model();
    QuantizationJobs.Setup setup = QuantizationJobs.prepare(model, loaded.dataset(), model.training().seed());
    out.printf("test: %d windows of %d readers the model never saw; calibration: %d windows of %s%n",
        setup.testRows().length, setup.testReaders(), setup.calibrationWindows(), setup.calibrationNote());
    CirculantTraining.Settings base = CirculantTraining.Settings.projected(model.training(), epochs);
    CirculantTraining.Settings settings = new CirculantTraining.Settings(method, epochs,
        learningRate != null ? learningRate : base.learningRate(), rho, base.interval());
    if (sweep) {
      var rows = CompressionSweep.run(setup, CompressionSweep.BLOCKS, fineTune ? settings : null, out::println);
      CompressionSweep.write(rows, setup, job.outDir);
      out.println("wrote " + job.outDir.resolve("sweep.csv") + ", sweep.md, sweep.png, weights.png, multiplies.png");
      return 0;
    }
    CirculantSpec circulant = CirculantSpec.parse(layers, block, model.network());
    if (folds > 0) {
      if (!fineTune) {
        throw new IllegalArgumentException("--cv compares fine-tuned models: add --fine-tune");
      }
      var cv = CompressionCv.run(loaded.dataset(), folds, model.network(), model.training(), circulant, settings,
          out::println);
      CompressionCv.write(cv, job.outDir);
      out.println("wrote " + job.outDir.resolve("cv.md") + ", cv.csv and metrics.json");
      return 0;
    }
    var outcome = CompressionJobs.run(setup, new CompressionJobs.Job(circulant, fineTune, settings),
        fineTune ? e -> out.println("fine-tune (block-circulant) " + e.describe()) : null);
    Path saved = job.outDir.resolve("model-compressed.zip");
    outcome.model().save(saved);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("model", job.modelFile.toString());
    extra.put("corpus", loaded.corpus().root().toString());
    extra.put("compressed_model", saved.toString());
    if (fineTune) {
      extra.put("fine_tuning", settings);
    }
    CompressionJobs.write(setup, outcome, extra, job.outDir);
    layersTable(outcome.cost()).write(job.outDir.resolve("layers"));
    out.print(layersTable(outcome.cost()).toMarkdown());
    out.printf("%s%s: %,d parameters (%.2fx smaller); window %s, utterance %s; 8-bit weights %s / %s;"
            + " golden w8a8 %s / %s, circulant arithmetic identical to dense on %d/%d windows;"
            + " FFT vs expanded max |diff| %s (largest |y| %s); fixed-point FFT (Q1.%d twiddles, %d spectrum and %d"
            + " guard bits) of the golden LSTM/dense sums: max error %d of sums up to %d%n",
        circulant.describe(), outcome.fineTuned() ? " (fine-tuned)" : " (projected)", outcome.cost().storedParameters(),
        outcome.cost().compression(), Figures.percent(outcome.floatEvaluation().windowAccuracy()),
        Figures.percent(outcome.floatEvaluation().utteranceAccuracy()), Figures.percent(outcome.weights8().windowAccuracy()),
        Figures.percent(outcome.weights8().utteranceAccuracy()), Figures.percent(outcome.golden8().windowAccuracy()),
        Figures.percent(outcome.golden8().utteranceAccuracy()), outcome.goldenIdentical(), outcome.goldenWindows(),
        Figures.significant(outcome.fftMaxDifference()), Figures.significant(outcome.fftMaxValue()),
        CompressionJobs.FFT_TWIDDLE_BITS,
        CompressionJobs.FFT_SPECTRUM_BITS, CompressionJobs.FFT_GUARD_BITS, outcome.fixedFftMaxError(),
        outcome.fixedFftMaxSum());
    out.println("compressed model: " + saved);
    if (exportClips > 0) {
      Path dir = job.outDir.resolve("export");
      var read = CompressionJobs.export(setup, outcome.model(), exportClips, dir);
      out.printf("export: %s (%d clips), read back and re-run on circulant arithmetic: %s%n", dir,
          read.export().clipIds().size(), read.verify().isEmpty() ? "bit for bit" : read.verify().get(0));
    }
    return 0;
  }

  static FigureTable layersTable(CirculantCost.Network c) {
    var t = new FigureTable("Storage and multiplies per clip, " + c.spec().describe(), "matrix", "k", "shape",
        "dense weights", "stored weights", "bias", "multiplies direct", "multiplies FFT");
    for (CirculantCost.Layer l : c.layers()) {
      t.row(l.tensor(), l.k(), (l.taps() > 1 ? l.taps() + " x " : "") + l.rows() + " x " + l.cols(), l.denseWeights(),
          l.storedWeights(), l.bias(), l.directMultiplies(), l.fftMultiplies());
    }
    t.row("total", "", "", c.denseParameters() + " with biases", c.storedParameters() + " with biases",
        String.format("%.2fx", c.compression()), c.directMultiplies(), c.fftMultiplies());
    return t.note("Circulant direct multiplies as many as dense (it saves storage); the FFT form counts transforms"
        + " as 2k log2 k real multiplies (an upper bound). Made by: bin/voicegender compress MODEL --block N");
  }
}
