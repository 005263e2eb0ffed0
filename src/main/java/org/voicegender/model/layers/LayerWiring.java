package org.voicegender.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What DL4J's own layer configurations do in {@code instantiate}, for this package's compact layers. */
final class LayerWiring {
  private LayerWiring() {}

  /** Gives a new layer implementation its listeners, index, parameter views and configuration. */
  static <L extends Layer> L wire(L layer, ParamInitializer initializer, NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView, boolean initializeParams) {
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    layer.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }
}
