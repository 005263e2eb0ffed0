package org.voicegender.quant;

import java.util.ArrayList;
import java.util.List;
import org.voicegender.activation.ActivationFunction;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.NetworkConfig;

/**
 * The network's forward pass in double precision over {@link NetworkWeights}, one window at a
 * time, keeping every layer's output and every LSTM step: the float reference that DL4J is
 * checked against and that the quantization sweep runs. Given a {@link QuantizationPlan}, it
 * rounds at exactly the points the integer {@link GoldenModel} does ("fake quantization"), so the
 * two agree bit for bit; the activation functions are pluggable.
 */
public final class ReferenceModel {
  private final NetworkWeights weights;
  private final QuantizationPlan plan;
  private final LstmActivations functions;
  private final NetworkConfig net;
  private final FixedPointFormat[] accumulators;

  /**
   * @param weights the float weights (the plan rounds them)
   * @param plan where and how to round; {@link QuantizationPlan#none()} for the float network
   */
  public ReferenceModel(NetworkWeights weights, QuantizationPlan plan, LstmActivations functions) {
    this.net = weights.network();
    this.weights = plan.apply(weights);
    this.plan = plan;
    this.functions = functions;
    List<String> layers = layers(net);
    this.accumulators = new FixedPointFormat[layers.size()];
    for (int i = 0; i < layers.size(); i++) {
      accumulators[i] = plan.accumulator(layers.get(i), net);
    }
  }

  /** The float network with exact activations. */
  public static ReferenceModel exact(NetworkWeights weights) {
    return new ReferenceModel(weights, QuantizationPlan.none(), LstmActivations.exact());
  }

  /** Layers with weights, in order: conv_0, conv_2, lstm, fc_1 … fc_N. */
  public static List<String> layers(NetworkConfig net) {
    List<String> l = new ArrayList<>(List.of("conv_0", "conv_2", "lstm"));
    for (int i = 1; i <= net.dense().size() + 1; i++) {
      l.add("fc_" + i);
    }
    return l;
  }

  public QuantizationPlan plan() {
    return plan;
  }

  public NetworkWeights weights() {
    return weights;
  }

  /**
   * Every intermediate value of one window. Arrays are {@code [channel][frame]} for the
   * convolutions and the pool, {@code [step][4·units]} for the gate pre-activations {@code z}
   * and activations (blocks g, f, o, i), {@code [step][units]} for cell and hidden state.
   */
  public record Trace(
      double[][] input, double[][] conv0, double[][] conv2, double[][] pool,
      double[][] z, double[][] gates, double[][] cell, double[][] hidden, double[] flat,
      List<double[]> dense) {
    /** The output scores (before softmax). */
    public double[] scores() {
      return dense.get(dense.size() - 1);
    }

    /** P(male): softmax of the two scores. */
    public double maleProbability() {
      double[] s = scores();
      return 1 / (1 + Math.exp(s[0] - s[1]));
    }
  }

  /** A raw MFCC window {@code [channels][frames]} standardised as the model's normaliser does. */
  public static double[][] standardise(FeatureNormalizer n, float[][] raw) {
    double[][] x = new double[raw.length][raw[0].length];
    for (int c = 0; c < raw.length; c++) {
      float m = (float) n.mean()[c];
      float scale = (float) (1.0 / n.std()[c]);
      for (int t = 0; t < raw[c].length; t++) {
        x[c][t] = (raw[c][t] - m) * scale; // float arithmetic, as FeatureNormalizer.apply
      }
    }
    return x;
  }

