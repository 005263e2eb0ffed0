package org.voicegender.cli;

import org.voicegender.model.TrainedModel;
import org.voicegender.quant.QuantizationAwareTraining;
import picocli.CommandLine.Option;

/** How long quantize and approx fine-tune; the rest of the recipe comes from the model's own. */
final class FineTuneOptions {
  @Option(names = "--fine-tune-epochs", defaultValue = "15", description = "fine-tuning epochs (default ${DEFAULT-VALUE})")
  int epochs;

  /** The model's recipe at a tenth of its learning rate, for {@link #epochs}. */
  QuantizationAwareTraining.Settings settings(TrainedModel model) {
    return QuantizationAwareTraining.Settings.of(model.training(), epochs);
  }
}
