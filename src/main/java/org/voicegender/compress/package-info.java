/**
 * Compression: block-circulant weight matrices (CirCNN, C-LSTM, E-RNN, CircConv) for the
 * CNN-LSTM: the structure, its projection and training, FFT inference, storage and multiply
 * counts, the integer golden model's circulant arithmetic and the accuracy-versus-compression sweep.
 */
package org.voicegender.compress;
