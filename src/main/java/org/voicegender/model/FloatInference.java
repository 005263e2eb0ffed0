package org.voicegender.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.layers.CompactConv1D;
import org.voicegender.model.layers.CompactDense;
import org.voicegender.model.layers.CompactLstm;
import org.voicegender.model.layers.CompactMaxPool1D;
import org.voicegender.model.layers.CompactOutput;
import org.voicegender.model.layers.FloatConvolution;
import org.voicegender.model.layers.ExampleHalves;
import org.voicegender.model.layers.VectorMath;

/**
 * The trained network's forward pass (inference only) in float32 SIMD code of our own, from the
 * {@link GenderNetwork} graph's parameters: the same function as {@code graph.outputSingle(false,
 * x)}, to float rounding, without DL4J's per-op overhead. Every matrix product is a {@link
 * FloatConvolution} over time-major frames (a dense layer's frames are the batch's examples); the
 * LSTM's exact sigmoid and tanh are the Vector API's, an approximation set
 * ({@link LstmActivations}) is applied value by value as the DL4J layer applies it.
 *
 * <p>{@link #of} builds it for graphs as {@link GenderNetwork#build} makes them (any {@link
 * NetworkConfig}); anything else (weight noise such as fake quantization, other layers) gives
 * none, and the caller keeps DL4J ({@link #unsupported} says why). It needs the Vector API ({@code
 * --add-modules jdk.incubator.vector}): callers check for the module before loading this class, as
 * {@link TrainedModel#forwardPass} does. Parameters are
 * copied when it is built: it does not follow later training. Immutable and thread-safe.
 */
public final class FloatInference {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();

  private final NetworkConfig net;
  private final int conv1Stride; // conv_0's output channels, padded
  private final int conv2Stride;
  private final int conv1Frames; // the frames of conv_0 the pooled frames need
  private final int conv2Frames;
  private final int steps;
  private final int units;
  private final int gateStride; // 4·units, padded
  private final float[] w1; // rows (input channel, tap) of the NCW window
  private final int[] offsets1;
  private final float[] b1;
  private final float[] w2;
  private final float[] b2;
  private final float[] lstmW; // [x_t (conv_2 channels); h_{t−1} (units)] rows × gateStride
  private final float[] lstmB;
  private final LstmActivations functions;
  private final boolean exactFunctions;
  private final List<float[]> denseW = new ArrayList<>();
  private final List<float[]> denseB = new ArrayList<>();
  private final int[] denseIn; // input stride of each dense layer
  private final int[] denseOut; // output stride (padded)

  private FloatInference(ComputationGraph graph, NetworkConfig net) {
    this.net = net;
    conv1Stride = FloatConvolution.padded(net.conv1Channels());
    conv2Stride = FloatConvolution.padded(net.conv2Channels());
    steps = net.lstmSteps();
    conv2Frames = steps * net.pool();
    conv1Frames = conv2Frames + net.conv2Kernel() - 1;
    units = net.lstmUnits();
    gateStride = FloatConvolution.padded(4 * units);
    w1 = channelMajorConv(graph, "conv_0", conv1Stride);
    offsets1 = FloatConvolution.channelMajorOffsets(net.frames(), net.inputChannels(), net.conv1Kernel());
    b1 = padded(vector(param(graph, "conv_0", "b")), conv1Stride);
    w2 = conv(graph, "conv_2", conv1Stride, conv2Stride);
    b2 = padded(vector(param(graph, "conv_2", "b")), conv2Stride);
    float[][] w = param(graph, "lstm", LSTMParamInitializer.INPUT_WEIGHT_KEY).toFloatMatrix();
    float[][] rw = param(graph, "lstm", LSTMParamInitializer.RECURRENT_WEIGHT_KEY).toFloatMatrix();
    int in = net.conv2Channels();
    lstmW = new float[(in + units) * gateStride];
    for (int r = 0; r < in + units; r++) {
      float[] row = r < in ? w[r] : rw[r - in];
      System.arraycopy(row, 0, lstmW, r * gateStride, 4 * units);
    }
    lstmB = padded(vector(param(graph, "lstm", LSTMParamInitializer.BIAS_KEY)), gateStride);
    functions = GenderNetwork.lstmFunctions(graph);
    exactFunctions = functions.name().equals("exact");
    int layers = net.dense().size() + 1;
    denseIn = new int[layers];
    denseOut = new int[layers];
    int inStride = net.flattened();
    for (int i = 0; i < layers; i++) {
      String name = "fc_" + (i + 1);
      float[][] m = param(graph, name, "W").toFloatMatrix(); // [in][out]
      int outStride = FloatConvolution.padded(m[0].length);
      float[] packed = new float[inStride * outStride];
      for (int r = 0; r < m.length; r++) {
        System.arraycopy(m[r], 0, packed, r * outStride, m[r].length);
      }
      denseW.add(packed);
      denseB.add(padded(vector(param(graph, name, "b")), outStride));
      denseIn[i] = inStride;
      denseOut[i] = outStride;
      inStride = outStride;
    }
  }

