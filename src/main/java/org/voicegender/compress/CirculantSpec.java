package org.voicegender.compress;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.voicegender.model.NetworkConfig;

/**
 * Which weight matrices are block-circulant, and with which block size: {@code blocks} maps a
 * tensor name ({@code conv_0.w}, {@code conv_2.w}, {@code lstm.w} (the LSTM's input matrix W),
 * {@code lstm.rw} (its recurrent matrix RW), {@code fc_1.w}, ...) to its block size k, a power of
 * two; a tensor not named (or k = 1) stays dense, and so do all biases. A matrix whose sides are
 * not multiples of k is zero-padded to whole blocks (C-LSTM, Wang et al., FPGA 2018); the padding
 * is neither stored nor computed with in DL4J (the expanded matrix is cut back to its size).
 *
 * <p>Within a {@code k × k} block of the {@code [nIn, nOut]} matrix, {@code W[i][j] = w[(j − i)
 * mod k]}: then {@code y = x·W} per block is the circular convolution {@code IFFT(FFT(w) ⊙
 * FFT(x))}, with no reversal of w.
 */
public record CirculantSpec(Map<String, Integer> blocks) {
  /** Block sizes up to this: beyond it a block is larger than most of this network's matrices. */
  public static final int MAX_BLOCK = 64;

  private static final Pattern TENSOR = Pattern.compile("conv_\\d+\\.w|lstm\\.(w|rw)|fc_\\d+\\.w");

  public CirculantSpec {
    Map<String, Integer> ordered = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(blocks.keySet());
    names.sort(CirculantSpec::compareTensors);
    for (String name : names) {
      Integer k = blocks.get(name);
      if (!TENSOR.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not a weight matrix name; use conv_0.w, conv_2.w,"
            + " lstm.w, lstm.rw or fc_N.w");
      }
      if (k == null || k < 1 || k > MAX_BLOCK || Integer.bitCount(k) != 1) {
        throw new IllegalArgumentException("block size " + k + " for " + name + ": it must be a power of two"
            + " from 1 (dense) to " + MAX_BLOCK);
      }
      if (k > 1) {
        ordered.put(name, k);
      }
    }
    blocks = Collections.unmodifiableMap(ordered);
  }

  /** Where a spec applies its block size to: every matrix, or the LSTM's and the dense layers'. */
  public enum Scope {
    /** Every weight matrix: both convolutions (across channels, per tap), the LSTM, the dense layers. */
    WHOLE_NETWORK,
    /** The LSTM's W and RW and every dense layer's W (the output layer's too); convolutions dense. */
    DENSE_AND_LSTM
  }

  /** Nothing compressed. */
  public static CirculantSpec dense() {
    return new CirculantSpec(Map.of());
  }

  /** Block size {@code k} on every matrix of {@code scope} in {@code net}. */
  public static CirculantSpec of(Scope scope, int k, NetworkConfig net) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (WeightShape s : WeightShape.of(net)) {
      if (scope == Scope.WHOLE_NETWORK || !s.tensor().startsWith("conv")) {
        m.put(s.tensor(), k);
      }
    }
    return new CirculantSpec(m);
  }

  /**
   * Block size {@code k} on the layers listed, comma-separated: a layer name ({@code conv_0},
   * {@code lstm} for both W and RW, {@code fc_1}, ...), a tensor ({@code lstm.w}, {@code lstm.rw}),
   * {@code dense} (every fc layer), {@code conv} (both convolutions) or {@code all}; an item
   * {@code name=K} gives those matrices block size K instead ({@code all,conv_0=2}: k everywhere
   * but 2 on conv_0). Later items override earlier ones.
   */
  public static CirculantSpec parse(String layers, int k, NetworkConfig net) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String raw : layers.split(",")) {
      String item = raw.trim();
      int size = k;
      if (item.contains("=")) {
        String value = item.substring(item.indexOf('=') + 1).trim();
        item = item.substring(0, item.indexOf('=')).trim();
        try {
          size = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + raw.trim() + "': the block size after '=' must be a number");
        }
      }
      String name = item;
      List<String> matched = WeightShape.of(net).stream().map(WeightShape::tensor).filter(t -> switch (name) {
        case "all" -> true;
        case "dense" -> t.startsWith("fc_");
        case "conv" -> t.startsWith("conv_");
        default -> t.equals(name) || t.startsWith(name + ".");
      }).toList();
      if (matched.isEmpty()) {
        throw new IllegalArgumentException("no weight matrix '" + name + "' in the network; use all, conv, dense,"
            + " a layer (" + String.join(", ", WeightShape.of(net).stream().map(WeightShape::layer).distinct().toList())
            + ") or lstm.w / lstm.rw");
      }
      int blockSize = size;
      matched.forEach(t -> m.put(t, blockSize));
    }
    return new CirculantSpec(m);
  }

  /** The block size of {@code tensor} (1 when it is dense). */
  public int blockOf(String tensor) {
    return blocks.getOrDefault(tensor, 1);
  }

  @JsonIgnore
  public boolean isDense() {
    return blocks.isEmpty();
  }

  /** The same spec with {@code tensor} at block size {@code k}. */
  public CirculantSpec withBlock(String tensor, int k) {
    Map<String, Integer> m = new LinkedHashMap<>(blocks);
    m.put(tensor, k);
    return new CirculantSpec(m);
  }

  /** Refuses a spec naming a matrix {@code net} does not have. */
  public void requireMatches(NetworkConfig net) {
    blocks.keySet().forEach(t -> WeightShape.of(net, t));
  }

  /** A short name: {@code dense}, {@code k8 all}, {@code lstm.w=8, fc_1.w=4}. */
  public String describe() {
    if (blocks.isEmpty()) {
      return "dense";
    }
    return String.join(", ", blocks.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  public String toJson() {
    try {
      return new ObjectMapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static CirculantSpec fromJson(String json) {
    try {
      return new ObjectMapper().readValue(json, CirculantSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a block-circulant spec: " + e.getOriginalMessage(), e);
    }
  }

  /** Network order: convolutions, LSTM W then RW, dense layers by number. */
  private static int compareTensors(String a, String b) {
    int c = Integer.compare(rank(a), rank(b));
    return c != 0 ? c : a.compareTo(b);
  }

  private static int rank(String t) {
    if (t.startsWith("conv_")) {
      return number(t);
    }
    if (t.equals("lstm.w")) {
      return 1000;
    }
    if (t.equals("lstm.rw")) {
      return 1001;
    }
    return t.startsWith("fc_") ? 2000 + number(t) : 9999;
  }

  private static int number(String t) {
    try {
      return Integer.parseInt(t.substring(t.indexOf('_') + 1, t.indexOf('.')));
    } catch (RuntimeException e) {
      return 999;
    }
  }
}
