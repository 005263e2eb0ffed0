package org.voicegender.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer {@code y = f(x·W + b)} with f ReLU or the identity, in Java loops on floats
 * ({@link DensePass}); backpropagation {@code δ = ε ⊙ f'(z)}. Anything else (other activations,
 * layer dropout or weight noise, layer norm, masks, other data types or ranks) goes to DL4J's own
 * {@link DenseLayer}.
 */
public class CompactDenseLayer extends DenseLayer {
  private final transient DensePass pass = new DensePass();
  /** The input of the last training forward pass, whose values and activations {@link #pass} holds. */
  private transient INDArray forwardInput;

  public CompactDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean relu() {
    return layerConf().getActivationFn() instanceof ActivationReLU;
  }

  private boolean handled() {
    var c = layerConf();
    IActivation f = c.getActivationFn();
    boolean plainRelu = f instanceof ActivationReLU && f.equals(new ActivationReLU()); // no threshold, slope or cap
    return (plainRelu || f instanceof ActivationIdentity) && c.hasBias() && !c.hasLayerNorm()
        && c.getIDropout() == null && c.getWeightNoise() == null && maskArray == null
        && input != null && input.rank() == 2
        && dataType == DataType.FLOAT && input.dataType() == DataType.FLOAT;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    if (!handled()) {
      forwardInput = null;
      return super.activate(training, workspaceMgr);
    }
    float[] y = pass.forward(input, getParam(DefaultParamInitializer.WEIGHT_KEY),
        getParam(DefaultParamInitializer.BIAS_KEY));
    if (relu()) { // in place: pass.z holds the activations from here on
      for (int k = 0; k < y.length; k++) {
        y[k] = Math.max(y[k], 0f);
      }
    }
    forwardInput = training ? input : null;
    return pass.activations(y, dataType, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (!handled()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    if (forwardInput != input) {
      activate(true, workspaceMgr);
    }
    forwardInput = null;
    float[] delta = pass.delta = NdArrays.toFloats(epsilon, pass.delta);
    if (relu()) {
      float[] y = pass.z;
      for (int k = 0; k < delta.length; k++) {
        if (y[k] <= 0f) {
          delta[k] = 0f;
        }
      }
    }
    return pass.backward(input, getParam(DefaultParamInitializer.WEIGHT_KEY),
        gradientViews.get(DefaultParamInitializer.WEIGHT_KEY), gradientViews.get(DefaultParamInitializer.BIAS_KEY),
        workspaceMgr);
  }

  @Override
  public void clear() {
    super.clear();
    forwardInput = null;
  }
}
