package org.voicegender.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Convolution1DLayer}, same configuration, parameters and weight layout, computed
 * by {@link CompactConv1DLayer}: in SIMD registers for this network's plain convolutions
 * ({@link Conv1dPass}), else with DL4J's ops, keeping the forward pass's pre-activations for
 * backpropagation (DL4J's layer convolves its input a second time in every backward pass).
 */
public class CompactConv1D extends Convolution1DLayer {
  /** For JSON; use {@link #of}. */
  public CompactConv1D() {}

  /** The layer a built {@link Convolution1DLayer} configuration describes. */
  public static CompactConv1D of(Convolution1DLayer built) {
    return LayerConfigCopy.into(built, new CompactConv1D());
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new CompactConv1DLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex,
        layerParamsView, initializeParams);
  }
}
