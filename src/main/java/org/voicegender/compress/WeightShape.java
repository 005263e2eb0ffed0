package org.voicegender.compress;

import java.util.ArrayList;
import java.util.List;
import org.voicegender.model.NetworkConfig;

/**
 * One weight tensor of the network seen as {@code taps} matrices {@code [rows = in][cols = out]}
 * (DL4J's {@code [nIn, nOut]} layout): a dense or LSTM matrix is one tap; a convolution is one
 * {@code [in channels][out channels]} matrix per kernel tap (CircConv's "circulant across
 * channels"). {@code uses} is how many times a clip multiplies by it: output frames for a
 * convolution, time steps for the LSTM, once for a dense layer.
 *
 * @param tensor the name {@code quant.NetworkWeights} gives it ({@code conv_0.w}, {@code lstm.rw}, ...)
 * @param bias the length of the layer's bias (counted with the layer's first tensor, 0 otherwise)
 */
public record WeightShape(String tensor, int taps, int rows, int cols, int uses, int bias) {
  public WeightShape {
    if (taps < 1 || rows < 1 || cols < 1 || uses < 1 || bias < 0) {
      throw new IllegalArgumentException("invalid weight shape for " + tensor + ": taps " + taps + ", rows "
          + rows + ", cols " + cols + ", uses " + uses + ", bias " + bias + " (all positive, bias >= 0)");
    }
  }

  /** The layer the tensor belongs to: {@code lstm} for {@code lstm.rw}. */
  public String layer() {
    return tensor.substring(0, tensor.indexOf('.'));
  }

  /** Dense weights (no structure): taps · rows · cols. */
  public int denseWeights() {
    return taps * rows * cols;
  }

  /**
   * Every weight tensor of {@code net}, in network order. The LSTM's first step has no previous
   * hidden state, so its recurrent matrix is used {@code steps − 1} times (as the golden model does);
   * the bias of the LSTM is counted with {@code lstm.w}.
   */
  public static List<WeightShape> of(NetworkConfig net) {
    List<WeightShape> out = new ArrayList<>();
    int f0 = net.frames() - net.conv1Kernel() + 1;
    int f2 = f0 - net.conv2Kernel() + 1;
    out.add(new WeightShape("conv_0.w", net.conv1Kernel(), net.inputChannels(), net.conv1Channels(), f0,
        net.conv1Channels()));
    out.add(new WeightShape("conv_2.w", net.conv2Kernel(), net.conv1Channels(), net.conv2Channels(), f2,
        net.conv2Channels()));
    int u = net.lstmUnits();
    out.add(new WeightShape("lstm.w", 1, net.conv2Channels(), 4 * u, net.lstmSteps(), 4 * u));
    out.add(new WeightShape("lstm.rw", 1, u, 4 * u, Math.max(1, net.lstmSteps() - 1), 0));
    int in = net.flattened();
    List<Integer> widths = new ArrayList<>(net.dense());
    widths.add(net.classes());
    for (int i = 0; i < widths.size(); i++) {
      out.add(new WeightShape("fc_" + (i + 1) + ".w", 1, in, widths.get(i), 1, widths.get(i)));
      in = widths.get(i);
    }
    return List.copyOf(out);
  }

  /** The shape of {@code tensor} in {@code net}, or an error naming the tensors there are. */
  public static WeightShape of(NetworkConfig net, String tensor) {
    return of(net).stream().filter(s -> s.tensor().equals(tensor)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("the network has no weight matrix '" + tensor + "'; it has "
            + of(net).stream().map(WeightShape::tensor).toList()));
  }
}
