/**
 * Fast DL4J layers: the network's convolutions, pooling, LSTM, dense and output layers in Java loops
 * with DL4J's configurations and parameter layouts, and the regularisers and array copies they use.
 */
package org.voicegender.model.layers;
