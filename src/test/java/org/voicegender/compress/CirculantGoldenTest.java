package org.voicegender.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainedModel;
import org.voicegender.quant.Calibration;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.IntegerMatrix;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.QuantizationSpec;
import org.voicegender.quant.RandomNetwork;

/**
 * The golden model with circulant arithmetic from the defining vectors' codes is bit-identical,
 * stage by stage, to the dense golden model on the expanded matrices (a seeded shipped network
 * with biases away from zero and an MFCC-like normaliser: quant's RandomNetwork).
 */
class CirculantGoldenTest {
  static TrainedModel network() {
    return RandomNetwork.create(0).model();
  }


  /** Raw MFCC windows around the model's normaliser statistics (one to three deviations). */
  static List<float[][]> windows(NetworkWeights w, int n) {
    Random r = new Random(4);
    List<float[][]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[][] x = new float[40][87];
      for (int c = 0; c < 40; c++) {
        for (int t = 0; t < 87; t++) {
          x[c][t] = (float) (w.normalizer().mean()[c] + w.normalizer().std()[c] * r.nextGaussian() * (1 + i % 3));
        }
      }
      out.add(x);
    }
    return out;
  }

  @Test
  void circulantArithmeticIsBitIdenticalToTheDenseGoldenModel() throws Exception {
    TrainedModel trained = network();
    NetworkConfig net = trained.network();
    for (CirculantSpec spec : List.of(CirculantSpec.of(CirculantSpec.Scope.WHOLE_NETWORK, 8, net),
        CirculantSpec.of(CirculantSpec.Scope.DENSE_AND_LSTM, 4, net).withBlock("lstm.rw", 16))) {
      CompressedModel c = CompressedModel.project(trained, spec);
      NetworkWeights weights = NetworkWeights.of(c.model());
      List<float[][]> windows = windows(weights, 40);
      var vectors = CirculantWeights.vectors(c.model().graph(), spec, net);
      for (int bits : new int[] {8, 16}) {
        QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(bits, bits), weights,
            Calibration.ranges(weights, windows.subList(0, 20), GenderNetwork.lstmFunctions(c.model().graph())));
        GoldenModel dense = new GoldenModel(weights, plan, GenderNetwork.lstmFunctions(c.model().graph()));
        GoldenModel circulant = new GoldenModel(weights, plan, GenderNetwork.lstmFunctions(c.model().graph()),
            CirculantIntegerMatrix.matrices(vectors));
        for (float[][] w : windows) {
          int[][] x = dense.inputCodes(w, weights.normalizer());
          GoldenModel.Trace a = dense.trace(x);
          GoldenModel.Trace b = circulant.trace(x);
          assertThat(b.z()).isDeepEqualTo(a.z());
          assertThat(b.hidden()).isDeepEqualTo(a.hidden());
          assertThat(b.dense().get(0)).containsExactly(a.dense().get(0));
          assertThat(b.scores()).containsExactly(a.scores());
        }
      }
    }
  }

  @Test
  void directCirculantProductEqualsTheExpandedCodesProduct() {
    Random r = new Random(2);
    long[][][] v = new long[3][2][4];
    for (long[][] a : v) {
      for (long[] b : a) {
        for (int d = 0; d < 4; d++) {
          b[d] = r.nextInt(255) - 127;
        }
      }
    }
    CirculantIntegerMatrix m = new CirculantIntegerMatrix(10, 7, 4, v); // padded both ways
    long[][] expanded = new long[10][7];
    for (int i = 0; i < 10; i++) {
      for (int j = 0; j < 7; j++) {
        expanded[i][j] = v[i / 4][j / 4][Math.floorMod(j - i, 4)];
      }
    }
    long[] x = r.longs(10, -1000, 1000).toArray();
    long[] got = new long[7];
    long[] want = new long[7];
    m.multiplyAdd(x, got);
    IntegerMatrix.dense(expanded).multiplyAdd(x, want);
    assertThat(got).containsExactly(want);
  }

  @Test
  void refusesWeightsThatAreNotTheirVectorsExpansion() throws Exception {
    TrainedModel trained = network();
    CirculantSpec spec = CirculantSpec.parse("fc_2", 4, trained.network());
    var vectors = CirculantWeights.vectors(trained.graph(), spec, trained.network()); // of unprojected weights
    NetworkWeights weights = NetworkWeights.of(trained);
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(8, 8), weights,
        Calibration.ranges(weights, windows(weights, 4), GenderNetwork.lstmFunctions(trained.graph())));
    assertThatThrownBy(() -> new GoldenModel(weights, plan, GenderNetwork.lstmFunctions(trained.graph()),
        CirculantIntegerMatrix.matrices(vectors))).hasMessageContaining("fc_2.w[").hasMessageContaining("project the weights first");
  }
}
