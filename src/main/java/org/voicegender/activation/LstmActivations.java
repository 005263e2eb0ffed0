package org.voicegender.activation;

/**
 * The LSTM's three activation sites: the gates' sigmoid (f, o, i), the cell input's tanh (g) and
 * the tanh of the cell state before the output gate. Exact functions or approximations.
 */
public record LstmActivations(String name, ActivationFunction gate, ActivationFunction input, ActivationFunction cell) {
  /** Sigmoid gates, tanh input and cell: what DL4J trains. */
  public static LstmActivations exact() {
    return new LstmActivations("exact", ActivationFunction.SIGMOID, ActivationFunction.TANH, ActivationFunction.TANH);
  }
}
