package org.voicegender.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.weightnoise.WeightNoise;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.SharedData;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.layers.CompactLstm;
import org.voicegender.model.layers.ExampleHalves;
import org.voicegender.model.layers.NdArrays;

/**
 * The project's float forward pass gives DL4J's P(male) (to float rounding) for the shipped
 * network trained on real recordings, for random shipped and larger networks, with an LSTM
 * approximation; graphs it does not compute are left to DL4J.
 */
class FloatInferenceTest {
  private static final double TOLERANCE = 1e-5;

  @Test
  void equalsDl4jOnTheTrainedModelAndRealWindows() throws Exception {
    TrainedModel model = TrainedModel.load(Path.of("artifacts/run/model.zip"));
    assertThat(FloatInference.unsupported(model.graph(), model.network())).isEmpty();
    for (String id : List.of("1034-121119-0000", "1447-130550-0000", "19-198-0000")) {
      float[][][] windows = new Predictor(model).windows(SharedData.recording(id));
      INDArray x = model.inputs(windows);
      assertSame(dl4j(model.graph(), x), model.maleProbabilities(windows), id);
    }
  }

  @Test
  void equalsDl4jOnRandomShippedAndLargerNetworks() {
    for (NetworkConfig net : List.of(NetworkConfig.shipped(), NetworkConfig.larger())) {
      ComputationGraph g = randomGraph(net, 7);
      INDArray x = randomWindows(net, 37, 11);
      FloatInference fast = FloatInference.of(g, net).orElseThrow();
      assertSame(dl4j(g, x), fast.maleProbabilities(NdArrays.toFloats(x), 37), net.toJson());
      // one window at a time too (the one-clip path: no 8-frame block of examples in the dense layers)
      double[] one = fast.maleProbabilities(NdArrays.toFloats(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 4))), 1);
      assertThat(one[0]).isCloseTo(dl4j(g, x)[3], org.assertj.core.data.Offset.offset(TOLERANCE));
    }
  }

  @Test
  void givesTheSameBitsOnOneThreadOrTwo() {
    NetworkConfig net = NetworkConfig.shipped();
    FloatInference fast = FloatInference.of(randomGraph(net, 9), net).orElseThrow();
    float[] x = NdArrays.toFloats(randomWindows(net, 2 * ExampleHalves.MIN_EXAMPLES + 3, 12));
    int n = 2 * ExampleHalves.MIN_EXAMPLES + 3;
    boolean before = ExampleHalves.threads() == 2;
    try {
      ExampleHalves.useTwoThreads(false);
      double[] one = fast.maleProbabilities(x, n);
      ExampleHalves.useTwoThreads(true);
      assertThat(fast.maleProbabilities(x, n)).containsExactly(one);
    } finally {
      ExampleHalves.useTwoThreads(before);
    }
  }

  @Test
  void equalsDl4jWithAnApproximatedLstm() {
    NetworkConfig net = NetworkConfig.shipped();
    for (LstmActivations functions : List.of(LstmActivations.hard(), LstmActivations.lut())) {
      ComputationGraph g = randomGraph(net, 5);
      ((CompactLstm) g.getLayer("lstm").conf().getLayer()).use(functions);
      INDArray x = randomWindows(net, 20, 4);
      assertSame(dl4j(g, x), FloatInference.of(g, net).orElseThrow().maleProbabilities(NdArrays.toFloats(x), 20),
          functions.name());
    }
  }

  @Test
  void trainedModelFollowsNewParameters() {
    NetworkConfig net = NetworkConfig.shipped();
    ComputationGraph g = randomGraph(net, 3);
    TrainedModel model = new TrainedModel(g, org.voicegender.features.FeatureConfig.seed(),
        FeatureNormalizer.identity(40), net, TrainingConfig.defaults(), List.of(1));
    float[][][] windows = rawWindows(6, 8);
    double[] before = model.maleProbabilities(windows);
    g.getLayer("fc_3").getParam("b").addi(0.7); // in place, as training updates parameters
    double[] after = model.maleProbabilities(windows);
    assertThat(after).isNotEqualTo(before);
    assertSame(dl4j(g, model.inputs(windows)), after, "after the change");
  }

  @Test
  void leavesGraphsItDoesNotComputeToDl4j() {
    NetworkConfig net = NetworkConfig.shipped();
    ComputationGraph noisy = randomGraph(net, 2);
    ((BaseLayer) noisy.getLayer("fc_1").conf().getLayer()).setWeightNoise(new WeightNoise(new NormalDistribution(0, 0.1)));
    assertThat(FloatInference.unsupported(noisy, net)).hasValueSatisfying(s -> assertThat(s).contains("weight noise"));
    ComputationGraph doubles = new ComputationGraph(GenderNetwork.configuration(net,
        new GenderNetwork.Regularisation(1e-3, 0, 0), 2, DataType.DOUBLE));
    doubles.init();
    assertThat(FloatInference.of(doubles, net)).isEmpty();
    TrainedModel model = new TrainedModel(doubles, org.voicegender.features.FeatureConfig.seed(),
        FeatureNormalizer.identity(40), net, TrainingConfig.defaults(), List.of(1));
    assertThat(model.forwardPass()).isEmpty();
    float[][][] windows = rawWindows(5, 1);
    double[] p = model.maleProbabilities(windows);
    INDArray out = doubles.outputSingle(false, model.inputs(windows).castTo(DataType.DOUBLE));
    for (int i = 0; i < p.length; i++) {
      assertThat(p[i]).isCloseTo(out.getDouble(i, 1), org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  private static void assertSame(double[] expected, double[] actual, String what) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("%s, window %d", what, i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(TOLERANCE));
    }
  }

  private static double[] dl4j(ComputationGraph g, INDArray x) {
    INDArray p = g.outputSingle(false, x);
    double[] out = new double[(int) x.size(0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = p.getDouble(i, 1);
    }
    return out;
  }

  /** A network with random weights and biases away from zero. */
  private static ComputationGraph randomGraph(NetworkConfig net, long seed) {
    ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), seed);
    Nd4j.getRandom().setSeed(seed);
    for (String layer : List.of("conv_0", "conv_2", "lstm", "fc_1", "fc_2", "fc_3")) {
      INDArray b = g.getLayer(layer).getParam("b");
      b.assign(Nd4j.rand(DataType.FLOAT, b.shape()).subi(0.5).muli(0.4));
    }
    return g;
  }

  private static INDArray randomWindows(NetworkConfig net, int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.FLOAT, n, net.inputChannels(), net.frames()).muli(2);
  }

  private static float[][][] rawWindows(int n, long seed) {
    Random random = new Random(seed);
    float[][][] w = new float[n][40][87];
    for (float[][] window : w) {
      for (float[] row : window) {
        for (int t = 0; t < row.length; t++) {
          row[t] = (float) (random.nextGaussian() * 2);
        }
      }
    }
    return w;
  }
}
