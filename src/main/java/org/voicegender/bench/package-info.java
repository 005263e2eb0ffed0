/**
 * Speed side by side: the project's feature extraction, training, inference and golden model
 * timed alternately with their Python peers (numpy/scipy, PyTorch; scripts in {@code bench/}) in
 * one run on one machine, reported as ratios with their spread over rounds and the machine named.
 */
package org.voicegender.bench;
