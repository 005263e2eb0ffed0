package org.voicegender.model.layers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Convolution1DLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.Convolution1DUtils;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv1DDerivative;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Convolution1DLayer} computed by {@link Conv1dPass} in SIMD registers when the layer is
 * a plain one (stride 1, no padding or dilation, {@code Truncate}, NCW, ReLU or the identity, no
 * dropout, weight noise or mask, floats, the Vector API there): DL4J's {@code conv1d} and {@code
 * conv1d_bp} ops cost more in im2col, col2im, the ReLU's own ops and array allocations than in
 * their matrix products on this network's small arrays. When the layer reads the network's input
 * ({@link InputGradients}), the backward pass skips the gradient at its input, a third of the
 * work, which nothing reads; it returns null there, as DL4J's embedding layers do.
 *
 * <p>Other configurations: the layer that keeps the pre-activations of a training forward pass (in the
 * activations workspace, which lives until backpropagation ends) and backpropagates from them
 * rather than convolving the input again. The backward pass is DL4J's otherwise: the same
 * {@code conv1d_bp} op on the same arrays, so the gradients are the same numbers.
 */
public class CompactConv1DLayer extends Convolution1DLayer {
  /** Pre-activations of the last training forward pass, and the input they were computed from. */
  private transient INDArray preActivation;
  private transient INDArray preActivationInput;

  private final transient Conv1dPass pass = new Conv1dPass();
  /** The input of the last training forward pass of {@link #pass}, while it is current. */
  private transient INDArray passInput;
  /** Whether the backward pass computes the gradient at the input (false at a network's input). */
  private transient boolean inputGradient = true;

  public CompactConv1DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Whether the backward pass computes the gradient at the layer's input; see {@link InputGradients}. */
  public void setInputGradient(boolean needed) {
    inputGradient = needed;
  }

  public boolean inputGradient() {
    return inputGradient;
  }

  private boolean relu() {
    return layerConf().getActivationFn() instanceof ActivationReLU;
  }

  /** Whether {@link #pass} computes this layer on its current input (see the class comment). */
  boolean handled() {
    org.deeplearning4j.nn.conf.layers.Convolution1DLayer c = layerConf();
    IActivation f = c.getActivationFn();
    boolean plainRelu = f instanceof ActivationReLU && f.equals(new ActivationReLU());
    return RowAxpy.VECTOR && (plainRelu || f instanceof ActivationIdentity)
        && c.getRnnDataFormat() == RNNFormat.NCW && convolutionMode == ConvolutionMode.Truncate
        && c.getStride()[0] == 1 && c.getDilation()[0] == 1 && c.getPadding()[0] == 0
        && c.getIDropout() == null && c.getWeightNoise() == null && maskArray == null
        && input != null && input.rank() == 3 && input.size(1) == c.getNIn() && input.size(2) >= c.getKernelSize()[0]
        && dataType == DataType.FLOAT && input.dataType() == DataType.FLOAT;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    if (!handled()) {
      passInput = null;
      return super.activate(training, workspaceMgr);
    }
    preActivation = null;
    org.deeplearning4j.nn.conf.layers.Convolution1DLayer c = layerConf();
    pass.forward(input, getParam(ConvolutionParamInitializer.WEIGHT_KEY),
        c.hasBias() ? getParam(ConvolutionParamInitializer.BIAS_KEY) : null, (int) c.getNOut(),
        c.getKernelSize()[0], relu());
    passInput = training ? input : null;
    return pass.activations(dataType, workspaceMgr);
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(
      boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
    Pair<INDArray, INDArray> z = super.preOutput(training, forBackprop, workspaceMgr);
    if (training && !forBackprop && layerConf().getRnnDataFormat() == RNNFormat.NCW) {
      // the activation function then overwrites z in place
      preActivation = workspaceMgr.dup(ArrayType.ACTIVATIONS, z.getFirst());
      preActivationInput = input;
    } else {
      preActivation = null;
    }
    return z;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (handled()) {
      return passBackward(epsilon, workspaceMgr);
    }
    if (preActivation == null || preActivationInput != input || maskArray != null) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray z = preActivation;
    preActivation = null;
    preActivationInput = null;
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();

    org.deeplearning4j.nn.conf.layers.Convolution1DLayer c = layerConf();
    Conv1DConfig conf = Conv1DConfig.builder()
        .k(c.getKernelSize()[0]).s(c.getStride()[0]).d(c.getDilation()[0]).p(c.getPadding()[0])
        .dataFormat(Conv1DConfig.NCW)
        .paddingMode(ConvolutionUtils.paddingModeForConvolutionMode(convolutionMode))
        .build();
    INDArray w = Convolution1DUtils.reshapeWeightArrayOrGradientForFormat(
        getParam(ConvolutionParamInitializer.WEIGHT_KEY), RNNFormat.NCW);
    INDArray wg = Convolution1DUtils.reshapeWeightArrayOrGradientForFormat(
        gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), RNNFormat.NCW);
    INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
    INDArray x = input.castTo(dataType);
    INDArray[] inputs;
    INDArray[] outputs;
    if (c.hasBias()) {
      INDArray b = getParam(ConvolutionParamInitializer.BIAS_KEY);
      INDArray bg = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      inputs = new INDArray[] {x, w, b.reshape(b.length()), delta};
      outputs = new INDArray[] {epsOut, wg, bg.reshape(bg.length())};
    } else {
      inputs = new INDArray[] {x, w, delta};
      outputs = new INDArray[] {epsOut, wg};
    }
    Nd4j.exec(new Conv1DDerivative(inputs, outputs, conf));

    Gradient gradient = new DefaultGradient();
    if (c.hasBias()) {
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, gradientViews.get(ConvolutionParamInitializer.BIAS_KEY));
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), 'c');
    return new Pair<>(gradient, epsOut);
  }

  private Pair<Gradient, INDArray> passBackward(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (passInput != input) {
      activate(true, workspaceMgr);
    }
    passInput = null;
    boolean bias = layerConf().hasBias();
    INDArray wg = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
    INDArray bg = bias ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
    INDArray epsOut = pass.backward(epsilon, relu(), wg, bg, inputGradient, dataType, workspaceMgr);
    Gradient gradient = new DefaultGradient();
    if (bias) {
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, bg);
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, wg, 'c');
    return new Pair<>(gradient, epsOut);
  }

  @Override
  public void clear() {
    super.clear();
    passInput = null;
    preActivation = null;
    preActivationInput = null;
  }
}