  public Trace forward(float[][] raw) {
    double[][] input = standardise(weights.normalizer(), raw);
    round(input, QuantizationPlan.INPUT);
    double[][] c0 = conv(input, weights.conv0(), accumulators[0]);
    round(c0, "conv_0");
    double[][] c2 = conv(c0, weights.conv2(), accumulators[1]);
    round(c2, "conv_2");
    double[][] pool = maxPool(c2, net.pool());
    int steps = pool[0].length;
    int n = weights.lstm().units();
    double[][] z = new double[steps][];
    double[][] gates = new double[steps][4 * n];
    double[][] cell = new double[steps][n];
    double[][] hidden = new double[steps][n];
    NetworkWeights.Lstm l = weights.lstm();
    for (int t = 0; t < steps; t++) {
      double[] zt = l.b().clone();
      for (int k = 0; k < pool.length; k++) {
        double xv = pool[k][t];
        for (int j = 0; j < 4 * n; j++) {
          zt[j] += xv * l.w()[k][j];
        }
      }
      if (t > 0) {
        for (int k = 0; k < n; k++) {
          double hv = hidden[t - 1][k];
          for (int j = 0; j < 4 * n; j++) {
            zt[j] += hv * l.rw()[k][j];
          }
        }
      }
      accumulate(zt, accumulators[2]);
      for (int j = 0; j < 4 * n; j++) {
        zt[j] = round(zt[j], QuantizationPlan.LSTM_Z);
      }
      z[t] = zt;
      for (int u = 0; u < n; u++) {
        double a = activate(functions.input(), zt[u]);
        double f = activate(functions.gate(), zt[n + u]);
        double o = activate(functions.gate(), zt[2 * n + u]);
        double i = activate(functions.gate(), zt[3 * n + u]);
        gates[t][u] = a;
        gates[t][n + u] = f;
        gates[t][2 * n + u] = o;
        gates[t][3 * n + u] = i;
        double previous = t > 0 ? cell[t - 1][u] : 0.0;
        cell[t][u] = round(f * previous + i * a, QuantizationPlan.LSTM_CELL);
        hidden[t][u] = round(o * activate(functions.cell(), cell[t][u]), QuantizationPlan.LSTM_HIDDEN);
      }
    }
    double[] flat = new double[steps * n];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(hidden[t], 0, flat, t * n, n);
    }
    List<double[]> dense = new ArrayList<>();
    double[] x = flat;
    for (int d = 0; d < weights.dense().size(); d++) {
      NetworkWeights.Dense layer = weights.dense().get(d);
      double[] y = layer.b().clone();
      for (int i = 0; i < x.length; i++) {
        double xv = x[i];
        double[] row = layer.w()[i];
        for (int j = 0; j < y.length; j++) {
          y[j] += xv * row[j];
        }
      }
      accumulate(y, accumulators[3 + d]);
      for (int j = 0; j < y.length; j++) {
        y[j] = round(layer.relu() ? Math.max(0, y[j]) : y[j], layer.name());
      }
      dense.add(y);
      x = y;
    }
    return new Trace(input, c0, c2, pool, z, gates, cell, hidden, flat, List.copyOf(dense));
  }

  /** P(male) of each window. */
  public double[] maleProbabilities(List<float[][]> windows) {
    return windows.parallelStream().mapToDouble(w -> forward(w).maleProbability()).toArray();
  }

  /** The function's value at a gate, rounded to the gate format. */
  private double activate(ActivationFunction f, double x) {
    return round(f.apply(x), QuantizationPlan.LSTM_GATE);
  }

  private double[][] conv(double[][] x, NetworkWeights.Conv layer, FixedPointFormat acc) {
    int out = layer.w().length;
    int in = layer.w()[0].length;
    int k = layer.w()[0][0].length;
    int frames = x[0].length - k + 1;
    double[][] y = new double[out][frames];
    for (int o = 0; o < out; o++) {
      double[] yo = y[o];
      java.util.Arrays.fill(yo, layer.b()[o]);
      for (int i = 0; i < in; i++) {
        double[] xi = x[i];
        for (int j = 0; j < k; j++) {
          double w = layer.w()[o][i][j];
          for (int t = 0; t < frames; t++) {
            yo[t] += w * xi[t + j];
          }
        }
      }
      accumulate(yo, acc);
      for (int t = 0; t < frames; t++) {
        yo[t] = Math.max(0, yo[t]);
      }
    }
    return y;
  }

  static double[][] maxPool(double[][] x, int size) {
    int steps = x[0].length / size;
    double[][] y = new double[x.length][steps];
    for (int c = 0; c < x.length; c++) {
      for (int t = 0; t < steps; t++) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < size; j++) {
          m = Math.max(m, x[c][t * size + j]);
        }
        y[c][t] = m;
      }
    }
    return y;
  }

  /** Saturates exact sums to the accumulator, when there is one. */
  private static void accumulate(double[] v, FixedPointFormat acc) {
    if (acc != null) {
      for (int i = 0; i < v.length; i++) {
        v[i] = acc.round(v[i]);
      }
    }
  }

  private double round(double v, String stage) {
    FixedPointFormat f = plan.activation(stage);
    return f == null ? v : f.round(v);
  }

  private void round(double[][] v, String stage) {
    FixedPointFormat f = plan.activation(stage);
    if (f != null) {
      for (double[] row : v) {
        for (int i = 0; i < row.length; i++) {
          row[i] = f.round(row[i]);
        }
      }
    }
  }
}
