/**
 * Fixed point: number formats, quantization plans calibrated on training readers, the integer
 * golden model and its float reference, quantization-aware fine-tuning and the sweep.
 */
package org.voicegender.quant;
