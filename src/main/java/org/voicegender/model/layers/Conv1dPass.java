package org.voicegender.model.layers;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 1-D convolution's arithmetic for {@link CompactConv1DLayer}: stride 1, no padding or
 * dilation, input {@code [batch, C, W]} (NCW), output {@code [batch, O, T = W − K + 1]}, weights
 * in DL4J M2.1's buffer order {@code w[(k·C + i)·O + o]} (see {@code GenderNetwork}), ReLU or the
 * identity. The forward pass {@code y[o][t] = f(b[o] + Σ_k Σ_i w[k][i][o] · x[i][t + k])}; the
 * backward pass from {@code δ = ε ⊙ f'(z)}: {@code dW[k][i][o] = Σ_e Σ_t x[i][t + k] · δ[o][t]},
 * {@code db[o] = Σ_e Σ_t δ[o][t]} and, only when asked for, the gradient at the input {@code
 * dx[i][s] = Σ_k Σ_o w[k][i][o] · δ[o][s − k]} (a network's first layer has no use for it: its
 * input is the data). Each sum runs in {@link Conv1dVector} over rows padded with zeros to whole
 * vectors. The arrays are kept from one pass to the next (a layer runs one pass at a time); the
 * input and activations of the last forward pass stay for its backward pass.
 */
final class Conv1dPass {
  private static final int L = Conv1dVector.L;
  int batch;
  private int channels;
  private int width;
  private int out;
  private int kernel;
  private int length;
  /** Vectors of t per output row (a multiple of {@link Conv1dVector#TILE_VECTORS}, as the kernel takes them). */
  private int blocks;
  private int outPadded;
  private int xRow;
  private int yRow;
  private int dRow;
  private int[] taps;
  /** Input rows {@code [batch][C][xRow]}, zero past W. */
  private float[] x;
  /** Activations {@code [batch][outPadded][yRow]}. */
  private float[] y;
  private float[] w;
  private float[] c;
  private float[] bias;
  /** δ rows {@code [batch][outPadded][dRow]}: K − 1 zeros, T values, zeros. */
  private float[] d;
  private float[] g;
  /** The weight gradient's scratch ({@link Conv1dVector#weightGradient} or {@link Conv1dVector#correlateGradient}). */
  private float[] lanes;
  /** The second half's taps' sums when a minibatch is split ({@link ExampleHalves}). */
  private float[] g2;
  private float[] lanes2;
  /** δ of the whole minibatch as {@code [example][t][p]}, shared by two threads' weight gradients. */
  private float[] dT;
  private float[] dW;
  private float[] db;
  private float[] wT;
  private float[] dx;

  /** The row lengths {@link #x} and {@link #d} were laid out with: their pads hold zeros. */
  private int xKey;
  private int dKey;

  /**
   * {@code a} when it holds {@code n} elements laid out in rows of {@code row} as before (its
   * pads, never written, still zero; a smaller minibatch, such as an epoch's last, uses the
   * first rows), else a new zeroed array.
   */
  private static float[] padded(float[] a, int n, int row, int oldRow) {
    return a != null && a.length >= n && row == oldRow ? a : new float[n];
  }

  private static int roundUp(int n, int m) {
    return (n + m - 1) / m * m;
  }

  /** The activations of {@code input}, kept for the backward pass. */
  void forward(INDArray input, INDArray weights, INDArray biasParam, int outChannels, int kernelSize, boolean relu) {
    batch = (int) input.size(0);
    channels = (int) input.size(1);
    width = (int) input.size(2);
    out = outChannels;
    kernel = kernelSize;
    length = width - kernel + 1;
    blocks = roundUp((length + L - 1) / L, Conv1dVector.TILE_VECTORS);
    outPadded = roundUp(out, 4);
    xRow = roundUp(kernel - 1 + blocks * L, L);
    yRow = blocks * L;
    taps = new int[kernel];
    for (int j = 0; j < kernel; j++) {
      taps[j] = j;
    }
    x = padded(x, batch * channels * xRow, xRow, xKey);
    xKey = xRow;
    NdArrays.toRows(input, x, batch, channels, channels, xRow, 0);
    w = NdArrays.bufferFloats(weights, w);
    c = NdArrays.reuse(c, kernel * channels * outPadded);
    for (int r = 0; r < kernel * channels; r++) {
      System.arraycopy(w, r * out, c, r * outPadded, out);
    }
    bias = NdArrays.reuse(bias, outPadded);
    if (biasParam != null) {
      float[] b = NdArrays.bufferFloats(biasParam, null);
      System.arraycopy(b, 0, bias, 0, out);
    } else {
      java.util.Arrays.fill(bias, 0f);
    }
    y = NdArrays.reuse(y, batch * outPadded * yRow);
    float[] xs = x;
    float[] ys = y;
    ExampleHalves.run(batch, (half, from, to) ->
        Conv1dVector.correlate(xs, from, to, channels, xRow, c, outPadded, taps, bias, ys, yRow, blocks, relu));
  }

  /** The last forward pass's activations as a new {@code [batch, O, T]} array. */
  INDArray activations(DataType dataType, LayerWorkspaceMgr workspaceMgr) {
    INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
        new long[] {batch, out, length}, 'c');
    NdArrays.fromRows(result, y, batch, out, outPadded, yRow);
    return result;
  }

  /**
   * The backward pass of the last forward pass from the gradient {@code epsilon} at its
   * activations: the weight and bias gradients written into the layer's gradient views, and the
   * gradient at the input in a new array when {@code inputGradient}, else null.
   */
  INDArray backward(INDArray epsilon, boolean relu, INDArray weightGrad, INDArray biasGrad, boolean inputGradient,
      DataType dataType, LayerWorkspaceMgr workspaceMgr) {
    int dxBlocks = roundUp((width + L - 1) / L, Conv1dVector.TILE_VECTORS);
    dRow = roundUp(kernel - 1 + Math.max(blocks, dxBlocks) * L, L);
    d = padded(d, batch * outPadded * dRow, dRow, dKey);
    dKey = dRow;
    NdArrays.toRows(epsilon, d, batch, out, outPadded, dRow, kernel - 1);
    db = NdArrays.reuse(db, out);
    double[] biasSum = new double[out];
    for (int e = 0; e < batch; e++) {
      for (int o = 0; o < out; o++) {
        // the whole padded row: δ is zero past T, whatever y holds there
        biasSum[o] += Conv1dVector.reluBackward(d, (e * outPadded + o) * dRow + kernel - 1, y,
            (e * outPadded + o) * yRow, yRow, relu);
      }
    }
    for (int o = 0; o < out; o++) {
      db[o] = (float) biasSum[o];
    }
    int rows = kernel * channels;
    boolean overP = Conv1dVector.vectorsOverP(outPadded);
    float[] ds = d;
    // two threads take half the taps each over every example, not half the examples each: each
    // sum then runs over the examples in the same order as on one thread, to the same bits; δ
    // transposed for the whole minibatch first, half the examples each
    int firstTaps = ExampleHalves.splits(batch) && kernel >= 2 ? kernel / 2 : kernel;
    boolean shared = overP && firstTaps < kernel;
    if (shared) {
      dT = NdArrays.reuse(dT, batch * length * outPadded);
      float[] dTs = dT;
      ExampleHalves.run(batch, (half, from, to) ->
          Conv1dVector.transposeDeltas(ds, from, to, outPadded, dRow, kernel - 1, length, dTs, 0));
    } else { // scratch: δ transposed a few examples at a time (over p), or the lane-wise sums (over t)
      lanes = NdArrays.reuse(lanes, overP ? Conv1dVector.weightGradientScratch(outPadded, length)
          : rows * outPadded * L);
      if (firstTaps < kernel) {
        lanes2 = NdArrays.reuse(lanes2, lanes.length);
      }
    }
    g = NdArrays.reuse(g, firstTaps * channels * outPadded);
    ExampleHalves.Range sums = (half, from, to) -> {
      float[] sum = half == 0 ? g : g2;
      float[] scratch = half == 0 ? lanes : lanes2;
      int[] some = java.util.Arrays.copyOfRange(taps, from, to);
      if (shared) {
        Conv1dVector.weightGradientTransposed(Conv1dVector.WIDE, x, 0, batch, channels, xRow, dT, outPadded, length,
            some, sum);
      } else if (overP) {
        Conv1dVector.weightGradient(x, 0, batch, channels, xRow, ds, outPadded, dRow, kernel - 1, length, some, sum,
            scratch);
      } else {
        Conv1dVector.correlateGradient(x, 0, batch, channels, xRow, ds, outPadded, dRow, kernel - 1, some, blocks, sum,
            scratch);
      }
    };
    if (firstTaps < kernel) {
      g2 = NdArrays.reuse(g2, (kernel - firstTaps) * channels * outPadded);
      ExampleHalves.split(firstTaps, kernel, sums);
    } else {
      sums.run(0, 0, kernel);
    }
    dW = NdArrays.reuse(dW, rows * out);
    int firstRows = firstTaps * channels;
    for (int r = 0; r < rows; r++) {
      System.arraycopy(r < firstRows ? g : g2, (r < firstRows ? r : r - firstRows) * outPadded, dW, r * out, out);
    }
    NdArrays.assignBuffer(weightGrad, dW);
    if (biasGrad != null) {
      NdArrays.assignBuffer(biasGrad, db);
    }
    if (!inputGradient) {
      return null;
    }
    int inPadded = roundUp(channels, 4);
    wT = NdArrays.reuse(wT, kernel * outPadded * inPadded);
    java.util.Arrays.fill(wT, 0f);
    for (int j = 0; j < kernel; j++) {
      for (int i = 0; i < channels; i++) {
        for (int o = 0; o < out; o++) {
          wT[(j * outPadded + o) * inPadded + i] = w[(j * channels + i) * out + o];
        }
      }
    }
    int[] back = new int[kernel];
    for (int j = 0; j < kernel; j++) {
      back[j] = kernel - 1 - j;
    }
    int dxRow = dxBlocks * L;
    dx = NdArrays.reuse(dx, batch * inPadded * dxRow);
    float[] dxs = dx;
    float[] wTs = wT;
    ExampleHalves.run(batch, (half, from, to) ->
        Conv1dVector.correlate(ds, from, to, outPadded, dRow, wTs, inPadded, back, null, dxs, dxRow, dxBlocks, false));
    INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
        new long[] {batch, channels, width}, 'c');
    NdArrays.fromRows(epsOut, dx, batch, channels, inPadded, dxRow);
    return epsOut;
  }
}
