package org.voicegender.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.activation.LstmActivations;

/**
 * The forward pass and backpropagation through time of {@link CompactLstm}, in double precision
 * over plain arrays that the layer keeps from one minibatch to the next. Input {@code [batch,
 * nIn, steps]} (NCW), output {@code [batch, units, steps]}; gate pre-activations z = b + x·W +
 * h·RW with column blocks g (tanh), f, o, i (σ).
 */
public class CompactLstmLayer extends LSTM {
  /** The forward pass kept for backpropagation (training only). */
  private record Cache(
      int batch, int steps, double[] x, double[] z, double[] gates, double[] cells, double[] cellTanh,
      double[] hidden) {}

  private transient Cache cache;
  private transient String functionsJson;
  private transient LstmActivations functions;
  /** Arrays reused from one pass to the next (a layer runs one pass at a time), by slot. */
  private transient double[][] scratch;
  private static final int X = 0, W = 1, RW = 2, B = 3, Z = 4, GATES = 5, CELLS = 6, CELL_TANH = 7, HIDDEN = 8,
      EPS = 9, DW = 10, DRW = 11, DB = 12, DX = 13, SLOTS = 14;

  /** The array of {@code slot}, reused when it has {@code length} elements (its old values stay). */
  private double[] scratch(int slot, int length) {
    if (scratch == null) {
      scratch = new double[SLOTS][];
    }
    return scratch[slot] = NdArrays.reuse(scratch[slot], length);
  }

  /** The configured functions, parsed once per configuration string. */
  private LstmActivations functions() {
    String json = ((CompactLstm) layerConf()).getApproximations();
    if (functions == null || !java.util.Objects.equals(json, functionsJson)) {
      functions = ((CompactLstm) layerConf()).functions();
      functionsJson = json;
    }
    return functions;
  }

