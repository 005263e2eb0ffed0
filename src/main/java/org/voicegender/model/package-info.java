/**
 * Model: the CNN-LSTM as a DL4J ComputationGraph, its network and training configs, and the model
 * file, which owns the path from a corpus or a recording to the exact inputs its network trained on.
 */
package org.voicegender.model;
