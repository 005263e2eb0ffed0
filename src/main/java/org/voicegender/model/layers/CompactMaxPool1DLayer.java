package org.voicegender.model.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.Subsampling1DLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling over time of {@code [batch, channels, width]} (NCW) in Java loops: output {@code
 * y[e][c][t] = max_{j < k} x[e][c][t·s + j]} for kernel k and stride s, no padding, truncating
 * what does not fill a window (DL4J's {@code Truncate} mode); backpropagation routes each output
 * gradient to the first input that attained the maximum. Float arrays only, read and written in
 * bulk into arrays the layer keeps from one minibatch to the next. Other configurations (average
 * pooling, padding, dilation, masks, other data types) are left to DL4J's layer.
 */
public class CompactMaxPool1DLayer extends Subsampling1DLayer {
  /** Input index of each output's maximum, from the last training forward pass, and that input. */
  private transient int[] argmax;
  private transient INDArray argmaxInput;
  /** Arrays reused from one pass to the next (a layer runs one pass at a time). */
  private transient float[] xBuffer;
  private transient float[] yBuffer;
  private transient int[] atBuffer;
  private transient float[] dxBuffer;

  public CompactMaxPool1DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean handled() {
    var c = layerConf();
    return c.getPoolingType() == PoolingType.MAX && c.getPadding()[0] == 0 && c.getDilation()[0] == 1
        && convolutionMode == ConvolutionMode.Truncate
        && maskArray == null && input != null && input.rank() == 3
        && dataType == DataType.FLOAT && input.dataType() == DataType.FLOAT;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    if (!handled()) {
      argmax = null;
      return super.activate(training, workspaceMgr);
    }
    applyDropOutIfNecessary(training, workspaceMgr);
    int batch = (int) input.size(0);
    int channels = (int) input.size(1);
    int width = (int) input.size(2);
    int k = layerConf().getKernelSize()[0];
    int s = layerConf().getStride()[0];
    int out = (width - k) / s + 1;
    float[] x = xBuffer = NdArrays.toFloats(input, xBuffer);
    float[] y = yBuffer = NdArrays.reuse(yBuffer, batch * channels * out);
    int[] at = atBuffer = atBuffer != null && atBuffer.length == y.length ? atBuffer : new int[y.length];
    boolean vector = RowAxpy.VECTOR && PoolVector.fits(k);
    for (int row = 0; row < batch * channels; row++) {
      int base = row * width;
      for (int t = 0; t < out; t++) {
        if (vector) {
          int best = PoolVector.argmax(x, base + t * s, k);
          if (best >= 0) {
            y[row * out + t] = x[best];
            at[row * out + t] = best;
            continue;
          }
        }
        int best = base + t * s;
        for (int j = best + 1; j < base + t * s + k; j++) {
          if (x[j] > x[best]) {
            best = j;
          }
        }
        y[row * out + t] = x[best];
        at[row * out + t] = best;
      }
    }
    argmax = training ? at : null;
    argmaxInput = training ? input : null;
    INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {batch, channels, out}, 'c');
    NdArrays.assign(result, y);
    return result;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (!handled()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    if (argmax == null || argmaxInput != input) {
      activate(true, workspaceMgr);
    }
    float[] eps = yBuffer = NdArrays.toFloats(epsilon, yBuffer);
    float[] dx = dxBuffer = NdArrays.reuse(dxBuffer, (int) input.length());
    java.util.Arrays.fill(dx, 0f);
    for (int i = 0; i < eps.length; i++) {
      dx[argmax[i]] += eps[i];
    }
    argmax = null;
    argmaxInput = null;
    INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
    NdArrays.assign(epsOut, dx);
    return new Pair<>(new DefaultGradient(), epsOut);
  }

  @Override
  public void clear() {
    super.clear();
    argmax = null;
    argmaxInput = null;
  }
}
