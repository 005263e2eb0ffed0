package org.voicegender.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's L2 regularisation with the same gradient (coeff · w added before the updater, as
 * PyTorch's Adam {@code weight_decay}), but no score term. DL4J adds 0.5 · coeff · ‖w‖² of every
 * parameter array to the score of every training step: 13 norm2 ops and as many reads back to
 * Java per step for this network, about one op in seven, for a figure nothing here reads (the
 * toolkit's losses are cross-entropy alone). Saved in the model's configuration under this
 * class name (with DL4J's shaded Jackson annotations, which its configuration JSON is read with).
 */
public class UnscoredL2 extends L2Regularization {
  public UnscoredL2(double l2) {
    this(new FixedSchedule(l2));
  }

  @JsonCreator
  public UnscoredL2(@JsonProperty("l2") ISchedule l2) {
    super(l2);
  }

  /** No penalty in the score: see the class comment. */
  @Override
  public double score(INDArray param, int iteration, int epoch) {
    return 0;
  }

  @Override
  public Regularization clone() {
    return new UnscoredL2(l2.clone());
  }
}
