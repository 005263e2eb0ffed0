package org.voicegender.features;

/** How the STFT pads the signal by n_fft/2 at both ends for centred frames. */
public enum PadMode {
  /** NumPy 'reflect' (edge sample not repeated): librosa 0.7, the original's features. */
  REFLECT,
  /** Zeros: librosa ≥ 0.10. */
  CONSTANT
}
