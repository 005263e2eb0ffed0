package org.voicegender.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The sizes of the CNN-LSTM. {@link #shipped()} is the original project's final network
 * ({@code Conv1d(40→16,k4)+ReLU → Conv1d(16→8,k2)+ReLU → MaxPool(16) → LSTM(8→16) → flatten 80 →
 * Dense 64 → Dense 32 → 2}); {@link #larger()} its earlier one (max-pool 8, LSTM 60, Dense
 * 600→256→128→2). Dense hidden layers use ReLU, the output softmax.
 *
 * @param inputChannels MFCC coefficients per frame (40)
 * @param frames frames per window (87)
 * @param conv1Channels, conv1Kernel the first convolution (16, 4)
 * @param conv2Channels, conv2Kernel the second convolution (8, 2)
 * @param pool max-pool size and stride over time (16)
 * @param lstmUnits LSTM hidden units (16)
 * @param dense hidden dense layer sizes (64, 32)
 * @param classes output classes (2: female, male)
 */
public record NetworkConfig(
    int inputChannels,
    int frames,
    int conv1Channels,
    int conv1Kernel,
    int conv2Channels,
    int conv2Kernel,
    int pool,
    int lstmUnits,
    List<Integer> dense,
    int classes) {

  public NetworkConfig {
    dense = List.copyOf(dense);
    if (inputChannels < 1 || frames < 1 || conv1Channels < 1 || conv2Channels < 1
        || conv1Kernel < 1 || conv2Kernel < 1 || pool < 1 || lstmUnits < 1 || classes < 2
        || dense.stream().anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("invalid network config: every size must be positive: "
          + inputChannels + ", " + frames + ", " + conv1Channels + ", " + conv1Kernel + ", "
          + conv2Channels + ", " + conv2Kernel + ", " + pool + ", " + lstmUnits + ", " + dense);
    }
    int steps = (frames - conv1Kernel + 1 - conv2Kernel + 1) / pool;
    if (steps < 1) {
      throw new IllegalArgumentException(
          "invalid network config: " + frames + " frames leave no time step after the"
              + " convolutions and a pool of " + pool);
    }
  }

  /** The original's shipped network: 11,770 parameters in DL4J (11,834 in PyTorch). */
  public static NetworkConfig shipped() {
    return new NetworkConfig(40, 87, 16, 4, 8, 2, 16, 16, List.of(64, 32), 2);
  }

  /** The original's earlier, larger network. */
  public static NetworkConfig larger() {
    return new NetworkConfig(40, 87, 16, 4, 8, 2, 8, 60, List.of(256, 128), 2);
  }

  public static NetworkConfig preset(String name) {
    return switch (name) {
      case "shipped" -> shipped();
      case "larger" -> larger();
      default -> throw new IllegalArgumentException(
          "unknown network preset '" + name + "': use shipped or larger");
    };
  }

  /** Time steps the LSTM sees: (87 − 3 − 1) / 16 = 5 for the shipped net (PyTorch's floor). */
  public int lstmSteps() {
    return (frames - conv1Kernel + 1 - conv2Kernel + 1) / pool;
  }

  /** Width of the flattened LSTM output fed to the first dense layer (80 shipped). */
  public int flattened() {
    return lstmSteps() * lstmUnits;
  }

  public String toJson() {
    try {
      return new ObjectMapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static NetworkConfig fromJson(String json) {
    try {
      return new ObjectMapper().readValue(json, NetworkConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a network config: " + e.getOriginalMessage(), e);
    }
  }
}
