/**
 * Model: the original CNN-LSTM as a DL4J ComputationGraph, its training recipes, speaker-
 * independent evaluation, and model files that carry their feature settings.
 */
package org.voicegender.model;
