package org.voicegender.compress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.NetworkConfig;

/**
 * A {@link CirculantSpec} on a DL4J graph: reads a weight tensor as its taps' {@code [in][out]}
 * matrices, projects them onto the structure in place, and reads the defining vectors back.
 *
 * <p>Layouts (as {@code quant.NetworkWeights} reads them): dense and LSTM {@code W [nIn, nOut]};
 * a convolution's W, reported {@code [out, in, k, 1]}, is read by DL4J M2.1's conv1d op as
 * {@code [k][in][out]}, so its row-major buffer is already one {@code [in][out]} matrix per tap.
 */
public final class CirculantWeights {
  private CirculantWeights() {}

  /** The DL4J parameter of a tensor name: {@code lstm.rw} → layer {@code lstm}, key {@code RW}. */
  public static INDArray parameter(ComputationGraph graph, String tensor) {
    String layer = tensor.substring(0, tensor.indexOf('.'));
    if (graph.getLayer(layer) == null) {
      throw new IllegalArgumentException("the graph has no layer '" + layer + "' for " + tensor);
    }
    return graph.getLayer(layer).getParam(key(tensor));
  }

  /** DL4J's parameter key of a tensor ({@code W} or {@code RW}). */
  public static String key(String tensor) {
    return tensor.endsWith(".rw") ? LSTMParamInitializer.RECURRENT_WEIGHT_KEY : LSTMParamInitializer.INPUT_WEIGHT_KEY;
  }

  /** The tensor's taps as {@code [tap][in][out]} matrices. */
  public static double[][][] read(INDArray p, WeightShape s) {
    if (p.length() != s.denseWeights()) {
      throw new IllegalArgumentException(s.tensor() + " has " + p.length() + " values, not " + s.denseWeights()
          + " (" + s.taps() + " x " + s.rows() + " x " + s.cols() + ")");
    }
    double[] flat = p.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[][][] m = new double[s.taps()][s.rows()][s.cols()];
    for (int t = 0; t < s.taps(); t++) {
      for (int i = 0; i < s.rows(); i++) {
        System.arraycopy(flat, (t * s.rows() + i) * s.cols(), m[t][i], 0, s.cols());
      }
    }
    return m;
  }

  /** Writes {@code [tap][in][out]} matrices into the parameter (or gradient) array {@code p}, in place. */
  public static void write(INDArray p, double[][][] m) {
    int rows = m[0].length;
    int cols = m[0][0].length;
    double[] flat = new double[m.length * rows * cols];
    for (int t = 0; t < m.length; t++) {
      for (int i = 0; i < rows; i++) {
        System.arraycopy(m[t][i], 0, flat, (t * rows + i) * cols, cols);
      }
    }
    p.assign(Nd4j.create(flat, p.shape(), 'c').castTo(p.dataType()));
  }

  /** Projects every matrix the spec names onto its block-circulant structure, in place. */
  public static void project(ComputationGraph graph, CirculantSpec spec, NetworkConfig net) {
    for (Map.Entry<String, Integer> e : spec.blocks().entrySet()) {
      INDArray p = parameter(graph, e.getKey());
      write(p, expand(project(read(p, WeightShape.of(net, e.getKey())), e.getValue())));
    }
  }

  /** The defining vectors of every tensor the spec names, one {@link CirculantMatrix} per tap. */
  public static Map<String, List<CirculantMatrix>> vectors(ComputationGraph graph, CirculantSpec spec, NetworkConfig net) {
    Map<String, List<CirculantMatrix>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : spec.blocks().entrySet()) {
      out.put(e.getKey(), project(read(parameter(graph, e.getKey()), WeightShape.of(net, e.getKey())), e.getValue()));
    }
    return out;
  }

  /** Largest distance of a spec'd weight from its projection: 0 exactly when the graph keeps the structure. */
  public static Map<String, Double> deviations(ComputationGraph graph, CirculantSpec spec, NetworkConfig net) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : spec.blocks().entrySet()) {
      double worst = 0;
      for (double[][] tap : read(parameter(graph, e.getKey()), WeightShape.of(net, e.getKey()))) {
        worst = Math.max(worst, CirculantMatrix.deviation(tap, e.getValue()));
      }
      out.put(e.getKey(), worst);
    }
    return out;
  }

  static List<CirculantMatrix> project(double[][][] taps, int k) {
    List<CirculantMatrix> out = new ArrayList<>(taps.length);
    for (double[][] tap : taps) {
      out.add(CirculantMatrix.project(tap, k));
    }
    return out;
  }

  static double[][][] expand(List<CirculantMatrix> taps) {
    double[][][] out = new double[taps.size()][][];
    for (int t = 0; t < out.length; t++) {
      out[t] = taps.get(t).expand();
    }
    return out;
  }
}
