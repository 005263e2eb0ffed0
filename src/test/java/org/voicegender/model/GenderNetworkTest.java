package org.voicegender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.features.FeatureConfig;

class GenderNetworkTest {
  @TempDir Path dir;

  private static ComputationGraph shipped() {
    return GenderNetwork.build(NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 0, 0), 7);
  }

  @Test
  void shippedNetworkHas11770ParametersLayerByLayer() {
    ComputationGraph g = shipped();
    assertThat(g.numParams()).isEqualTo(11_770);
    assertThat(g.getLayer("conv_0").numParams()).isEqualTo(40 * 16 * 4 + 16);
    assertThat(g.getLayer("conv_2").numParams()).isEqualTo(16 * 8 * 2 + 8);
    assertThat(g.getLayer("lstm").numParams()).isEqualTo(4 * 16 * (8 + 16) + 4 * 16);
    assertThat(g.getLayer("fc_1").numParams()).isEqualTo(80 * 64 + 64);
    assertThat(g.getLayer("fc_2").numParams()).isEqualTo(64 * 32 + 32);
    assertThat(g.getLayer("fc_3").numParams()).isEqualTo(32 * 2 + 2);
    assertThat(g.getLayer("lstm").getParam("W").shape()).containsExactly(8, 64);
    assertThat(g.getLayer("lstm").getParam("RW").shape()).containsExactly(16, 64);
  }

  @Test
  void largerPresetMatchesTheOriginalsEarlierNetwork() {
    NetworkConfig larger = NetworkConfig.larger();
    assertThat(larger.flattened()).isEqualTo(600);
    ComputationGraph g = GenderNetwork.build(larger, new GenderNetwork.Regularisation(1e-3, 0, 0), 7);
    assertThat(g.getLayer("fc_1").getParam("W").shape()).containsExactly(600, 256);
  }

  @Test
  void mapsABatchOfMfccWindowsToTwoProbabilities() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 40, 87);
    INDArray p = shipped().outputSingle(x);
    assertThat(p.shape()).containsExactly(3, 2);
    for (int i = 0; i < 3; i++) {
      assertThat(p.getDouble(i, 0) + p.getDouble(i, 1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void flattenOrdersFeaturesTimeMajorLikePytorch() {
    ComputationGraph g = shipped();
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 40, 87);
    var acts = g.feedForward(x, false);
    INDArray lstm = acts.get("lstm"); // [batch, units, steps]
    INDArray flat = acts.get("flatten"); // [batch, steps * units]
    assertThat(lstm.shape()).containsExactly(2, 16, 5);
    assertThat(flat.shape()).containsExactly(2, 80);
    for (int t = 0; t < 5; t++) {
      for (int u = 0; u < 16; u++) {
        assertThat(flat.getDouble(1, t * 16 + u)).isEqualTo(lstm.getDouble(1, u, t));
      }
    }
  }

  @Test
  void configSurvivesJsonRoundTrip() {
    var conf = GenderNetwork.configuration(NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 1e-3, 0.2), 3);
    assertThat(ComputationGraphConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
    assertThat(NetworkConfig.fromJson(NetworkConfig.shipped().toJson())).isEqualTo(NetworkConfig.shipped());
    assertThat(TrainingConfig.fromJson(TrainingConfig.defaults().toJson())).isEqualTo(TrainingConfig.defaults());
  }

  @Test
  void refusesSizesThatLeaveNoTimeStep() {
    assertThatThrownBy(() -> new NetworkConfig(40, 20, 16, 4, 8, 2, 32, 16, java.util.List.of(64), 2))
        .hasMessageContaining("no time step");
  }

  @Test
  void modelFileRoundTripsWithItsConfigsAndRefusesOtherFeatures() throws Exception {
    ComputationGraph g = shipped();
    FeatureNormalizer norm = new FeatureNormalizer(new double[40], filled(40, 2.0));
    TrainedModel model = new TrainedModel(g, FeatureConfig.seed(), norm, NetworkConfig.shipped(), TrainingConfig.original(), java.util.List.of(26, 19));
    Path file = dir.resolve("m.zip");
    model.save(file);
    TrainedModel back = TrainedModel.load(file);
    assertThat(back.features()).isEqualTo(FeatureConfig.seed());
    assertThat(back.normalizer()).isEqualTo(norm);
    assertThat(back.training()).isEqualTo(TrainingConfig.original());
    assertThat(back.readers()).containsExactly(19, 26);
    assertThat(back.sawReader(26)).isTrue();
    assertThat(back.sawReader(27)).isFalse();
    assertThat(back.graph().params()).isEqualTo(g.params());
    float[][][] w = new float[1][40][87];
    w[0][3][5] = 7f;
    assertThat(back.maleProbabilities(w)).containsExactly(model.maleProbabilities(w));
    var other = FeatureConfig.seed().withPadMode(org.voicegender.features.PadMode.CONSTANT);
    assertThatThrownBy(() -> back.requireFeatures(other))
        .hasMessageContaining("the model was trained on features").hasMessageContaining("CONSTANT");
  }

  @Test
  void aCopyComputesWhatTheOriginalDoesWhereDl4jsCloneDoesNot() {
    ComputationGraph g = shipped();
    org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(2);
    var x = org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 40, 87);
    var copy = TrainedModel.copyOf(g);
    assertThat(copy.outputSingle(false, x)).isEqualTo(g.outputSingle(false, x));
    copy.params().addi(1e-3);
    assertThat(copy.params()).isNotEqualTo(g.params());
    // The DL4J bug this works around: clone() turns the flatten's 'f' order into 'c'.
    assertThat(g.clone().getConfiguration().getVertices().get("flatten").toString()).contains("reshapeOrder=c");
  }

  @Test
  void refusesAFileThatIsNotAModel() throws Exception {
    Path text = java.nio.file.Files.writeString(dir.resolve("x.zip"), "hello");
    assertThatThrownBy(() -> TrainedModel.load(text)).hasMessageContaining(text + ": not a model file");
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
