package org.voicegender.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.activation.LstmActivations;

/**
 * DL4J's {@link LSTM}, same configuration, parameters and layout (W, RW, b; blocks g, f, o, i),
 * computed by {@link CompactLstmLayer} in plain Java loops. DL4J's own LSTM issues dozens of
 * native ops per time step, each with a fixed overhead that dwarfs this network's arithmetic
 * (8 inputs, 16 units, 5 steps): it took two thirds of a training step. Sigmoid gates and tanh
 * cell by default, or any {@link LstmActivations} (e.g. the piecewise-linear functions hardware
 * uses), stored in the configuration as JSON so a saved model computes the same functions; no
 * peepholes, no masks, no truncated BPTT or stored state.
 */
public class CompactLstm extends LSTM {
  /** {@link LstmActivations#toJson()} of the functions, or null for the exact sigmoid and tanh. */
  private String approximations;

  /** For JSON; use {@link #of}. */
  public CompactLstm() {}

  public String getApproximations() {
    return approximations;
  }

  public void setApproximations(String json) {
    this.approximations = json;
  }

  /** The functions this layer computes. */
  public LstmActivations functions() {
    return approximations == null ? LstmActivations.exact() : LstmActivations.fromJson(approximations);
  }

  /** The same layer computing other functions (null or exact: the sigmoid and tanh). */
  public void use(LstmActivations functions) {
    this.approximations = functions == null || functions.name().equals("exact") ? null : functions.toJson();
  }

  @Override
  public CompactLstm clone() {
    return (CompactLstm) super.clone();
  }

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
    return LayerWiring.wire(new CompactLstmLayer(conf, networkDataType), initializer(), conf, listeners, layerIndex,
        layerParamsView, initializeParams);
  }
}
