package org.voicegender.quant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainedModel;

/**
 * A trained network's weights as plain arrays, layer by layer, in the layouts the hardware
 * export documents (and {@code GenderNetwork} explains for DL4J):
 *
 * <ul>
 *   <li>conv: {@code w[out][in][k]}, {@code b[out]} — {@code y[o][t] = b[o] + Σ w[o][i][k]·x[i][t+k]};
 *   <li>lstm: {@code w[in][4·units]}, {@code rw[units][4·units]}, {@code b[4·units]}, column
 *       blocks g (tanh), f, o, i (DL4J's order);
 *   <li>dense: {@code w[in][out]}, {@code b[out]} — {@code y[j] = b[j] + Σ x[i]·w[i][j]}.
 * </ul>
 *
 * Immutable by convention: {@link #map} returns a new set of weights (e.g. quantized).
 */
public record NetworkWeights(
    NetworkConfig network, FeatureNormalizer normalizer, Conv conv0, Conv conv2, Lstm lstm,
    List<Dense> dense) {

  /** A 1-D convolution: {@code w[out][in][kernel]}, {@code b[out]}. */
  public record Conv(String name, double[][][] w, double[] b) {}

  /** The LSTM: input weights {@code w[in][4n]}, recurrent {@code rw[n][4n]}, bias {@code b[4n]}. */
  public record Lstm(String name, double[][] w, double[][] rw, double[] b) {
    public int units() {
      return rw.length;
    }
  }

  /** A dense layer: {@code w[in][out]}, {@code b[out]}; ReLU unless it is the output layer. */
  public record Dense(String name, double[][] w, double[] b, boolean relu) {}

  /** One weight tensor, flattened row-major, with its name (e.g. {@code lstm.rw}) and shape. */
  public record Tensor(String layer, String param, int[] shape, double[] values) {
    public String name() {
      return layer + "." + param;
    }
  }

  public static NetworkWeights of(TrainedModel model) {
    return of(model.graph(), model.network(), model.normalizer());
  }

  public static NetworkWeights of(ComputationGraph graph, NetworkConfig net, FeatureNormalizer normalizer) {
    List<Dense> dense = new ArrayList<>();
    int layers = net.dense().size() + 1;
    for (int i = 1; i <= layers; i++) {
      String name = "fc_" + i;
      dense.add(new Dense(name, matrix(param(graph, name, "W")), vector(param(graph, name, "b")), i < layers));
    }
    return new NetworkWeights(net, normalizer, conv(graph, "conv_0"), conv(graph, "conv_2"),
        new Lstm("lstm",
            matrix(param(graph, "lstm", LSTMParamInitializer.INPUT_WEIGHT_KEY)),
            matrix(param(graph, "lstm", LSTMParamInitializer.RECURRENT_WEIGHT_KEY)),
            vector(param(graph, "lstm", LSTMParamInitializer.BIAS_KEY))),
        List.copyOf(dense));
  }

  /** Every weight tensor in layer order: conv_0.w, conv_0.b, …, lstm.w, lstm.rw, lstm.b, fc_*.w, fc_*.b. */
  public List<Tensor> tensors() {
    List<Tensor> out = new ArrayList<>();
    for (Conv c : List.of(conv0, conv2)) {
      out.add(new Tensor(c.name(), "w", new int[] {c.w().length, c.w()[0].length, c.w()[0][0].length}, flat(c.w())));
      out.add(new Tensor(c.name(), "b", new int[] {c.b().length}, c.b().clone()));
    }
    out.add(new Tensor(lstm.name(), "w", new int[] {lstm.w().length, lstm.w()[0].length}, flat(lstm.w())));
    out.add(new Tensor(lstm.name(), "rw", new int[] {lstm.rw().length, lstm.rw()[0].length}, flat(lstm.rw())));
    out.add(new Tensor(lstm.name(), "b", new int[] {lstm.b().length}, lstm.b().clone()));
    for (Dense d : dense) {
      out.add(new Tensor(d.name(), "w", new int[] {d.w().length, d.w()[0].length}, flat(d.w())));
      out.add(new Tensor(d.name(), "b", new int[] {d.b().length}, d.b().clone()));
    }
    return out;
  }

  /** The tensors by name ({@code conv_0.w}, …). */
  public Map<String, Tensor> byName() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    tensors().forEach(t -> m.put(t.name(), t));
    return m;
  }

  /** Largest magnitude in each tensor. */
  public Map<String, Double> ranges() {
    Map<String, Double> m = new LinkedHashMap<>();
    tensors().forEach(t -> m.put(t.name(), maxAbs(t.values())));
    return m;
  }

  /** New weights with every value passed through {@code f(tensorName, value)}. */
  public NetworkWeights map(BiFunction<String, Double, Double> f) {
    List<Dense> d = new ArrayList<>();
    for (Dense x : dense) {
      d.add(new Dense(x.name(), map(x.name() + ".w", x.w(), f), map(x.name() + ".b", x.b(), f), x.relu()));
    }
    return new NetworkWeights(network, normalizer,
        new Conv(conv0.name(), map(conv0.name() + ".w", conv0.w(), f), map(conv0.name() + ".b", conv0.b(), f)),
        new Conv(conv2.name(), map(conv2.name() + ".w", conv2.w(), f), map(conv2.name() + ".b", conv2.b(), f)),
        new Lstm(lstm.name(), map("lstm.w", lstm.w(), f), map("lstm.rw", lstm.rw(), f), map("lstm.b", lstm.b(), f)),
        List.copyOf(d));
  }

  static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static INDArray param(ComputationGraph graph, String layer, String key) {
    if (graph.getLayer(layer) == null) {
      throw new IllegalArgumentException("the graph has no layer '" + layer + "'");
    }
    return graph.getLayer(layer).getParam(key).castTo(DataType.DOUBLE).dup('c');
  }

  /**
   * DL4J 1.0.0-M2.1's Convolution1DLayer reports W as {@code [out, in, k, 1]} but its conv1d op
   * reads the same buffer as {@code [k][in][out]}: weight (o, i, k) is element {@code (k·in + i)·out
   * + o} of the row-major buffer ({@code GoldenModelTest} checks this against DL4J's output).
   */
  private static int convIndex(int o, int i, int k, int out, int in) {
    return (k * in + i) * out + o;
  }

  private static Conv conv(ComputationGraph graph, String name) {
    INDArray w = param(graph, name, "W"); // reported [out, in, k, 1]
    int out = (int) w.size(0);
    int in = (int) w.size(1);
    int k = (int) w.size(2);
    double[] flat = w.data().asDouble();
    double[][][] a = new double[out][in][k];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int j = 0; j < k; j++) {
          a[o][i][j] = flat[convIndex(o, i, j, out, in)];
        }
      }
    }
    return new Conv(name, a, vector(param(graph, name, "b")));
  }

  private static double[][] matrix(INDArray m) {
    return m.toDoubleMatrix();
  }

  private static double[] vector(INDArray v) {
    return v.data().asDouble();
  }

  private static double[] flat(double[][] m) {
    return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static double[] flat(double[][][] m) {
    return java.util.Arrays.stream(m).flatMap(java.util.Arrays::stream)
        .flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static double[] map(String name, double[] v, BiFunction<String, Double, Double> f) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = f.apply(name, v[i]);
    }
    return out;
  }

  private static double[][] map(String name, double[][] v, BiFunction<String, Double, Double> f) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = map(name, v[i], f);
    }
    return out;
  }

  private static double[][][] map(String name, double[][][] v, BiFunction<String, Double, Double> f) {
    double[][][] out = new double[v.length][][];
    for (int i = 0; i < v.length; i++) {
      out[i] = map(name, v[i], f);
    }
    return out;
  }
}
