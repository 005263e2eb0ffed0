package org.voicegender.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link DenseLayer}, same configuration, parameters and weight layout ({@code W [in,
 * out]}, {@code b [1, out]}), computed by {@link CompactDenseLayer} in Java loops: this
 * network's dense layers are so small (80×64, 64×32) that DL4J's per-op overhead (a dozen native
 * ops and their arrays per layer and step) costs more than the arithmetic.
 */
public class CompactDense extends DenseLayer {
  /** For JSON; use {@link #of}. */
  public CompactDense() {}

  /** The layer a built {@link DenseLayer} configuration describes. */
  public static CompactDense of(DenseLayer built) {
    return LayerConfigCopy.into(built, new CompactDense());
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new CompactDenseLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex,
        layerParamsView, initializeParams);
  }
}
