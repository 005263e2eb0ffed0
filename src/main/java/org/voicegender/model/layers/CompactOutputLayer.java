package org.voicegender.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A softmax output layer with multi-class cross-entropy, in Java loops on floats ({@link
 * DensePass}), computing what DL4J's {@code OutputLayer} and {@link LossMCXENT} compute: {@code p
 * = softmax(x·W + b)}; the gradient at the pre-activations {@code δ = (p − y) · m} for labels
 * {@code y} and per-example mask {@code m} (the recipe's example weights; 1 without a mask); the
 * score {@code −Σ m · Σ_c y_c · log max(p_c, clip) / batch} plus the regularisation term. The
 * forward pass of a training step serves its gradient and its score (DL4J computes the matrix
 * product once for each).
 *
 * <p>One difference from DL4J's layer, with masks other than 0/1: DL4J also multiplies the
 * pre-activations by the labels mask (made for 0/1 masks of padded time steps), so an example
 * weight there scales the example's logits as well as its loss: a weight of 2 sharpens its
 * softmax, 0.5 flattens it. This layer applies the weight to the loss only, as {@link
 * TrainingConfig#balanceReaders()} means it. With 0/1 masks the two agree. Anything else (other losses or activations, loss weights, per-output
 * masks, layer dropout or weight noise, other data types or ranks) goes to DL4J's layer.
 */
public class CompactOutputLayer extends OutputLayer {
  private final transient DensePass pass = new DensePass();
  /** The input and the probabilities of the last forward pass, while they are current. */
  private transient INDArray forwardInput;
  private transient float[] p;

  public CompactOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  private boolean handled() {
    var c = layerConf();
    return c.getActivationFn() instanceof ActivationSoftmax
        && c.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null
        && c.hasBias() && c.getIDropout() == null && c.getWeightNoise() == null
        && input != null && input.rank() == 2
        && dataType == DataType.FLOAT && input.dataType() == DataType.FLOAT
        && (maskArray == null || maskArray.length() == input.size(0));
  }

  /** The probabilities of the current input, computed once per input array. */
  private float[] probabilities() {
    if (forwardInput == input) {
      return p;
    }
    float[] z = pass.forward(input, getParam(DefaultParamInitializer.WEIGHT_KEY),
        getParam(DefaultParamInitializer.BIAS_KEY));
    int n = pass.nOut;
    p = NdArrays.reuse(p, z.length);
    for (int row = 0; row < z.length; row += n) {
      float max = Float.NEGATIVE_INFINITY;
      for (int c = row; c < row + n; c++) {
        max = Math.max(max, z[c]);
      }
      float sum = 0f;
      for (int c = row; c < row + n; c++) {
        p[c] = (float) Math.exp(z[c] - max);
        sum += p[c];
      }
      for (int c = row; c < row + n; c++) {
        p[c] /= sum;
      }
    }
    forwardInput = input;
    return p;
  }

  private float[] labels2d() {
    if (labels == null || labels.rank() != 2 || labels.size(0) != input.size(0) || labels.size(1) != pass.nOut) {
      throw new IllegalStateException("labels of shape " + (labels == null ? "null" : java.util.Arrays.toString(labels.shape()))
          + " for an output of [" + input.size(0) + ", " + pass.nOut + "] in layer " + layerId());
    }
    return NdArrays.toFloats(labels);
  }

  private float[] mask() {
    return maskArray == null ? null : NdArrays.toFloats(maskArray);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    if (!handled()) {
      forwardInput = null;
      return super.activate(training, workspaceMgr);
    }
    forwardInput = null; // parameters may have changed since the last pass over this input
    return pass.activations(probabilities(), dataType, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    if (!handled()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    forwardInput = null;
    float[] prob = probabilities();
    float[] y = labels2d();
    float[] m = mask();
    int n = pass.nOut;
    float[] delta = pass.delta = NdArrays.reuse(pass.delta, prob.length);
    for (int k = 0; k < delta.length; k++) {
      delta[k] = (prob[k] - y[k]) * (m == null ? 1f : m[k / n]);
    }
    Pair<Gradient, INDArray> result = pass.backward(input, getParam(DefaultParamInitializer.WEIGHT_KEY),
        gradientViews.get(DefaultParamInitializer.WEIGHT_KEY), gradientViews.get(DefaultParamInitializer.BIAS_KEY),
        workspaceMgr);
    gradient = result.getFirst();
    return result; // the probabilities stay current for the step's score
  }

  @Override
  public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!handled()) {
      forwardInput = null;
      return super.computeScore(fullNetRegTerm, training, workspaceMgr);
    }
    float[] prob = probabilities();
    forwardInput = null;
    float[] y = labels2d();
    float[] m = mask();
    int n = pass.nOut;
    double clip = ((LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
    double sum = 0;
    for (int k = 0; k < prob.length; k++) {
      if (y[k] != 0f) {
        double pk = Math.min(Math.max(prob[k], clip), 1 - clip);
        sum += y[k] * Math.log(pk) * (m == null ? 1 : m[k / n]);
      }
    }
    double score = -sum;
    if (conf().isMiniBatch()) {
      score /= getInputMiniBatchSize();
    }
    this.score = score + fullNetRegTerm;
    return this.score;
  }

  @Override
  public void clear() {
    super.clear();
    forwardInput = null;
  }
}
