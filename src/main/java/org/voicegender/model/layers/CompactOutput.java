package org.voicegender.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link OutputLayer}, same configuration, parameters, weight layout and loss, computed by
 * {@link CompactOutputLayer} in Java loops when it is softmax with multi-class cross-entropy, as
 * here: DL4J computes the layer's matrix product three times a training step (forward, gradient,
 * score) among a dozen native ops.
 */
public class CompactOutput extends OutputLayer {
  /** For JSON; use {@link #of}. */
  public CompactOutput() {}

  /** The layer a built {@link OutputLayer} configuration describes. */
  public static CompactOutput of(OutputLayer built) {
    return LayerConfigCopy.into(built, new CompactOutput());
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new CompactOutputLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex,
        layerParamsView, initializeParams);
  }
}
