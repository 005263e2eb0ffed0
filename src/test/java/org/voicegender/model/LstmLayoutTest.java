package org.voicegender.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins down DL4J's LSTM weight layout by recomputing the layer in plain Java: the quantization
 * and golden-model work read these weights directly.
 */
class LstmLayoutTest {

  @Test
  void gateBlocksAreCellInputForgetOutputInputGate() {
    ComputationGraph g = GenderNetwork.build(NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 0, 0), 11);
    Nd4j.getRandom().setSeed(5);
    g.getLayer("lstm").setParam("b", Nd4j.rand(DataType.FLOAT, 1, 64).subi(0.5));
    INDArray x = Nd4j.rand(DataType.FLOAT, 1, 40, 87).muli(3);
    var acts = g.feedForward(x, false);
    INDArray in = acts.get("pool"); // [1, 8, 5]
    INDArray out = acts.get("lstm"); // [1, 16, 5]
    Layer lstm = g.getLayer("lstm");
    float[][] w = lstm.getParam("W").toFloatMatrix(); // [8, 64]
    float[][] rw = lstm.getParam("RW").toFloatMatrix(); // [16, 64]
    float[] b = lstm.getParam("b").toFloatVector(); // [64]
    int n = 16;
    double[] h = new double[n];
    double[] c = new double[n];
    for (int t = 0; t < 5; t++) {
      double[] z = new double[4 * n];
      for (int j = 0; j < 4 * n; j++) {
        z[j] = b[j];
        for (int k = 0; k < 8; k++) {
          z[j] += in.getDouble(0, k, t) * w[k][j];
        }
        for (int k = 0; k < n; k++) {
          z[j] += h[k] * rw[k][j];
        }
      }
      for (int u = 0; u < n; u++) {
        double cellInput = Math.tanh(z[u]); // block 0: cell candidate (tanh)
        double forget = sigmoid(z[n + u]); // block 1: forget gate
        double output = sigmoid(z[2 * n + u]); // block 2: output gate
        double input = sigmoid(z[3 * n + u]); // block 3: input gate
        c[u] = forget * c[u] + input * cellInput;
        h[u] = output * Math.tanh(c[u]);
        assertThat(out.getDouble(0, u, t)).as("h[%d] at step %d", u, t)
            .isCloseTo(h[u], org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
