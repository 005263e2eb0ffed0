package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;

/** The custom LSTM layer's contract: DL4J gradient check, same output as DL4J's LSTM, save/load. */
class CompactLstmTest {
  @TempDir Path dir;

  private static ComputationGraph network(DataType type, long seed) {
    ComputationGraphConfiguration conf = GenderNetwork.configuration(
        NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 0, 0), seed, type);
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  @Test
  void passesDl4jGradientCheck() {
    DataType before = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      gradientCheck();
    } finally {
      Nd4j.setDefaultDataTypes(before, before);
    }
  }

  private static void gradientCheck() {
    Nd4j.getRandom().setSeed(3);
    ComputationGraphConfiguration conf = GenderNetwork.configuration(
        NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 0, 0), 3, DataType.DOUBLE);
    for (var vertex : conf.getVertices().values()) {
      if (vertex instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
          && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer layer) {
        layer.setIUpdater(new org.nd4j.linalg.learning.config.NoOp()); // gradient checks need no updater
      }
    }
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    g.getLayer("lstm").setParam("b", Nd4j.rand(DataType.DOUBLE, 1, 64).subi(0.5));
    INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 40, 87);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 2);
    y.putScalar(0, 0, 1).putScalar(1, 1, 1).putScalar(2, 0, 1);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
        .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(true));
    assertThat(ok).isTrue();
  }

  @Test
  void computesWhatDl4jsOwnLstmComputes() {
    ComputationGraph compact = network(DataType.FLOAT, 5);
    var dl4j = new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nIn(8).nOut(16)
        .activation(org.nd4j.linalg.activations.Activation.TANH)
        .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID).build();
    var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
        .graphBuilder().addInputs("in")
        .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(8, 5))
        .addLayer("lstm", dl4j, "in").setOutputs("lstm").build();
    ComputationGraph reference = new ComputationGraph(conf);
    reference.init();
    for (String p : new String[] {"W", "RW", "b"}) {
      reference.getLayer("lstm").setParam(p, compact.getLayer("lstm").getParam(p));
    }
    INDArray x = Nd4j.randn(DataType.FLOAT, 4, 8, 5);
    INDArray ours = compact.getLayer("lstm").activate(x, false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
    INDArray theirs = reference.outputSingle(x);
    assertThat(ours.sub(theirs).amaxNumber().doubleValue()).isLessThan(1e-5);
  }

  /**
   * Training passes in float vectors ({@link LstmVector}) give the gradients, and after a few
   * Adam steps the parameters, of the double-precision loops they replace, to float rounding.
   */
  @Test
  void trainsInFloatVectorsAsTheDoubleLoopsDo() {
    ComputationGraph vector = network(DataType.FLOAT, 13);
    ComputationGraph loops = network(DataType.FLOAT, 13);
    ((CompactLstmLayer) loops.getLayer("lstm")).vectorTraining = false;
    Nd4j.getRandom().setSeed(21);
    INDArray x = Nd4j.randn(DataType.FLOAT, 24, 40, 87);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 24, 2);
    for (int i = 0; i < 24; i++) {
      y.putScalar(i, (i * 7) % 3 == 0 ? 1 : 0, 1);
    }
    var lstmIn = vector.feedForward(x, true).get("pool");
    var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
    var a = vector.getLayer("lstm");
    var b = loops.getLayer("lstm");
    a.setInput(lstmIn, mgr);
    b.setInput(lstmIn, mgr);
    assertThat(((CompactLstmLayer) a).vectorHandled()).isTrue();
    assertThat(((CompactLstmLayer) b).vectorHandled()).isFalse();
    assertThat(a.activate(true, mgr).equalsWithEps(b.activate(true, mgr), 1e-6)).isTrue();
    for (int step = 0; step < 4; step++) {
      for (ComputationGraph g : new ComputationGraph[] {vector, loops}) {
        g.setInputs(x);
        g.setLabels(y);
        g.computeGradientAndScore();
      }
      for (String key : new String[] {"lstm_W", "lstm_RW", "lstm_b", "conv_0_W", "fc_1_W"}) {
        INDArray ga = vector.gradient().getGradientFor(key);
        INDArray gb = loops.gradient().getGradientFor(key);
        assertThat(ga.equalsWithEps(gb, 1e-5 * Math.max(1, gb.amaxNumber().doubleValue()))).as("step %d: %s", step, key)
            .isTrue();
      }
      vector.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
      loops.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
    }
    assertThat(vector.params().equalsWithEps(loops.params(), 1e-5)).isTrue();
  }

  @Test
  void savesAndLoadsWithItsWeights() throws Exception {
    ComputationGraph g = network(DataType.FLOAT, 9);
    Path file = dir.resolve("g.zip");
    ModelSerializer.writeModel(g, file.toFile(), true);
    ComputationGraph back = ModelSerializer.restoreComputationGraph(file.toFile(), true);
    assertThat(back.getLayer("lstm")).isInstanceOf(CompactLstmLayer.class);
    INDArray x = Nd4j.randn(DataType.FLOAT, 2, 40, 87);
    assertThat(back.outputSingle(x)).isEqualTo(g.outputSingle(x));
    assertThat(ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson())).isEqualTo(g.getConfiguration());
  }
}