  public CompactLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    int batch = (int) input.size(0);
    int nIn = (int) input.size(1);
    int steps = (int) input.size(2);
    int n = (int) layerConf().getNOut();
    double[] x = NdArrays.toDoubles(input, scratch(X, batch * nIn * steps));
    double[] w = param(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr, W);
    double[] rw = param(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr, RW);
    double[] b = param(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr, B);
    LstmActivations fn = functions();
    // every element of these is written below
    double[] zs = scratch(Z, batch * steps * 4 * n); // pre-activations, kept for backprop
    double[] gates = scratch(GATES, batch * steps * 4 * n); // activations a, f, o, i
    double[] cells = scratch(CELLS, batch * steps * n);
    double[] cellTanh = scratch(CELL_TANH, batch * steps * n); // the cell function of each cell state
    double[] hidden = scratch(HIDDEN, batch * n * steps); // output layout [batch, n, steps]
    double[] z = new double[4 * n];
    for (int e = 0; e < batch; e++) {
      for (int t = 0; t < steps; t++) {
        System.arraycopy(b, 0, z, 0, 4 * n);
        for (int k = 0; k < nIn; k++) {
          RowAxpy.axpy(x[(e * nIn + k) * steps + t], w, k * 4 * n, z, 0, 4 * n);
        }
        if (t > 0) {
          for (int k = 0; k < n; k++) {
            RowAxpy.axpy(hidden[(e * n + k) * steps + t - 1], rw, k * 4 * n, z, 0, 4 * n);
          }
        }
        int g = (e * steps + t) * 4 * n;
        int c = (e * steps + t) * n;
        System.arraycopy(z, 0, zs, g, 4 * n);
        for (int u = 0; u < n; u++) {
          double a = fn.input().apply(z[u]);
          double f = fn.gate().apply(z[n + u]);
          double o = fn.gate().apply(z[2 * n + u]);
          double i = fn.gate().apply(z[3 * n + u]);
          double previous = t > 0 ? cells[c - n + u] : 0.0;
          double cell = f * previous + i * a;
          gates[g + u] = a;
          gates[g + n + u] = f;
          gates[g + 2 * n + u] = o;
          gates[g + 3 * n + u] = i;
          cells[c + u] = cell;
          cellTanh[c + u] = fn.cell().apply(cell);
          hidden[(e * n + u) * steps + t] = o * cellTanh[c + u];
        }
      }
    }
    cache = training ? new Cache(batch, steps, x, zs, gates, cells, cellTanh, hidden) : null;
    // Fortran order, as DL4J's own LSTM returns it: the flatten vertex's 'f' reshape to [batch,
    // steps·units] is then a view rather than a copy, and so is its reshape of the gradient back
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {batch, n, steps}, 'f');
    NdArrays.assign(out, hidden);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (cache == null) {
      activate(true, workspaceMgr);
    }
    Cache k = cache;
    LstmActivations fn = functions();
    int batch = k.batch();
    int steps = k.steps();
    int n = (int) layerConf().getNOut();
    int nIn = (int) input.size(1);
    double[] eps = NdArrays.toDoubles(epsilon, scratch(EPS, batch * n * steps));
    double[] w = param(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr, W);
    double[] rw = param(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr, RW);
    double[] dW = zeroed(DW, nIn * 4 * n);
    double[] dRW = zeroed(DRW, n * 4 * n);
    double[] db = zeroed(DB, 4 * n);
    double[] dx = scratch(DX, batch * nIn * steps); // every element written below
    double[] dz = new double[4 * n];
    double[] dhNext = new double[n];
    double[] dcNext = new double[n];
    for (int e = 0; e < batch; e++) {
      java.util.Arrays.fill(dhNext, 0);
      java.util.Arrays.fill(dcNext, 0);
      for (int t = steps - 1; t >= 0; t--) {
        int g = (e * steps + t) * 4 * n;
        int c = (e * steps + t) * n;
        for (int u = 0; u < n; u++) {
          double a = k.gates()[g + u];
          double f = k.gates()[g + n + u];
          double o = k.gates()[g + 2 * n + u];
          double i = k.gates()[g + 3 * n + u];
          double cell = k.cells()[c + u];
          double tc = k.cellTanh()[c + u];
          double previous = t > 0 ? k.cells()[c - n + u] : 0.0;
          double dh = eps[(e * n + u) * steps + t] + dhNext[u];
          // derivatives from the forward pass's values: no function is evaluated again
          double dc = dh * o * fn.cell().derivative(cell, tc) + dcNext[u];
          dz[u] = dc * i * fn.input().derivative(k.z()[g + u], a);
          dz[n + u] = dc * previous * fn.gate().derivative(k.z()[g + n + u], f);
          dz[2 * n + u] = dh * tc * fn.gate().derivative(k.z()[g + 2 * n + u], o);
          dz[3 * n + u] = dc * a * fn.gate().derivative(k.z()[g + 3 * n + u], i);
          dcNext[u] = dc * f;
        }
        for (int j = 0; j < 4 * n; j++) {
          db[j] += dz[j];
        }
        for (int q = 0; q < nIn; q++) {
          int row = q * 4 * n;
          RowAxpy.axpy(k.x()[(e * nIn + q) * steps + t], dz, 0, dW, row, 4 * n);
          double sum = 0;
          for (int j = 0; j < 4 * n; j++) { // a dot product stays a sequential sum: the same rounding
            sum += w[row + j] * dz[j];
          }
          dx[(e * nIn + q) * steps + t] = sum;
        }
        for (int q = 0; q < n; q++) {
          int row = q * 4 * n;
          RowAxpy.axpy(t > 0 ? k.hidden()[(e * n + q) * steps + t - 1] : 0.0, dz, 0, dRW, row, 4 * n);
          double sum = 0;
          for (int j = 0; j < 4 * n; j++) {
            sum += rw[row + j] * dz[j];
          }
          dhNext[q] = sum;
        }
      }
    }
    Gradient gradient = new DefaultGradient();
    gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY,
        fill(LSTMParamInitializer.INPUT_WEIGHT_KEY, dW));
    gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
        fill(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, dRW));
    gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, fill(LSTMParamInitializer.BIAS_KEY, db));
    INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, new long[] {batch, nIn, steps}, 'c');
    NdArrays.assign(epsOut, dx);
    cache = null;
    return new Pair<>(gradient, epsOut);
  }

  /**
   * A parameter as the forward pass uses it: with the layer's weight noise applied when it has
   * one (e.g. fake quantization; the gradient then flows straight through to the float weights).
   */
  private double[] param(String key, boolean training, LayerWorkspaceMgr workspaceMgr, int slot) {
    INDArray p = getParamWithNoise(key, training, workspaceMgr);
    return NdArrays.toDoubles(p, scratch(slot, (int) p.length()));
  }

  private double[] zeroed(int slot, int length) {
    double[] a = scratch(slot, length);
    java.util.Arrays.fill(a, 0);
    return a;
  }

  /** Writes a gradient into its view of the flattened gradient array, in the view's shape. */
  private INDArray fill(String key, double[] values) {
    INDArray view = gradientViews.get(key);
    NdArrays.assign(view, values);
    return view;
  }

  @Override
  public void clearNoiseWeightParams() {
    cache = null;
    super.clearNoiseWeightParams();
  }
}