  /** The fast forward pass of {@code graph}, or none when {@link #unsupported} gives a reason. */
  public static Optional<FloatInference> of(ComputationGraph graph, NetworkConfig net) {
    return unsupported(graph, net).isPresent() ? Optional.empty() : Optional.of(new FloatInference(graph, net));
  }

  /**
   * Why {@code graph} is not a {@link GenderNetwork} of {@code net} this class computes (the
   * caller then keeps DL4J), or empty when it is.
   */
  public static Optional<String> unsupported(ComputationGraph graph, NetworkConfig net) {
    if (graph.getConfiguration().getDataType() != DataType.FLOAT) {
      return Optional.of("the graph computes in " + graph.getConfiguration().getDataType() + ", not FLOAT");
    }
    List<String> expected = new ArrayList<>(List.of("conv_0", "conv_2", "pool", "lstm"));
    for (int i = 1; i <= net.dense().size() + 1; i++) {
      expected.add("fc_" + i);
    }
    for (Layer layer : graph.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      var conf = layer.conf().getLayer();
      if (conf instanceof BaseLayer base && base.getWeightNoise() != null) {
        return Optional.of("layer " + name + " has weight noise " + base.getWeightNoise());
      }
      boolean dropout = conf instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer; // identity at inference
      if (!dropout && !expected.remove(name)) {
        return Optional.of("layer " + name + " (" + conf.getClass().getSimpleName() + ") is not one of GenderNetwork's");
      }
      Optional<String> why = unsupportedLayer(name, conf, net);
      if (why.isPresent()) {
        return why;
      }
    }
    if (!expected.isEmpty()) {
      return Optional.of("the graph has no layers " + expected);
    }
    return Optional.empty();
  }

  private static Optional<String> unsupportedLayer(String name, org.deeplearning4j.nn.conf.layers.Layer conf,
      NetworkConfig net) {
    if (conf instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer) {
      return Optional.empty(); // the identity at inference
    }
    boolean ok = switch (name) {
      case "conv_0", "conv_2" -> conf instanceof CompactConv1D c && c.getActivationFn() instanceof ActivationReLU r
          && r.equals(new ActivationReLU()) && c.hasBias() && c.getConvolutionMode() == ConvolutionMode.Truncate
          && c.getStride()[0] == 1 && c.getPadding()[0] == 0 && c.getDilation()[0] == 1
          && c.getKernelSize()[0] == (name.equals("conv_0") ? net.conv1Kernel() : net.conv2Kernel())
          && c.getNOut() == (name.equals("conv_0") ? net.conv1Channels() : net.conv2Channels());
      case "pool" -> conf instanceof CompactMaxPool1D p && p.getPoolingType() == PoolingType.MAX
          && p.getKernelSize()[0] == net.pool() && p.getStride()[0] == net.pool() && p.getPadding()[0] == 0
          && p.getDilation()[0] == 1 && p.getConvolutionMode() == ConvolutionMode.Truncate;
      case "lstm" -> conf instanceof CompactLstm l && l.getNOut() == net.lstmUnits();
      default -> {
        int i = Integer.parseInt(name.substring(3));
        boolean last = i == net.dense().size() + 1;
        yield last
            ? conf instanceof CompactOutput o && o.getActivationFn() instanceof ActivationSoftmax && o.hasBias()
                && o.getNOut() == net.classes()
            : conf instanceof CompactDense d && d.getActivationFn() instanceof ActivationReLU r
                && r.equals(new ActivationReLU()) && d.hasBias() && !d.hasLayerNorm()
                && d.getNOut() == net.dense().get(i - 1);
      }
    };
    return ok ? Optional.empty() : Optional.of("layer " + name + " is configured otherwise than GenderNetwork"
        + " builds it for " + net.toJson() + ": " + conf);
  }

  /**
   * P(male) (class 1's softmax probability) of each of {@code n} standardised windows {@code x
   * [n][channels][frames]} (row-major, DL4J's NCW input).
   */
  public double[] maleProbabilities(float[] x, int n) {
    int channels = net.inputChannels();
    int frames = net.frames();
    if (x.length != n * channels * frames) {
      throw new IllegalArgumentException(
          x.length + " values are not " + n + " windows of " + channels + " x " + frames);
    }
    double[] out = new double[n];
    // windows are independent: two threads take half each when there are enough (ExampleHalves)
    ExampleHalves.run(n, (half, from, to) -> probabilities(x, from, to, out));
    return out;
  }

