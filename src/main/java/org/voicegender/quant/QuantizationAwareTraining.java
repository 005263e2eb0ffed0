package org.voicegender.quant;

import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.voicegender.corpus.SpeakerSplit;
import org.voicegender.corpus.Utterance;
import org.voicegender.model.ModelJobs;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.Trainer;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;

/**
 * Quantization-aware fine-tuning: a trained model trains on for a few epochs with its weights
 * fake-quantized in the forward pass ({@link FakeQuantWeights}, straight-through gradients), on
 * the same readers it trained on (split again into training and validation readers as the recipe
 * does), so that the weights settle where their rounded values work. Activations are calibrated
 * afterwards as for any model.
 */
public final class QuantizationAwareTraining {
  private QuantizationAwareTraining() {}

  /** Fine-tuning settings: epochs, learning rate (a tenth of the recipe's is typical). */
  public record Settings(int epochs, double learningRate) {
    public static Settings defaults(TrainingConfig recipe) {
      return new Settings(15, recipe.learningRate() / 10);
    }
  }

  /**
   * A copy of {@code model} fine-tuned for {@code spec}'s weight width; {@code model} itself is
   * left as it was.
   */
  public static Trainer.Result fineTune(
      TrainedModel model, WindowDataset data, QuantizationSpec spec, Settings settings,
      Consumer<Trainer.EpochStats> progress) {
    List<Utterance> seen = data.utterances().stream().filter(u -> model.sawReader(u.speaker())).toList();
    if (seen.isEmpty()) {
      throw new IllegalArgumentException("quantization-aware fine-tuning trains on the readers the model"
          + " trained on, and this corpus has none of them" + (model.readers().isEmpty()
              ? " (the model file does not record them: retrain it with this version)" : ""));
    }
    TrainingConfig cfg = model.training().withEpochs(settings.epochs());
    SpeakerSplit.Split split = cfg.validationFraction() > 0
        ? SpeakerSplit.split(seen, 1 - cfg.validationFraction(), cfg.validationFraction(), 0, cfg.seed())
        : new SpeakerSplit.Split(seen, List.of(), List.of());
    ComputationGraph graph = TrainedModel.copyOf(model.graph());
    setNoise(graph, new FakeQuantWeights(spec));
    graph.setLearningRate(settings.learningRate());
    TrainedModel copy = new TrainedModel(graph, model.features(), model.normalizer(), model.network(),
        model.training(), model.readers());
    // Dropout draws from ND4J's global generator: seed it, so a fine-tuning run does not depend
    // on what ran before it in the same JVM.
    org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(cfg.seed());
    try {
      return Trainer.fit(copy, data, ModelJobs.rowsOf(data, split.train()),
          ModelJobs.rowsOf(data, split.validation()), cfg, progress);
    } finally {
      setNoise(graph, null); // the saved model holds the float weights; quantize rounds them again
    }
  }

  private static void setNoise(ComputationGraph graph, FakeQuantWeights noise) {
    for (Layer layer : graph.getLayers()) {
      if (layer.numParams() > 0 && layer.conf().getLayer() instanceof BaseLayer base) {
        base.setWeightNoise(noise);
      }
    }
  }
}
