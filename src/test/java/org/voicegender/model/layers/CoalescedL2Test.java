package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;

class CoalescedL2Test {
  private static final NetworkConfig NET = NetworkConfig.shipped();

  /** The graph with DL4J's own updater blocks (L2 variable by variable). */
  private static ComputationGraph dl4j(double l2) {
    ComputationGraph g = new ComputationGraph(
        GenderNetwork.configuration(NET, new GenderNetwork.Regularisation(1e-2, l2, 0), 3));
    g.init();
    return g;
  }

  private static DataSet batch(int i) {
    Nd4j.getRandom().setSeed(100 + i); // ND4J draws a random seed for seed 0
    INDArray x = Nd4j.randn(DataType.FLOAT, 16, NET.inputChannels(), NET.frames());
    INDArray y = Nd4j.zeros(DataType.FLOAT, 16, NET.classes());
    for (int r = 0; r < 16; r++) {
      y.putScalar(r, r % 3 == 0 ? 0 : 1, 1);
    }
    return new DataSet(x, y);
  }

  private static void fit(ComputationGraph g, int from, int steps) {
    for (int i = from; i < from + steps; i++) {
      g.fit(batch(i));
    }
  }

  private static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  @Test
  void trainsToTheParametersOfDl4jsPerVariableL2UpToRounding() {
    ComputationGraph reference = dl4j(5e-3);
    ComputationGraph ours = GenderNetwork.build(NET, new GenderNetwork.Regularisation(1e-2, 5e-3, 0), 3);
    assertThat(CoalescedL2.install(ours)).isEqualTo(1);
    INDArray initial = ours.params().dup();
    assertThat(maxDifference(initial, reference.params())).isZero();
    fit(reference, 0, 6);
    fit(ours, 0, 6);
    assertThat(maxDifference(ours.params(), initial)).as("the steps moved them").isGreaterThan(1e-2);
    // the same arithmetic, but one long axpy rounds a few elements differently (the kernel's
    // vector loop and its remainder) from thirteen short ones: a float's last bit
    assertThat(maxDifference(ours.params(), reference.params())).isLessThan(1e-6);
    // and the L2 does act: without it the same steps end elsewhere
    ComputationGraph unregularised = dl4j(0);
    fit(unregularised, 0, 6);
    assertThat(maxDifference(unregularised.params(), ours.params())).isGreaterThan(1e-4);
  }

  @Test
  void takesOverATrainedGraphsBlocksWithTheirAdamState() {
    ComputationGraph reference = dl4j(5e-3);
    ComputationGraph ours = dl4j(5e-3);
    fit(reference, 0, 3);
    fit(ours, 0, 3);
    INDArray state = ours.getUpdater().getStateViewArray().dup();
    assertThat(CoalescedL2.install(ours)).isEqualTo(1);
    assertThat(CoalescedL2.install(ours)).isEqualTo(1);
    assertThat(maxDifference(ours.getUpdater().getStateViewArray(), state)).isZero();
    fit(reference, 3, 3);
    fit(ours, 3, 3);
    assertThat(maxDifference(ours.params(), reference.params())).isLessThan(1e-6);
  }

  @Test
  void leavesBlocksWithoutAUniformL2ToDl4j() {
    assertThat(CoalescedL2.install(dl4j(0))).isZero();
  }
}
