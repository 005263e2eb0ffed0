/**
 * Activations: exact and approximate sigmoid/tanh (hard, PLAN, fitted piecewise-linear, look-up
 * tables) with derivatives and hardware cost, and the LSTM's set of them.
 */
package org.voicegender.activation;
