package org.voicegender.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;

/**
 * The convolution, pooling and dense layers that skip DL4J's recomputation or its ops compute
 * DL4J's own function and gradients (the whole network's gradient check is in {@link CompactLstmTest}).
 */
class CompactConvolutionTest {
  private static ComputationGraphConfiguration ours() {
    return GenderNetwork.configuration(NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 1e-4, 0), 7);
  }

  /** The same network with DL4J's own Convolution1DLayer, Subsampling1DLayer and DenseLayer. */
  private static ComputationGraphConfiguration dl4js() {
    ComputationGraphConfiguration conf = ours();
    for (String name : new String[] {"conv_0", "conv_2", "pool", "fc_1", "fc_2", "fc_3"}) {
      var layerConf = ((LayerVertex) conf.getVertices().get(name)).getLayerConf();
      var layer = layerConf.getLayer();
      layerConf.setLayer(layer instanceof Convolution1DLayer
          ? LayerConfigCopy.into(layer, new Convolution1DLayer())
          : layer instanceof DenseLayer ? LayerConfigCopy.into(layer, new DenseLayer())
          : layer instanceof OutputLayer ? LayerConfigCopy.into(layer, new OutputLayer())
          : LayerConfigCopy.into(layer, new Subsampling1DLayer()));
    }
    return conf;
  }

  @Test
  void usesTheCompactLayers() {
    ComputationGraph g = new ComputationGraph(ours());
    g.init();
    assertThat(g.getLayer("conv_0")).isInstanceOf(CompactConv1DLayer.class);
    assertThat(g.getLayer("conv_2")).isInstanceOf(CompactConv1DLayer.class);
    assertThat(g.getLayer("pool")).isInstanceOf(CompactMaxPool1DLayer.class);
    assertThat(g.getLayer("fc_1")).isInstanceOf(CompactDenseLayer.class);
    assertThat(g.getLayer("fc_2")).isInstanceOf(CompactDenseLayer.class);
    assertThat(g.getLayer("fc_3")).isInstanceOf(CompactOutputLayer.class);
    ComputationGraph reference = new ComputationGraph(dl4js());
    reference.init();
    assertThat(reference.getLayer("pool").getClass())
        .isEqualTo(org.deeplearning4j.nn.layers.convolution.subsampling.Subsampling1DLayer.class);
    assertThat(reference.getLayer("fc_1").getClass())
        .isEqualTo(org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class);
  }

  /**
   * Two threads ({@link ExampleHalves}) split a minibatch's convolutions by examples and their
   * weight gradients by taps, so every sum runs in the order one thread runs it: the same bits.
   */
  @Test
  void trainsToTheSameBitsOnOneThreadOrTwo() {
    float[][] params = new float[2][];
    boolean before = ExampleHalves.threads() == 2;
    try {
      for (int threads = 1; threads <= 2; threads++) {
        ExampleHalves.useTwoThreads(threads == 2);
        ComputationGraph g = new ComputationGraph(ours());
        g.init();
        Nd4j.getRandom().setSeed(21);
        for (int step = 0; step < 3; step++) {
          int batch = step == 1 ? ExampleHalves.MIN_EXAMPLES + 5 : 2 * ExampleHalves.MIN_EXAMPLES;
          INDArray x = Nd4j.randn(DataType.FLOAT, batch, 40, 87);
          INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 2);
          for (int i = 0; i < batch; i++) {
            y.putScalar(i, (i + step) % 2, 1);
          }
          g.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        }
        params[threads - 1] = g.params().toFloatVector();
      }
    } finally {
      ExampleHalves.useTwoThreads(before);
    }
    assertThat(params[1]).containsExactly(params[0]);
  }

  @Test
  void computesDl4jsOutputsAndGradients() {
    check(null);
  }

  @Test
  void computesDl4jsGradientsAndScoresWithALabelsMask() {
    INDArray mask = Nd4j.ones(DataType.FLOAT, 16, 1);
    mask.putScalar(3, 0, 0);
    mask.putScalar(10, 0, 0);
    check(mask);
  }

  /**
   * The recipe's reader balancing weighs examples through the labels mask. This layer applies the
   * weights to the loss, as intended; DL4J's own output layer also multiplies its pre-activations
   * by the mask (meant for 0/1 masks), which for weights scales the logits too.
   */
  @Test
  void weighsEachExamplesLossByItsLabelsMaskValue() {
    ComputationGraph g = new ComputationGraph(ours());
    g.init();
    Nd4j.getRandom().setSeed(12);
    INDArray x = Nd4j.randn(DataType.FLOAT, 16, 40, 87);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 2);
    INDArray w = Nd4j.zeros(DataType.FLOAT, 16, 1);
    for (int i = 0; i < 16; i++) {
      y.putScalar(i, i % 3 == 0 ? 1 : 0, 1);
      w.putScalar(i, 0, 0.25 + 0.125 * i);
    }
    INDArray p = g.outputSingle(x);
    g.setInputs(x);
    g.setLabels(y);
    g.setLayerMaskArrays(null, new INDArray[] {w});
    g.computeGradientAndScore();
    double[] db = new double[2];
    double loss = 0;
    for (int i = 0; i < 16; i++) {
      for (int c = 0; c < 2; c++) {
        db[c] += w.getDouble(i, 0) * (p.getDouble(i, c) - y.getDouble(i, c));
      }
      loss -= w.getDouble(i, 0) * Math.log(p.getDouble(i, y.getDouble(i, 1) > 0 ? 1 : 0));
    }
    INDArray bias = g.gradient().getGradientFor("fc_3_b");
    assertThat(bias.getDouble(0)).isCloseTo(db[0], org.assertj.core.data.Offset.offset(1e-5));
    assertThat(bias.getDouble(1)).isCloseTo(db[1], org.assertj.core.data.Offset.offset(1e-5));
    assertThat(g.score()).isCloseTo(loss / 16, org.assertj.core.data.Offset.offset(1e-5));
  }

  /**
   * Shapes the network does not have: channels and kernel that fill no whole tile, outputs that
   * fill no whole vector, identity activation, no bias; the gradient at the input too.
   */
  @Test
  void computesDl4jsConvolutionOnShapesThatFillNoWholeTile() {
    // 100 examples: split between two threads ({@link ExampleHalves}) on a machine with two processors
    for (int batch : new int[] {3, 100}) {
    for (boolean relu : new boolean[] {true, false}) {
      for (boolean bias : new boolean[] {true, false}) {
        var built = new Convolution1DLayer.Builder().nIn(5).nOut(6).kernelSize(3).stride(1)
            .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Truncate).hasBias(bias)
            .activation(relu ? org.nd4j.linalg.activations.Activation.RELU : org.nd4j.linalg.activations.Activation.IDENTITY)
            .build();
        ComputationGraph ours = single(CompactConv1D.of(built));
        ComputationGraph theirs = single(LayerConfigCopy.into(built, new Convolution1DLayer()));
        theirs.setParams(ours.params().dup());
        assertThat(ours.getLayer("conv")).isInstanceOf(CompactConv1DLayer.class);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, 5, 37);
        INDArray eps = Nd4j.randn(DataType.FLOAT, batch, 6, 35);
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        var a = ours.getLayer("conv");
        var b = theirs.getLayer("conv");
        a.setInput(x, mgr);
        b.setInput(x, mgr);
        assertThat(((CompactConv1DLayer) a).handled()).isTrue();
        INDArray ya = a.activate(true, mgr);
        INDArray yb = b.activate(true, mgr);
        assertThat(ya.equalsWithEps(yb, 1e-5)).as("relu %s, bias %s: output", relu, bias).isTrue();
        var ga = a.backpropGradient(eps, mgr);
        var gb = b.backpropGradient(eps, mgr);
        assertThat(ga.getSecond().equalsWithEps(gb.getSecond(), 1e-5)).as("input gradient").isTrue();
        for (String key : gb.getFirst().gradientForVariable().keySet()) {
          assertThat(ga.getFirst().getGradientFor(key).equalsWithEps(gb.getFirst().getGradientFor(key), 1e-4))
              .as("batch %d, relu %s, bias %s: %s", batch, relu, bias, key).isTrue();
        }
      }
    }
    }
  }

  /**
   * DL4J's gradient check runs in doubles, which these float paths leave to DL4J's ops; this is
   * the same check in floats on the float paths (the convolutions, the LSTM's training pass):
   * central differences of the score against the backward pass's gradient (which DL4J divides
   * by the minibatch size only in the updater), to a tolerance float rounding allows.
   */
  @Test
  void floatPathsPassAFiniteDifferenceCheck() {
    ComputationGraph g = new ComputationGraph(
        GenderNetwork.configuration(NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 0, 0), 19));
    g.init();
    InputGradients.skipAtNetworkInputs(g);
    Nd4j.getRandom().setSeed(23);
    int batch = 6;
    INDArray x = Nd4j.randn(DataType.FLOAT, batch, 40, 87);
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 2);
    for (int i = 0; i < batch; i++) {
      y.putScalar(i, i % 2, 1);
    }
    g.setInputs(x);
    g.setLabels(y);
    g.computeGradientAndScore();
    java.util.Random pick = new java.util.Random(2);
    int checked = 0;
    double sum = g.params().sumNumber().doubleValue();
    for (String key : new String[] {"conv_0_W", "conv_0_b", "conv_2_W", "conv_2_b", "lstm_W", "lstm_RW", "lstm_b"}) {
      INDArray param = g.getParam(key);
      char order = param.ordering();
      INDArray gradient = g.gradient().getGradientFor(key).dup(order).reshape(order, new long[] {param.length()});
      INDArray flat = param.reshape(order, new long[] {param.length()}); // a view: writes reach the network
      for (int n = 0; n < 6; n++) {
        int i = pick.nextInt((int) flat.length());
        double analytic = gradient.getDouble(i) / batch;
        double w = flat.getDouble(i);
        double h = 1e-3;
        flat.putScalar(i, w + h);
        assertThat(g.params().sumNumber().doubleValue()).isNotEqualTo(sum);
        double up = g.score(new org.nd4j.linalg.dataset.DataSet(x, y), true);
        flat.putScalar(i, w - h);
        double down = g.score(new org.nd4j.linalg.dataset.DataSet(x, y), true);
        flat.putScalar(i, w);
        double numeric = (up - down) / (2 * h);
        // the scores are float sums: each is off by ~1e-7, so the difference quotient by ~5e-5
        assertThat(Math.abs(analytic - numeric)).as("%s[%d]: analytic %g, numeric %g", key, i, analytic, numeric)
            .isLessThanOrEqualTo(5e-5 + 1e-2 * Math.abs(numeric));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(42);
  }

  private static ComputationGraph single(Convolution1DLayer layer) {
    var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(3)
        .graphBuilder().addInputs("in")
        .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(5, 37))
        .addLayer("conv", layer, "in").setOutputs("conv").build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    g.initGradientsView();
    return g;
  }

  private static void check(INDArray labelsMask) {
    ComputationGraph g = new ComputationGraph(ours());
    g.init();
    // the first convolution reads the network's input: its backward pass skips that gradient
    assertThat(InputGradients.skipAtNetworkInputs(g)).isEqualTo(1);
    assertThat(((CompactConv1DLayer) g.getLayer("conv_0")).inputGradient()).isFalse();
    assertThat(((CompactConv1DLayer) g.getLayer("conv_2")).inputGradient()).isTrue();
    ComputationGraph reference = new ComputationGraph(dl4js());
    reference.init();
    reference.setParams(g.params().dup());
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.randn(DataType.FLOAT, 16, 40, 87);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 2);
    for (int i = 0; i < 16; i++) {
      y.putScalar(i, i % 2, 1);
    }
    for (String layer : new String[] {"conv_0", "conv_2", "pool", "fc_1", "fc_2", "fc_3"}) {
      INDArray a = g.feedForward(x, false).get(layer);
      INDArray b = reference.feedForward(x, false).get(layer);
      // float32 sums of up to 160 products in another order (the SIMD width decides ours): the
      // difference scales with the outputs' size, as for the gradients below
      double scale = Math.max(1, b.amaxNumber().doubleValue());
      double diff = a.sub(b).amaxNumber().doubleValue();
      assertThat(diff).as("%s: largest difference, outputs up to %s", layer, scale).isLessThanOrEqualTo(1e-6 * scale);
    }
    INDArray[] masks = labelsMask == null ? null : new INDArray[] {labelsMask};
    for (int step = 0; step < 3; step++) { // gradients, then a few updates that must stay in step
      for (ComputationGraph graph : new ComputationGraph[] {g, reference}) {
        graph.setInputs(x);
        graph.setLabels(y);
        graph.setLayerMaskArrays(null, masks);
        graph.computeGradientAndScore();
      }
      Gradient ga = g.gradient();
      Gradient gb = reference.gradient();
      for (String key : ga.gradientForVariable().keySet()) {
        INDArray a = ga.getGradientFor(key);
        INDArray b = gb.getGradientFor(key);
        // the dense layers sum in another order than BLAS: agreement to a few float roundings
        assertThat(a.equalsWithEps(b, 1e-5 * Math.max(1, b.amaxNumber().doubleValue()))).as(key).isTrue();
      }
      assertThat(g.score()).isCloseTo(reference.score(), org.assertj.core.data.Offset.offset(1e-6));
      g.fit(new org.nd4j.linalg.dataset.DataSet(x, y, null, labelsMask));
      reference.fit(new org.nd4j.linalg.dataset.DataSet(x, y, null, labelsMask));
    }
    assertThat(g.params().equalsWithEps(reference.params(), 1e-5)).isTrue();
  }
}
