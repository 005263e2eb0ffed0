/**
 * Approximation study: a trained network with approximate LSTM activations, the error per gate and
 * step, fine-tuning with the approximation in the loop, and the exact-vs-PWL comparison.
 */
package org.voicegender.approx;
