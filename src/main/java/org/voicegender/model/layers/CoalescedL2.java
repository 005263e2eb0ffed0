package org.voicegender.model.layers;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * The L2 term of each of a graph's updater blocks added in one op over the block instead of one
 * per parameter array.
 *
 * <p>DL4J applies regularisation variable by variable: for each of this network's 13 parameter
 * arrays it makes a view of the parameters and of the gradient and runs an {@code axpy} (gradient
 * += coeff · parameter). The arrays of an updater block are contiguous in the flattened parameter
 * and gradient vectors, and where every one of them carries the same fixed-coefficient L2 (as
 * {@code GenderNetwork} configures: weights and biases alike, like PyTorch's Adam {@code
 * weight_decay}), one {@code axpy} over the block's range is the same arithmetic element by
 * element at the same point of the step (after the division by the minibatch size, before Adam).
 * That saves 12 native ops and 26 views per training step; the views' native buffers and their
 * deallocation references were the largest source of garbage in a step. Blocks with any other
 * regularisation (none, L1, a schedule, coefficients that differ) keep DL4J's per-variable path.
 * The configuration is untouched, so a graph trained without this (or loaded from a file) gets
 * the same L2 from DL4J.
 */
public final class CoalescedL2 {
  private CoalescedL2() {}

  /**
   * Replaces, in {@code graph}'s updater, each block whose variables all carry one fixed L2
   * coefficient by a block that applies it in one op; the blocks keep their state (Adam's
   * moments) and views. Idempotent.
   *
   * @return how many of the graph's updater blocks apply their L2 in one op
   */
  public static int install(ComputationGraph graph) {
    List<UpdaterBlock> blocks = graph.getUpdater(true).getUpdaterBlocks();
    INDArray params = graph.params();
    INDArray flat = params.reshape(params.length());
    int coalesced = 0;
    for (int i = 0; i < blocks.size(); i++) {
      UpdaterBlock block = blocks.get(i);
      if (block instanceof Block) {
        coalesced++;
        continue;
      }
      double coeff = uniformL2(block);
      if (!Double.isNaN(coeff)) {
        INDArray blockParams = flat.get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd()));
        blocks.set(i, new Block(block, coeff, blockParams));
        coalesced++;
      }
    }
    return coalesced;
  }

  /**
   * The L2 coefficient every variable of the block carries, as its only regularisation, when
   * they all carry the same fixed one and cover the block's range; NaN otherwise.
   */
  static double uniformL2(UpdaterBlock block) {
    double coeff = Double.NaN;
    long covered = 0;
    for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
      List<Regularization> regs = ps.getLayer().getConfig().getRegularizationByParam(ps.getParamName());
      if (regs == null || regs.size() != 1 || !(regs.get(0) instanceof L2Regularization l2)
          || !(l2.getL2() instanceof FixedSchedule fixed)) {
        return Double.NaN;
      }
      double c = fixed.valueAt(0, 0);
      if (!Double.isNaN(coeff) && c != coeff) {
        return Double.NaN;
      }
      coeff = c;
      covered += ps.getParamOffsetEnd() - ps.getParamOffsetStart();
    }
    return covered == block.getParamOffsetEnd() - block.getParamOffsetStart() ? coeff : Double.NaN;
  }

  /** An updater block whose before-updater L2 is one axpy over its range; otherwise DL4J's. */
  private static final class Block extends UpdaterBlock {
    private final double coeff;
    private final INDArray params;
    private final Slice externalGradient = new Slice();
    private final Slice externalParams = new Slice();

    Block(UpdaterBlock block, double coeff, INDArray params) {
      super(block.getParamOffsetStart(), block.getParamOffsetEnd(), block.getUpdaterViewOffsetStart(),
          block.getUpdaterViewOffsetEnd(), block.getLayersAndVariablesInBlock());
      setUpdaterView(block.getUpdaterView());
      setGradientView(block.getGradientView());
      setUpdaterViewRequiresInitialization(block.isUpdaterViewRequiresInitialization());
      setGradientUpdater(block.getGradientUpdater());
      this.coeff = coeff;
      this.params = params;
    }

    /**
     * L2Regularization.apply's op (gradient += coeff · param) over the whole block. DL4J M2.1
     * takes its "external gradient" path on every ordinary step (its gradient is a reshaped view
     * of the flattened one, never the same object), passing the whole network's gradient and
     * parameters; otherwise it passes the block's gradient view and no parameters.
     */
    @Override
    protected void applyRegularizationAllVariables(Regularization.ApplyStep step, int iteration, int epoch,
        boolean external, INDArray fullNetworkGradientView, INDArray fullNetworkParamsArray) {
      if (step != Regularization.ApplyStep.BEFORE_UPDATER) {
        return; // L2 acts before the updater only
      }
      INDArray gradient = external ? externalGradient.of(fullNetworkGradientView, this) : getGradientView();
      INDArray param = external ? externalParams.of(fullNetworkParamsArray, this) : params;
      Nd4j.getBlasWrapper().level1().axpy(param.length(), coeff, param, gradient);
    }
  }

  /**
   * The block's range of a whole-network vector, kept while the vector's buffer stays the same
   * (DL4J hands over a new view of the same flattened arrays at every step).
   */
  private static final class Slice {
    private DataBuffer source;
    private long offset;
    private INDArray view;

    INDArray of(INDArray full, UpdaterBlock block) {
      if (view == null || full.data() != source || full.offset() != offset) {
        source = full.data();
        offset = full.offset();
        view = full.reshape(full.length())
            .get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd()));
      }
      return view;
    }
  }
}
