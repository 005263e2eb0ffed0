package org.voicegender.quant;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fake quantization of a layer's weights for quantization-aware training, as DL4J weight noise:
 * the forward pass (training and inference) sees every parameter rounded to the format {@link
 * QuantizationSpec#weightFormat} gives for its current range — the rule {@link
 * QuantizationPlan#calibrate} applies after training — while the gradient updates the float
 * weights unchanged (the straight-through estimator).
 */
public final class FakeQuantWeights implements IWeightNoise {
  private final QuantizationSpec spec;

  public FakeQuantWeights(QuantizationSpec spec) {
    if (!spec.quantizesWeights()) {
      throw new IllegalArgumentException("fake quantization needs a weight width; " + spec.name() + " has none");
    }
    this.spec = spec;
  }

  @Override
  public INDArray getParameter(Layer layer, String paramKey, int iteration, int epoch, boolean train,
      LayerWorkspaceMgr workspaceMgr) {
    INDArray p = layer.getParam(paramKey);
    double[] v = p.castTo(DataType.DOUBLE).dup(p.ordering()).data().asDouble();
    FixedPointFormat f = spec.weightFormat(NetworkWeights.maxAbs(v));
    for (int i = 0; i < v.length; i++) {
      v[i] = f.round(v[i]);
    }
    return Nd4j.create(v, p.shape(), p.ordering()).castTo(p.dataType());
  }

  @Override
  public IWeightNoise clone() {
    return new FakeQuantWeights(spec);
  }
}
