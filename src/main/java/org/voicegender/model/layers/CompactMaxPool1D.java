package org.voicegender.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Subsampling1DLayer}, same configuration, computed by {@link CompactMaxPool1DLayer}
 * in plain Java loops when it is a max pooling without padding or dilation. DL4J's layer runs
 * oneDNN's pooling three times a step (forward, forward again and backward inside {@code
 * maxpool2d_bp}), each slower than the whole Java loop over this network's 8 × 83 values per
 * example.
 */
public class CompactMaxPool1D extends Subsampling1DLayer {
  /** For JSON; use {@link #of}. */
  public CompactMaxPool1D() {}

  /** The layer a built {@link Subsampling1DLayer} configuration describes. */
  public static CompactMaxPool1D of(Subsampling1DLayer built) {
    return LayerConfigCopy.into(built, new CompactMaxPool1D());
  }

  @Override
  public CompactMaxPool1D clone() {
    return (CompactMaxPool1D) super.clone();
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new CompactMaxPool1DLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex,
        layerParamsView, initializeParams);
  }
}
