package org.voicegender.model;

import java.util.Arrays;
import org.voicegender.model.layers.NdArrays;

/**
 * Per-coefficient standardisation of MFCCs, {@code (x − mean[c]) / std[c]}, fitted on training
 * windows only and saved with the model. Raw MFCCs span about ±700 (c0) down to ±10, which the
 * original fed to the network as they were; {@link #identity} reproduces that.
 */
public record FeatureNormalizer(double[] mean, double[] std) {
  public FeatureNormalizer {
    if (mean.length != std.length) {
      throw new IllegalArgumentException("mean and std differ in length");
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** No normalisation: the original project's raw MFCC input. */
  public static FeatureNormalizer identity(int channels) {
    double[] ones = new double[channels];
    Arrays.fill(ones, 1.0);
    return new FeatureNormalizer(new double[channels], ones);
  }

  /** Mean and standard deviation per coefficient over all frames of the given windows. */
  public static FeatureNormalizer fit(WindowDataset data, int[] rows) {
    int channels = data.window(rows[0]).length;
    double[] sum = new double[channels];
    double[] sumSq = new double[channels];
    long count = 0;
    for (int r : rows) {
      float[][] w = data.window(r);
      for (int c = 0; c < channels; c++) {
        for (float v : w[c]) {
          sum[c] += v;
          sumSq[c] += (double) v * v;
        }
      }
      count += w[0].length;
    }
    double[] mean = new double[channels];
    double[] std = new double[channels];
    for (int c = 0; c < channels; c++) {
      mean[c] = sum[c] / count;
      std[c] = Math.sqrt(Math.max(sumSq[c] / count - mean[c] * mean[c], 1e-12));
    }
    return new FeatureNormalizer(mean, std);
  }

  /** Standardised windows {@code [n][channels][frames]} as one array {@code [n, channels, frames]}. */
  public org.nd4j.linalg.api.ndarray.INDArray apply(java.util.List<float[][]> windows) {
    int channels = mean.length;
    int frames = windows.get(0)[0].length;
    float[] flat = new float[windows.size() * channels * frames];
    for (int w = 0; w < windows.size(); w++) {
      float[][] window = windows.get(w);
      for (int c = 0; c < channels; c++) {
        float m = (float) mean[c];
        float scale = (float) (1.0 / std[c]);
        int at = (w * channels + c) * frames;
        for (int t = 0; t < frames; t++) {
          flat[at + t] = (window[c][t] - m) * scale;
        }
      }
    }
    return NdArrays.floats(flat, windows.size(), channels, frames);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureNormalizer n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "FeatureNormalizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
