package org.voicegender.model.layers;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer's arithmetic on row-major float arrays, for {@link CompactDenseLayer} and {@link
 * CompactOutputLayer}: the pre-activations {@code z = x·W + b} of a forward pass, and from the
 * loss's gradient at them ({@code δ}, which the layer fills in) {@code dW = xᵀ·δ}, {@code db = Σ
 * δ} over the batch and {@code dx = δ·Wᵀ}. With the Vector API, {@code z} and {@code dx} are
 * {@link FloatConvolution}'s one-frame-an-example products (a register or two of outputs for a
 * block of examples) and {@code dW} is {@link Conv1dVector#weightGradient}'s with one frame, where
 * the widths are whole vectors (the output layer's two units are padded for {@code z}); otherwise,
 * and for {@code db}, every inner loop adds a scaled row to a row ({@link RowAxpy}), skipping rows
 * scaled by zero. A register-blocked product was 2-5x faster than the row updates, whose every
 * multiply-add loads and stores its row, even with ReLU's zeros skipped.
 * Sums run in another order than DL4J's BLAS calls, so results agree with DL4J's layers to float
 * rounding. The arrays are kept from one pass to the next (a layer runs one pass at a time); the
 * input and pre-activations of the last forward pass stay for its backward pass.
 */
final class DensePass {
  /**
   * The last forward pass's input {@code [batch][nIn]} and pre-activations {@code [batch][nOut]}
   * (which a layer may turn into its activations in place: the backward pass reads {@code x}).
   */
  float[] x;
  float[] z;
  /** The backward pass's {@code δ [batch][nOut]}, filled in by the layer. */
  float[] delta;
  int batch;
  int nIn;
  int nOut;
  private float[] w;
  private float[] b;
  private float[] wT;
  private float[] db;
  private float[] dW;
  private float[] dx;
  private float[] wPadded;
  private float[] bPadded;
  private float[] zPadded;

  /** The pre-activations of {@code input} (also kept in {@link #z}). */
  float[] forward(INDArray input, INDArray weights, INDArray bias) {
    batch = (int) input.size(0);
    nIn = (int) input.size(1);
    nOut = (int) weights.size(1);
    x = NdArrays.toFloats(input, x);
    w = NdArrays.toFloats(weights, w);
    b = NdArrays.toFloats(bias, b);
    z = NdArrays.reuse(z, batch * nOut);
    if (RowAxpy.VECTOR) {
      int stride = FloatConvolution.padded(nOut);
      if (stride == nOut) {
        FloatConvolution.convolve(x, 0, nIn, batch, w, b, nOut, z, 0, false);
      } else { // outputs padded to whole vectors with zero weights, then copied out
        wPadded = NdArrays.reuse(wPadded, nIn * stride);
        bPadded = NdArrays.reuse(bPadded, stride);
        java.util.Arrays.fill(wPadded, 0f);
        java.util.Arrays.fill(bPadded, 0f);
        for (int i = 0; i < nIn; i++) {
          System.arraycopy(w, i * nOut, wPadded, i * stride, nOut);
        }
        System.arraycopy(b, 0, bPadded, 0, nOut);
        zPadded = NdArrays.reuse(zPadded, batch * stride);
        FloatConvolution.convolve(x, 0, nIn, batch, wPadded, bPadded, stride, zPadded, 0, false);
        for (int e = 0; e < batch; e++) {
          System.arraycopy(zPadded, e * stride, z, e * nOut, nOut);
        }
      }
      return z;
    }
    for (int e = 0; e < batch; e++) {
      int row = e * nOut;
      System.arraycopy(b, 0, z, row, nOut);
      for (int i = 0; i < nIn; i++) {
        float xi = x[e * nIn + i];
        if (xi != 0f) {
          RowAxpy.axpy(xi, w, i * nOut, z, row, nOut);
        }
      }
    }
    return z;
  }

  /**
   * The backward pass of the last forward pass from {@link #delta}: the weight and bias gradients
   * written into the layer's gradient views, and the gradient at the input, in a new array of the
   * input's shape and order (so that an 'f' reshape before the layer stays a view).
   */
  Pair<Gradient, INDArray> backward(INDArray input, INDArray weights, INDArray weightGrad, INDArray biasGrad,
      LayerWorkspaceMgr workspaceMgr) {
    wT = NdArrays.toFloats(weights.transpose(), wT); // [nOut][nIn]
    dW = NdArrays.reuse(dW, nIn * nOut);
    db = NdArrays.reuse(db, nOut);
    java.util.Arrays.fill(db, 0f);
    dx = NdArrays.reuse(dx, batch * nIn);
    boolean productW = RowAxpy.VECTOR && Conv1dVector.vectorsOverP(nOut);
    boolean productX = RowAxpy.VECTOR && FloatConvolution.padded(nIn) == nIn;
    if (productW) { // overwrites dW
      Conv1dVector.outerProducts(x, nIn, delta, nOut, batch, dW);
    } else {
      java.util.Arrays.fill(dW, 0f);
    }
    if (productX) { // overwrites dx
      FloatConvolution.convolve(delta, 0, nOut, batch, wT, null, nIn, dx, 0, false);
    } else {
      java.util.Arrays.fill(dx, 0f);
    }
    for (int e = 0; e < batch; e++) {
      int dRow = e * nOut;
      RowAxpy.axpy(1f, delta, dRow, db, 0, nOut); // db += δ[e][·]
      if (!productW) {
        for (int i = 0; i < nIn; i++) { // dW[i][·] += x[e][i] · δ[e][·]
          float xi = x[e * nIn + i];
          if (xi != 0f) {
            RowAxpy.axpy(xi, delta, dRow, dW, i * nOut, nOut);
          }
        }
      }
      if (!productX) {
        for (int o = 0; o < nOut; o++) { // dx[e][·] += δ[e][o] · Wᵀ[o][·]
          float d = delta[dRow + o];
          if (d != 0f) {
            RowAxpy.axpy(d, wT, o * nIn, dx, e * nIn, nIn);
          }
        }
      }
    }
    NdArrays.assign(weightGrad, dW);
    NdArrays.assign(biasGrad, db);
    Gradient gradient = new DefaultGradient();
    gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
    gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
    INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(),
        input.ordering());
    NdArrays.assign(epsOut, dx);
    return new Pair<>(gradient, epsOut);
  }

  /** {@code values} as a new {@code [batch, nOut]} activations array. */
  INDArray activations(float[] values, DataType dataType, LayerWorkspaceMgr workspaceMgr) {
    INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {batch, nOut}, 'c');
    NdArrays.assign(result, values);
    return result;
  }
}
