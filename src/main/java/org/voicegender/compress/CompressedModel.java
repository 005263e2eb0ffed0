package org.voicegender.compress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.voicegender.model.TrainedModel;

/**
 * A trained model whose weights keep a block-circulant structure. Saved as the model's zip with
 * the spec as one more entry, {@code voicegender-compression.json}; loading checks that every
 * matrix the spec names still is exactly block-circulant (so a file fine-tuned without the
 * structure, e.g. by {@code quantize --fine-tune}, is refused rather than silently projected).
 * Any command that takes a model file reads this one as an ordinary model of expanded matrices.
 */
public record CompressedModel(TrainedModel model, CirculantSpec spec) {
  /** The model-file entry that holds the spec. */
  public static final String ENTRY = "voicegender-compression.json";

  public CompressedModel {
    spec.requireMatches(model.network());
  }

  /** A copy of {@code model} with the spec's matrices projected onto their structure (no training). */
  public static CompressedModel project(TrainedModel model, CirculantSpec spec) {
    TrainedModel copy = model.copy();
    CirculantWeights.project(copy.graph(), spec, copy.network());
    return new CompressedModel(copy, spec);
  }

  /** Largest deviation from the structure per spec'd matrix (all 0 for a compressed model). */
  public Map<String, Double> deviations() {
    return CirculantWeights.deviations(model.graph(), spec, model.network());
  }

  public CirculantCost.Network cost() {
    return CirculantCost.of(model.network(), spec);
  }

  public void save(Path file) throws IOException {
    model.save(file, Map.of(ENTRY, spec.toJson()));
  }

  /** A model file with its spec; a file without one is a dense model (spec {@link CirculantSpec#dense}). */
  public static CompressedModel load(Path file) throws IOException {
    TrainedModel model = TrainedModel.load(file);
    CirculantSpec spec = TrainedModel.entry(file, ENTRY).map(CirculantSpec::fromJson).orElse(CirculantSpec.dense());
    CompressedModel m = new CompressedModel(model, spec);
    m.deviations().forEach((tensor, d) -> {
      if (d != 0) {
        throw new IllegalArgumentException(file + ": " + tensor + " is not block-circulant with blocks of "
            + spec.blockOf(tensor) + " (largest deviation " + d + "); it was trained on without its structure");
      }
    });
    return m;
  }
}
