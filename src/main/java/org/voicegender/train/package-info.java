/**
 * Training: the recipe's loop (minibatches, SpecAugment, time shifts, model selection, averaging),
 * fine-tuning, training history, and k-fold cross-validation by reader.
 */
package org.voicegender.train;
