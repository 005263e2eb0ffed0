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

  /** The forward pass of a training step in floats, kept for its backward pass ({@link LstmVector}). */
  private record VectorCache(int batch, int nIn, int steps, float[] x, float[] wr, float[] gates, float[] cells,
      float[] cellTanh, float[] h) {}

  private transient VectorCache vectorCache;
  /** Whether training passes may take {@link LstmVector}; tests turn it off to compare. */
  transient boolean vectorTraining = true;
  private transient float[][] floats;
  private static final int FX = 0, FW = 1, FRW = 2, FB = 3, FWR = 4, FGATES = 5, FCELLS = 6, FTANH = 7, FH = 8,
      FHIDDEN = 9, FEPS = 10, FWRT = 11, FDWR = 12, FDB = 13, FDX = 14, FDW = 15, FDRW = 16, FINS = 17, FDZS = 18,
      FXH = 19, FZ = 20, FSLOTS = 21;

  private float[] floats(int slot, int length) {
    if (floats == null) {
      floats = new float[FSLOTS][];
    }
    return floats[slot] = NdArrays.reuse(floats[slot], length);
  }

  /**
   * Whether a training pass takes {@link LstmVector}: the exact functions, units in whole vectors,
   * floats, no mask, weight noise or dropout. Inference keeps the double-precision loops, whose
   * numbers the fixed-point work compares against.
   */
  boolean vectorHandled() {
    LstmActivations fn = functions();
    var c = layerConf();
    return vectorTraining && RowAxpy.VECTOR && fn.gate() == org.voicegender.activation.ActivationFunction.SIGMOID
        && fn.input() == org.voicegender.activation.ActivationFunction.TANH
        && fn.cell() == org.voicegender.activation.ActivationFunction.TANH
        && LstmVector.fits((int) c.getNOut()) && maskArray == null && c.getWeightNoise() == null
        && c.getIDropout() == null && input != null && input.rank() == 3
        && dataType == DataType.FLOAT && input.dataType() == DataType.FLOAT;
  }

  private INDArray vectorForward(LayerWorkspaceMgr workspaceMgr) {
    int batch = (int) input.size(0);
    int nIn = (int) input.size(1);
    int steps = (int) input.size(2);
    int n = (int) layerConf().getNOut();
    int n4 = 4 * n;
    int rows = nIn + n;
    float[] x = NdArrays.toFloats(input, floats(FX, batch * nIn * steps));
    float[] w = NdArrays.toFloats(getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY), floats(FW, nIn * n4));
    float[] rw = NdArrays.toFloats(getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY), floats(FRW, n * n4));
    float[] b = NdArrays.toFloats(getParam(LSTMParamInitializer.BIAS_KEY), floats(FB, n4));
    float[] wr = floats(FWR, rows * n4);
    System.arraycopy(w, 0, wr, 0, w.length);
    System.arraycopy(rw, 0, wr, w.length, rw.length);
    float[] gates = floats(FGATES, batch * steps * n4);
    float[] cells = floats(FCELLS, batch * steps * n);
    float[] cellTanh = floats(FTANH, batch * steps * n);
    float[] h = floats(FH, batch * steps * n); // [batch][steps][n]
    float[] hidden = floats(FHIDDEN, batch * n * steps); // the output [batch][n][steps] in Fortran order
    float[] xh = floats(FXH, batch * rows); // [x_t; h_{t−1}] of each example, zeros for h_{−1}
    float[] z = floats(FZ, batch * n4);
    // a step at a time for the minibatch (or half of it on each of two threads: the examples'
    // recurrences are independent): every example's gate sums in one register-blocked product,
    // then the cells; an example at a time, each step waited for its sums' latency
    ExampleHalves.run(batch, (half, from, to) -> {
      for (int t = 0; t < steps; t++) {
        for (int e = from; e < to; e++) {
          for (int k = 0; k < nIn; k++) {
            xh[e * rows + k] = x[(e * nIn + k) * steps + t];
          }
          if (t > 0) {
            System.arraycopy(h, (e * steps + t - 1) * n, xh, e * rows + nIn, n);
          } else {
            java.util.Arrays.fill(xh, e * rows + nIn, (e + 1) * rows, 0f);
          }
        }
        FloatConvolution.convolve(xh, from * rows, rows, to - from, wr, b, n4, z, from * n4, false);
        for (int e = from; e < to; e++) {
          int c = (e * steps + t) * n;
          LstmVector.step(z, e * n4, n, gates, c * 4, cells, t > 0 ? c - n : -1, c, cellTanh, h, c);
          for (int u = 0; u < n; u++) {
            hidden[e + batch * (u + n * t)] = h[c + u];
          }
        }
      }
    });
    vectorCache = new VectorCache(batch, nIn, steps, x, wr, gates, cells, cellTanh, h);
    // Fortran order, as DL4J's own LSTM returns it (see activate)
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {batch, n, steps}, 'f');
    NdArrays.assignBuffer(out, hidden);
    return out;
  }

  /** The step's input {@code x[e][·][t]} and the previous step's output (zeros at the first). */
  private static void stepInput(float[] x, float[] h, int e, int t, int nIn, int n, int steps, float[] in) {
    for (int k = 0; k < nIn; k++) {
      in[k] = x[(e * nIn + k) * steps + t];
    }
    for (int u = 0; u < n; u++) {
      in[nIn + u] = t > 0 ? h[(e * steps + t - 1) * n + u] : 0f;
    }
  }

  private Pair<Gradient, INDArray> vectorBackward(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    VectorCache k = vectorCache;
    vectorCache = null;
    int batch = k.batch();
    int steps = k.steps();
    int nIn = k.nIn();
    int n = (int) layerConf().getNOut();
    int n4 = 4 * n;
    int rows = nIn + n;
    int rowsPadded = (rows + LstmVector.L - 1) / LstmVector.L * LstmVector.L;
    float[] eps = NdArrays.toFloats(epsilon, floats(FEPS, batch * n * steps));
    float[] wrT = floats(FWRT, n4 * rowsPadded);
    java.util.Arrays.fill(wrT, 0f);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < n4; j++) {
        wrT[j * rowsPadded + r] = k.wr()[r * n4 + j];
      }
    }
    float[] dwr = floats(FDWR, rows * n4);
    java.util.Arrays.fill(dwr, 0f);
    float[] db = floats(FDB, n4);
    java.util.Arrays.fill(db, 0f);
    float[] dx = floats(FDX, batch * nIn * steps);
    // dwr = Σ in ⊗ dz over every (example, step) as one register-blocked product after the
    // recurrence, where the gates fill whole vectors; else row updates step by step
    boolean product = Conv1dVector.vectorsOverP(n4);
    float[] ins = product ? floats(FINS, batch * steps * rows) : null;
    float[] dzs = product ? floats(FDZS, batch * steps * n4) : null;
    ExampleHalves.Range examples = (half, from, to) -> {
      float[] dz = new float[n4];
      float[] dh = new float[n];
      float[] dhNext = new float[n];
      float[] dcNext = new float[n];
      float[] grad = new float[rowsPadded];
      float[] in = new float[rows];
      for (int e = from; e < to; e++) {
        java.util.Arrays.fill(dhNext, 0f);
        java.util.Arrays.fill(dcNext, 0f);
        for (int t = steps - 1; t >= 0; t--) {
          int c = (e * steps + t) * n;
          for (int u = 0; u < n; u++) {
            dh[u] = eps[(e * n + u) * steps + t] + dhNext[u];
          }
          for (int u0 = 0; u0 < n; u0 += LstmVector.L) {
            LstmVector.backward(n, k.gates(), c * 4, k.cells(), t > 0 ? c - n : -1, c, k.cellTanh(), dh, dcNext, u0,
                dz);
          }
          stepInput(k.x(), k.h(), e, t, nIn, n, steps, in);
          if (product) { // the sums after the recurrence
            int pair = e * steps + (steps - 1 - t); // in the order the pairs are visited
            System.arraycopy(in, 0, ins, pair * rows, rows);
            System.arraycopy(dz, 0, dzs, pair * n4, n4);
          } else {
            LstmVector.accumulate(in, rows, dz, n4, dwr, db);
          }
          LstmVector.inputGradient(wrT, rowsPadded, dz, n4, grad);
          for (int q = 0; q < nIn; q++) {
            dx[(e * nIn + q) * steps + t] = grad[q];
          }
          System.arraycopy(grad, nIn, dhNext, 0, n);
        }
      }
    };
    if (product) { // two threads may take half the examples each: the sums come after, in order
      ExampleHalves.run(batch, examples);
      for (int pair = 0; pair < batch * steps; pair++) {
        LstmVector.add(dzs, pair * n4, n4, db);
      }
    } else {
      examples.run(0, 0, batch);
    }
    if (product) {
      Conv1dVector.outerProducts(ins, rows, dzs, n4, batch * steps, dwr);
    }
    float[] dW = floats(FDW, nIn * n4);
    float[] dRW = floats(FDRW, n * n4);
    System.arraycopy(dwr, 0, dW, 0, dW.length);
    System.arraycopy(dwr, dW.length, dRW, 0, dRW.length);
    Gradient gradient = new DefaultGradient();
    gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, fill(LSTMParamInitializer.INPUT_WEIGHT_KEY, dW));
    gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
        fill(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, dRW));
    gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, fill(LSTMParamInitializer.BIAS_KEY, db));
    INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, new long[] {batch, nIn, steps}, 'c');
    NdArrays.assign(epsOut, dx);
    return new Pair<>(gradient, epsOut);
  }

  private INDArray fill(String key, float[] values) {
    INDArray view = gradientViews.get(key);
    NdArrays.assign(view, values);
    return view;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    vectorCache = null;
    if (training && vectorHandled()) {
      cache = null;
      return vectorForward(workspaceMgr);
    }
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
    if (vectorCache == null && cache == null && vectorHandled()) {
      activate(true, workspaceMgr);
    }
    if (vectorCache != null) {
      return vectorBackward(epsilon, workspaceMgr);
    }
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
    vectorCache = null;
    super.clearNoiseWeightParams();
  }
}
