/**
 * Features: librosa 0.7.2's MFCC (STFT, Slaney mel filterbank, dB, DCT-II) under one immutable
 * {@link org.voicegender.features.FeatureConfig}, a crash-safe cache, and the DataVec reader.
 */
package org.voicegender.features;
