package org.voicegender.model.layers;

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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv1DDerivative;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Convolution1DLayer} that keeps the pre-activations of a training forward pass (in the
 * activations workspace, which lives until backpropagation ends) and backpropagates from them
 * rather than convolving the input again. The backward pass is DL4J's otherwise: the same
 * {@code conv1d_bp} op on the same arrays, so the gradients are the same numbers.
 */
public class CompactConv1DLayer extends Convolution1DLayer {
  /** Pre-activations of the last training forward pass, and the input they were computed from. */
  private transient INDArray preActivation;
  private transient INDArray preActivationInput;

  public CompactConv1DLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
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

  @Override
  public void clear() {
    super.clear();
    preActivation = null;
    preActivationInput = null;
  }
}
