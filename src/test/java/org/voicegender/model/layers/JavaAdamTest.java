package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;

class JavaAdamTest {
  private static ComputationGraph graph() {
    ComputationGraph g = new ComputationGraph(GenderNetwork.configuration(
        NetworkConfig.shipped(), new GenderNetwork.Regularisation(3e-3, 1e-4, 0), 17));
    g.init();
    CoalescedL2.install(g);
    return g;
  }

  @Test
  void stepsAsDl4jsAdamOpWithTheSameMoments() {
    ComputationGraph ours = graph();
    ComputationGraph dl4j = graph();
    assertThat(JavaAdam.install(ours)).isEqualTo(1);
    assertThat(JavaAdam.install(ours)).as("idempotent").isEqualTo(1);
    assertThat(ours.getUpdater().getUpdaterBlocks().get(0).getGradientUpdater()).isInstanceOf(JavaAdam.class);
    assertThat(dl4j.getUpdater().getUpdaterBlocks().get(0).getGradientUpdater().getClass()).isEqualTo(AdamUpdater.class);
    Nd4j.getRandom().setSeed(8);
    INDArray x = Nd4j.randn(DataType.FLOAT, 20, 40, 87);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 20, 2);
    for (int i = 0; i < 20; i++) {
      y.putScalar(i, i % 2, 1);
    }
    for (int step = 0; step < 6; step++) {
      ours.fit(new DataSet(x, y));
      dl4j.fit(new DataSet(x, y));
      assertThat(ours.params().equalsWithEps(dl4j.params(), 1e-6)).as("step %d", step).isTrue();
    }
    INDArray a = ours.getUpdater().getStateViewArray();
    INDArray b = dl4j.getUpdater().getStateViewArray();
    assertThat(a.equalsWithEps(b, 1e-6 * Math.max(1, b.amaxNumber().doubleValue()))).isTrue();
  }
}