  /** {@link #maleProbabilities} of windows {@code from..to − 1} into {@code out[from..to)}. */
  private void probabilities(float[] x, int from, int to, double[] out) {
    int channels = net.inputChannels();
    int frames = net.frames();
    int n = to - from;
    float[] y1 = new float[conv1Frames * conv1Stride];
    float[] y2 = new float[conv2Frames * conv2Stride];
    float[] pooled = new float[n * steps * conv2Stride]; // [window][step][conv_2 channel]
    for (int e = 0; e < n; e++) {
      FloatConvolution.convolveChannelMajor(x, (from + e) * channels * frames, offsets1, conv1Frames, w1, b1,
          conv1Stride, y1, 0, true);
      FloatConvolution.convolve(y1, 0, conv1Stride, conv2Frames, w2, b2, conv2Stride, y2, 0, true);
      maxPool(y2, pooled, e * steps * conv2Stride);
    }
    float[] hidden = lstm(pooled, n);
    float[] v = hidden;
    for (int i = 0; i < denseW.size(); i++) {
      float[] y = new float[n * denseOut[i]];
      FloatConvolution.convolve(v, 0, denseIn[i], n, denseW.get(i), denseB.get(i), denseOut[i], y, 0,
          i < denseW.size() - 1);
      v = y;
    }
    int stride = denseOut[denseOut.length - 1];
    for (int e = 0; e < n; e++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < net.classes(); c++) {
        max = Math.max(max, v[e * stride + c]);
      }
      double sum = 0;
      for (int c = 0; c < net.classes(); c++) {
        sum += Math.exp(v[e * stride + c] - max);
      }
      out[from + e] = Math.exp(v[e * stride + 1] - max) / sum;
    }
  }


  /** Max over each pool of conv_2's time-major output frames, into {@code out[at + step·conv2Stride + channel]}. */
  private void maxPool(float[] y2, float[] out, int at) {
    int pool = net.pool();
    for (int t = 0; t < steps; t++) {
      for (int c = 0; c < conv2Stride; c += L) {
        poolMax(y2, t * pool * conv2Stride + c, conv2Stride, pool, out, at + t * conv2Stride + c);
      }
    }
  }

  /**
   * {@code out[at..] = max over j < pool of y2[from + j·stride ..]}, one vector: a method with one
   * loop, as the JDK 17 JIT boxes a vector carried through a loop nested in others (it did here).
   */
  private static void poolMax(float[] y2, int from, int stride, int pool, float[] out, int at) {
    FloatVector m = FloatVector.fromArray(SPECIES, y2, from);
    for (int j = 1; j < pool; j++) {
      m = m.max(FloatVector.fromArray(SPECIES, y2, from + j * stride));
    }
    m.intoArray(out, at);
  }

  /**
   * The LSTM over the pooled frames of n windows, step by step, all windows' gate products of a
   * step in one {@link FloatConvolution} (one frame per window): h of window e at step t is
   * {@code out[e·flattened + t·units + u]}, the flatten vertex's order.
   */
  private float[] lstm(float[] pooled, int n) {
    int in = net.conv2Channels();
    int width = in + units;
    int flat = net.flattened();
    float[] xh = new float[n * width]; // [x_t; h_{t−1}] of each window
    float[] z = new float[n * gateStride];
    float[] cell = new float[n * units];
    float[] out = new float[n * flat];
    float[] act = new float[4 * units]; // one window's gates at a time
    for (int t = 0; t < steps; t++) {
      for (int e = 0; e < n; e++) {
        System.arraycopy(pooled, (e * steps + t) * conv2Stride, xh, e * width, in);
        if (t > 0) {
          System.arraycopy(out, e * flat + (t - 1) * units, xh, e * width + in, units);
        }
      }
      FloatConvolution.convolve(xh, 0, width, n, lstmW, lstmB, gateStride, z, 0, false);
      for (int e = 0; e < n; e++) {
        if (exactFunctions) {
          exactCell(z, e * gateStride, cell, e * units, out, e * flat + t * units, act);
        } else {
          approximateCell(z, e * gateStride, cell, e * units, out, e * flat + t * units);
        }
      }
    }
    return out;
  }

  /**
   * c = f·c + i·g, h = o·tanh(c) with g = tanh(z_g), f, o, i = σ(z), in SIMD registers; {@code act}
   * is scratch of 4·units floats. Units in whole vectors: each function over whole gate blocks
   * ({@link VectorMath}'s array forms), as five of them on vectors in one loop were past the JIT's
   * inlining budget with 256-bit vectors, and each vector crossing a call not inlined was a new
   * object. Otherwise vector by vector, the last one masked.
   */
  private void exactCell(float[] z, int zo, float[] cell, int co, float[] out, int h, float[] act) {
    int n = units;
    if (n % L == 0) {
      VectorMath.tanh(z, zo, act, 0, n);
      VectorMath.sigmoid(z, zo + n, act, n, 3 * n);
      cellState(act, n, cell, co);
      VectorMath.tanh(cell, co, act, 0, n); // tanh(c) where g was
      output(act, n, out, h);
      return;
    }
    for (int u = 0; u < n; u += L) {
      VectorMask<Float> m = SPECIES.indexInRange(u, n);
      FloatVector g = VectorMath.tanh(FloatVector.fromArray(SPECIES, z, zo + u, m));
      FloatVector f = sigmoid(FloatVector.fromArray(SPECIES, z, zo + n + u, m));
      FloatVector o = sigmoid(FloatVector.fromArray(SPECIES, z, zo + 2 * n + u, m));
      FloatVector i = sigmoid(FloatVector.fromArray(SPECIES, z, zo + 3 * n + u, m));
      FloatVector c = f.fma(FloatVector.fromArray(SPECIES, cell, co + u, m), i.mul(g));
      c.intoArray(cell, co + u, m);
      o.mul(VectorMath.tanh(c)).intoArray(out, h + u, m);
    }
  }

  /** {@code c = f·c + i·g} from the gates {@code act = [g, f, o, i]}. */
  private static void cellState(float[] act, int n, float[] cell, int co) {
    for (int u = 0; u < n; u += L) {
      FloatVector g = FloatVector.fromArray(SPECIES, act, u);
      FloatVector f = FloatVector.fromArray(SPECIES, act, n + u);
      FloatVector i = FloatVector.fromArray(SPECIES, act, 3 * n + u);
      f.fma(FloatVector.fromArray(SPECIES, cell, co + u), i.mul(g)).intoArray(cell, co + u);
    }
  }

  /** {@code h = o·tanh(c)} from {@code act = [tanh(c), f, o, i]}. */
  private static void output(float[] act, int n, float[] out, int h) {
    for (int u = 0; u < n; u += L) {
      FloatVector.fromArray(SPECIES, act, 2 * n + u).mul(FloatVector.fromArray(SPECIES, act, u)).intoArray(out, h + u);
    }
  }

  private static FloatVector sigmoid(FloatVector v) {
    return VectorMath.sigmoid(v);
  }

  /** The cell with the layer's approximations, value by value in double as {@code CompactLstmLayer}. */
  private void approximateCell(float[] z, int zo, float[] cell, int co, float[] out, int h) {
    int n = units;
    for (int u = 0; u < n; u++) {
      double a = functions.input().apply(z[zo + u]);
      double f = functions.gate().apply(z[zo + n + u]);
      double o = functions.gate().apply(z[zo + 2 * n + u]);
      double i = functions.gate().apply(z[zo + 3 * n + u]);
      double c = f * cell[co + u] + i * a;
      cell[co + u] = (float) c;
      out[h + u] = (float) (o * functions.cell().apply(c));
    }
  }

  private static INDArray param(ComputationGraph graph, String layer, String key) {
    return graph.getLayer(layer).getParam(key).castTo(DataType.FLOAT).dup('c');
  }

  /**
   * A conv layer's weights as {@link FloatConvolution} takes them: DL4J 1.0.0-M2.1's conv1d op
   * reads its row-major W buffer as {@code [k][in][out]} (see {@link GenderNetwork}).
   */
  private static float[] conv(ComputationGraph graph, String name, int inStride, int outStride) {
    INDArray w = param(graph, name, "W"); // reported [out, in, k, 1]
    int out = (int) w.size(0);
    int in = (int) w.size(1);
    int k = (int) w.size(2);
    float[] flat = w.data().asFloat();
    float[] packed = new float[k * inStride * outStride];
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < in; i++) {
        System.arraycopy(flat, (j * in + i) * out, packed, (j * inStride + i) * outStride, out);
      }
    }
    return packed;
  }

  /** conv_0's weights for {@link FloatConvolution#convolveChannelMajor}: rows (input channel, tap). */
  private static float[] channelMajorConv(ComputationGraph graph, String name, int outStride) {
    INDArray w = param(graph, name, "W");
    int out = (int) w.size(0);
    int in = (int) w.size(1);
    int k = (int) w.size(2);
    float[] flat = w.data().asFloat();
    float[] packed = new float[in * k * outStride];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < k; j++) {
        System.arraycopy(flat, (j * in + i) * out, packed, (i * k + j) * outStride, out);
      }
    }
    return packed;
  }

  private static float[] vector(INDArray v) {
    return v.data().asFloat();
  }

  private static float[] padded(float[] v, int length) {
    return java.util.Arrays.copyOf(v, length);
  }
}
