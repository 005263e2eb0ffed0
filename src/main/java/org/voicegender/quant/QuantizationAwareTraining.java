package org.voicegender.quant;

import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.train.EpochStats;
import org.voicegender.train.Trainer;
import org.voicegender.train.TrainingJobs;

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
      return of(recipe, 15);
    }

    /** {@code epochs} at a tenth of the recipe's learning rate. */
    public static Settings of(TrainingConfig recipe, int epochs) {
      return new Settings(epochs, recipe.learningRate() / 10);
    }
  }

  /**
   * A copy of {@code model} fine-tuned for {@code spec}'s weight width; {@code model} itself is
   * left as it was.
   */
  public static Trainer.Result fineTune(
      TrainedModel model, WindowDataset data, QuantizationSpec spec, Settings settings,
      Consumer<EpochStats> progress) {
    FakeQuantWeights noise = new FakeQuantWeights(spec);
    ComputationGraph[] tuned = new ComputationGraph[1];
    try {
      return TrainingJobs.fineTune(model, data, settings.epochs(), settings.learningRate(), graph -> {
        tuned[0] = graph;
        setNoise(graph, noise);
      }, progress);
    } finally {
      if (tuned[0] != null) {
        setNoise(tuned[0], null); // the saved model holds the float weights; quantize rounds them again
      }
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
