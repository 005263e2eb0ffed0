package org.voicegender.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;
import org.voicegender.quant.NetworkWeights;

/** A structure applied to a DL4J graph, kept by training steps and by the model file. */
class CompressedModelTest {
  private static final NetworkConfig NET = NetworkConfig.shipped();
  @TempDir Path dir;

  private static TrainedModel model(long seed) {
    ComputationGraph g = GenderNetwork.build(NET, new GenderNetwork.Regularisation(1e-3, 0, 0), seed);
    return new TrainedModel(g, FeatureConfig.seed(), FeatureNormalizer.identity(40), NET, TrainingConfig.defaults(),
        List.of(1, 2));
  }

  @Test
  void projectsTheGraphsMatricesInPlaceAndLeavesTheRestAlone() {
    TrainedModel dense = model(3);
    CirculantSpec spec = CirculantSpec.of(CirculantSpec.Scope.WHOLE_NETWORK, 8, NET).withBlock("fc_3.w", 1);
    assertThat(CirculantWeights.deviations(dense.graph(), spec, NET).values()).allSatisfy(d -> assertThat(d).isPositive());
    CompressedModel c = CompressedModel.project(dense, spec);
    assertThat(c.deviations().values()).allSatisfy(d -> assertThat(d).isZero());
    NetworkWeights before = NetworkWeights.of(dense);
    NetworkWeights after = NetworkWeights.of(c.model());
    assertThat(after.dense().get(2).w()).isDeepEqualTo(before.dense().get(2).w()); // fc_3 left dense
    assertThat(after.lstm().b()).containsExactly(before.lstm().b()); // biases dense
    // The projection read through NetworkWeights' own layouts: W[i][j] = v[(j − i) mod 8] per block.
    double[][] w = after.lstm().rw();
    assertThat(w[3][5]).isEqualTo(w[0][2]);
    assertThat(w[9][8 + 7]).isEqualTo(w[8][8 + 6]);
    // conv_0 tap 1: out channel o, in channel i as [in][out]: (i, o) and (i + 1, o + 1) equal within a block.
    double[][][] conv = after.conv0().w();
    assertThat(conv[5][2][1]).isEqualTo(conv[6][3][1]);
    // the float projection (the same map in double) agrees with reading the projected graph
    double[][] expected = CirculantMatrix.project(before.dense().get(0).w(), 8).expand();
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[0].length; j++) {
        assertThat(after.dense().get(0).w()[i][j]).isCloseTo(expected[i][j], within(1e-6));
      }
    }
  }

  @Test
  void savedModelReloadsWithItsSpecAndExactlyCirculantWeights() throws Exception {
    CirculantSpec spec = CirculantSpec.parse("conv_2,lstm,dense", 4, NET);
    CompressedModel c = CompressedModel.project(model(4), spec);
    Path file = dir.resolve("circulant.zip");
    c.save(file);
    CompressedModel back = CompressedModel.load(file);
    assertThat(back.spec()).isEqualTo(spec);
    assertThat(back.deviations().values()).allSatisfy(d -> assertThat(d).isZero());
    assertThat(back.model().graph().params().equalsWithEps(c.model().graph().params(), 0)).isTrue();
    assertThat(TrainedModel.load(file).readers()).containsExactly(1, 2); // still an ordinary model file

    Path plain = dir.resolve("dense.zip");
    model(4).save(plain);
    assertThat(CompressedModel.load(plain).spec().isDense()).isTrue();
  }

  @Test
  void refusesAFileWhoseWeightsLostTheirStructure() throws Exception {
    CirculantSpec spec = CirculantSpec.parse("fc_1", 8, NET);
    TrainedModel dense = model(5);
    Path file = dir.resolve("lost.zip");
    dense.save(file, Map.of(CompressedModel.ENTRY, spec.toJson()));
    assertThatThrownBy(() -> CompressedModel.load(file))
        .hasMessageContaining("fc_1.w is not block-circulant with blocks of 8");
  }

  private static DataSet batch(int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.FLOAT, n, 40, 87);
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, i % 2, 1);
    }
    return new DataSet(x, y);
  }

  @Test
  void projectionListenerKeepsTheStructureThroughOptimizerSteps() {
    CirculantSpec spec = CirculantSpec.of(CirculantSpec.Scope.WHOLE_NETWORK, 4, NET);
    CompressedModel c = CompressedModel.project(model(6), spec);
    ComputationGraph g = c.model().graph();
    INDArray start = g.params().dup();
    g.addListeners(new CirculantTraining.Projection(spec, NET));
    for (int i = 0; i < 3; i++) {
      g.fit(batch(16, i));
    }
    assertThat(g.params().equalsWithEps(start, 1e-7)).isFalse(); // it trained
    assertThat(c.deviations().values()).allSatisfy(d -> assertThat(d).isZero());
  }

  @Test
  void admmAddsItsPenaltyGradientScaledForTheMinibatch() {
    CirculantSpec spec = CirculantSpec.parse("lstm.rw", 4, NET);
    ComputationGraph g = model(7).graph();
    g.setInput(0, batch(16, 9).getFeatures());
    g.setLabels(batch(16, 9).getLabels());
    g.computeGradientAndScore();
    WeightShape s = WeightShape.of(NET, "lstm.rw");
    double[][][] plain = CirculantWeights.read(CirculantTraining.Admm.gradientOf(g, "lstm.rw"), s);
    double[][][] w = CirculantWeights.read(CirculantWeights.parameter(g, "lstm.rw"), s);
    double[][] z = CirculantMatrix.project(w[0], 4).expand(); // U = 0 at the start
    new CirculantTraining.Admm(spec, NET, 0.5, 10).onGradientCalculation(g);
    double[][][] penalised = CirculantWeights.read(CirculantTraining.Admm.gradientOf(g, "lstm.rw"), s);
    for (int i = 0; i < z.length; i++) {
      for (int j = 0; j < z[0].length; j++) {
        assertThat(penalised[0][i][j] - plain[0][i][j]).isCloseTo(0.5 * 16 * (w[0][i][j] - z[i][j]), within(1e-5));
      }
    }
  }
}
