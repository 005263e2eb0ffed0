package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;

class UnscoredL2Test {
  @Test
  void addsTheSameGradientTermAsDl4jsL2ButNothingToTheScore() {
    Nd4j.getRandom().setSeed(5);
    INDArray param = Nd4j.randn(DataType.FLOAT, 8, 64);
    INDArray grad = Nd4j.randn(DataType.FLOAT, 8, 64);
    INDArray theirs = grad.dup();
    INDArray ours = grad.dup();
    new L2Regularization(1e-3).apply(param, theirs, 0.01, 3, 1);
    new UnscoredL2(1e-3).apply(param, ours, 0.01, 3, 1);
    assertThat(ours.equals(theirs)).isTrue();
    assertThat(ours.equals(grad)).isFalse();
    assertThat(new L2Regularization(1e-3).score(param, 3, 1)).isPositive();
    assertThat(new UnscoredL2(1e-3).score(param, 3, 1)).isZero();
  }

  @Test
  void theNetworkCarriesItOnWeightsAndBiasesThroughItsJson() {
    ComputationGraphConfiguration conf = GenderNetwork.configuration(
        NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 2e-4, 0.3), 1);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
    for (String layer : new String[] {"conv_0", "lstm", "fc_1", "fc_3"}) {
      BaseLayer l = (BaseLayer) ((LayerVertex) back.getVertices().get(layer)).getLayerConf().getLayer();
      assertThat(l.getRegularization()).singleElement().isInstanceOf(UnscoredL2.class)
          .satisfies(r -> assertThat(((UnscoredL2) r).getL2().valueAt(0, 0)).isEqualTo(2e-4));
      assertThat(l.getRegularizationBias()).singleElement().isInstanceOf(UnscoredL2.class);
    }
    ComputationGraphConfiguration none = GenderNetwork.configuration(
        NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 0, 0), 1);
    BaseLayer fc = (BaseLayer) ((LayerVertex) none.getVertices().get("fc_1")).getLayerConf().getLayer();
    assertThat(fc.getRegularization()).isEmpty();
  }
}
