package org.voicegender.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM}, same configuration, parameters and layout (W, RW, b; blocks g, f, o, i),
 * computed by {@link CompactLstmLayer} in plain Java loops. DL4J's own LSTM issues dozens of
 * native ops per time step, each with a fixed overhead that dwarfs this network's arithmetic
 * (8 inputs, 16 units, 5 steps): it took two thirds of a training step. Sigmoid gates and tanh
 * cell, no peepholes, no masks, no truncated BPTT or stored state.
 */
public class CompactLstm extends LSTM {
  /** For JSON; use {@link #of}. */
  public CompactLstm() {}

  public static CompactLstm of(int units) {
    CompactLstm l = new CompactLstm();
    l.setNOut(units);
    l.setActivationFn(new ActivationTanH());
    l.setGateActivationFn(new ActivationSigmoid());
    l.setForgetGateBiasInit(0.0);
    return l;
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    CompactLstmLayer layer = new CompactLstmLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }
}
