package org.voicegender.quant;

import java.util.ArrayList;
import java.util.List;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.NetworkConfig;

/**
 * The golden model: the whole network in integer arithmetic, from integer MFCC codes to two
 * integer output scores, as an accelerator computes it. Every value is a code of a {@link
 * FixedPointFormat} of the {@link QuantizationPlan}; sums of products are exact in 64 bits, then
 * saturated to the accumulator width, then rounded once into the next stage's format (ReLU before
 * that rounding). The LSTM's gates look their activation up per code ({@link IntegerFunction}).
 *
 * <p>Stage by stage (f = fraction bits): conv {@code acc = b·2^(fx+fw−fb) + Σ w·x} at {@code fx+fw};
 * LSTM {@code acc = b + Σ x·W + Σ h·RW} at {@code max(fx+fW, fh+fRW)}, {@code z} rounded to
 * {@code lstm.z}; gates {@code g = tanh(z_g)}, {@code f, o, i = σ(z)} in {@code lstm.gate};
 * {@code c = f·c' + i·g} at {@code max(fg+fc, 2fg)} rounded to {@code lstm.cell}; {@code h = o ·
 * tanh(c)} at {@code 2fg} rounded to {@code lstm.hidden}; dense as conv. Thread-safe.
 */
public final class GoldenModel {
  private final QuantizationPlan plan;
  private final NetworkConfig net;
  private final LstmActivations functions;
  private final FixedPointFormat input;
  private final Conv conv0;
  private final Conv conv2;
  private final int pool;
  private final long[][] lstmW; // [in][4n]
  private final long[][] lstmRW; // [n][4n]
  private final long[] lstmB;
  private final int lstmShiftX;
  private final int lstmShiftH;
  private final FixedPointFormat lstmAcc;
  private final FixedPointFormat z;
  private final FixedPointFormat gate;
  private final FixedPointFormat cell;
  private final FixedPointFormat hidden;
  private final IntegerFunction sigmoid;
  private final IntegerFunction inputTanh;
  private final IntegerFunction cellTanh;
  private final List<Dense> dense = new ArrayList<>();

  /**
   * A convolution's codes; {@code w32} ({@code [out][k·in]}, tap-major) and {@code b32} are the
   * same codes as ints when no sum can leave 32 bits (then the convolution runs in int
   * arithmetic, which the JIT vectorises).
   */
  private record Conv(long[][][] w, long[] b, FixedPointFormat acc, FixedPointFormat out, int[][] w32, int[] b32,
      Requantizer requantizer) {}

  private record Dense(long[][] w, long[] b, boolean relu, FixedPointFormat acc, FixedPointFormat out) {}

  /**
   * Every stage's codes for one window (layouts as {@link ReferenceModel.Trace}); {@link
   * #toReal} gives their values.
   */
  public record Trace(
      long[][] input, long[][] conv0, long[][] conv2, long[][] pool, long[][] z, long[][] gates,
      long[][] cell, long[][] hidden, long[] flat, List<long[]> dense) {
    public long[] scores() {
      return dense.get(dense.size() - 1);
    }
  }

  public GoldenModel(NetworkWeights weights, QuantizationPlan plan, LstmActivations functions) {
    if (!plan.isFixedPoint()) {
      throw new IllegalArgumentException("the golden model needs fixed-point weights and activations;"
          + " plan " + plan.spec().name() + " leaves " + (plan.weights().isEmpty() ? "weights" : "activations")
          + " in floating point");
    }
    this.plan = plan;
    this.net = weights.network();
    this.functions = functions;
    this.input = plan.activation(QuantizationPlan.INPUT);
    this.conv0 = conv(weights.conv0(), "conv_0");
    this.conv2 = conv(weights.conv2(), "conv_2");
    this.pool = net.pool();
    NetworkWeights.Lstm l = weights.lstm();
    FixedPointFormat w = plan.weight("lstm.w");
    FixedPointFormat rw = plan.weight("lstm.rw");
    this.lstmAcc = plan.accumulator("lstm", net);
    this.lstmW = codes(l.w(), w);
    this.lstmRW = codes(l.rw(), rw);
    this.lstmB = bias(l.b(), plan.weight("lstm.b"), lstmAcc);
    this.lstmShiftX = lstmAcc.fractionBits() - plan.activation("conv_2").fractionBits() - w.fractionBits();
    this.z = plan.activation(QuantizationPlan.LSTM_Z);
    this.gate = plan.activation(QuantizationPlan.LSTM_GATE);
    this.cell = plan.activation(QuantizationPlan.LSTM_CELL);
    this.hidden = plan.activation(QuantizationPlan.LSTM_HIDDEN);
    this.lstmShiftH = lstmAcc.fractionBits() - hidden.fractionBits() - rw.fractionBits();
    this.sigmoid = IntegerFunction.of(functions.gate(), z, gate);
    this.inputTanh = IntegerFunction.of(functions.input(), z, gate);
    this.cellTanh = IntegerFunction.of(functions.cell(), cell, gate);
    for (NetworkWeights.Dense d : weights.dense()) {
      FixedPointFormat acc = plan.accumulator(d.name(), net);
      dense.add(new Dense(codes(d.w(), plan.weight(d.name() + ".w")),
          bias(d.b(), plan.weight(d.name() + ".b"), acc), d.relu(), acc, plan.activation(d.name())));
    }
  }

  public QuantizationPlan plan() {
    return plan;
  }

  public LstmActivations functions() {
    return functions;
  }

  /** The integer input of a raw MFCC window: standardised as the model's normaliser does, then quantized. */
  public int[][] inputCodes(float[][] raw, org.voicegender.model.FeatureNormalizer normalizer) {
    double[][] x = ReferenceModel.standardise(normalizer, raw);
    int[][] codes = new int[x.length][x[0].length];
    for (int c = 0; c < x.length; c++) {
      for (int t = 0; t < x[c].length; t++) {
        codes[c][t] = (int) input.quantize(x[c][t]);
      }
    }
    return codes;
  }

  /** The two output scores (codes of {@code fc_N}'s format) of one window. */
  public long[] scores(int[][] x) {
    return run(x, false).scores();
  }

  /** 1 (male) when the male score is the larger, else 0. */
  public int decide(int[][] x) {
    long[] s = scores(x);
    return s[1] > s[0] ? 1 : 0;
  }

  /** P(male) from the scores: softmax of their values (outside the integer datapath). */
  public double maleProbability(long[] scores) {
    FixedPointFormat out = dense.get(dense.size() - 1).out();
    return 1 / (1 + Math.exp(out.toDouble(scores[0]) - out.toDouble(scores[1])));
  }

  /** Every stage of one window. */
  public Trace trace(int[][] x) {
    return run(x, true);
  }

  private Trace run(int[][] x, boolean keep) {
    long[][] in = new long[x.length][];
    if (keep) {
      for (int c = 0; c < x.length; c++) {
        in[c] = java.util.Arrays.stream(x[c]).asLongStream().toArray();
      }
    }
    long[][] c0;
    long[][] c2;
    if (conv0.w32() != null && conv2.w32() != null) { // int arithmetic, time-major from end to end
      int[] c0t = new int[(x[0].length - conv0.w()[0][0].length + 1) * conv0.w().length];
      c0 = convolveInt(timeMajor(x), x[0].length, conv0, c0t);
      c2 = convolveInt(c0t, c0[0].length, conv2, null);
    } else {
      c0 = convolve(x, conv0);
      c2 = convolve(c0, conv2);
    }
    int channels = c2.length;
    int steps = c2[0].length / pool;
    long[][] pooled = new long[channels][steps];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < steps; t++) {
        long m = Long.MIN_VALUE;
        for (int j = 0; j < pool; j++) {
          m = Math.max(m, c2[c][t * pool + j]);
        }
        pooled[c][t] = m;
      }
    }
    int n = lstmRW.length;
    long[][] zs = new long[steps][4 * n];
    long[][] gates = new long[steps][4 * n];
    long[][] cells = new long[steps][n];
    long[][] hs = new long[steps][n];
    int fg = gate.fractionBits();
    int fc = cell.fractionBits();
    int cellF = Math.max(fg + fc, 2 * fg);
    int shiftFc = cellF - (fg + fc);
    int shiftIa = cellF - 2 * fg;
    long[] acc = new long[4 * n];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(lstmB, 0, acc, 0, 4 * n);
      for (int k = 0; k < channels; k++) {
        long xv = pooled[k][t] << lstmShiftX;
        long[] row = lstmW[k];
        for (int j = 0; j < 4 * n; j++) {
          acc[j] += xv * row[j];
        }
      }
      if (t > 0) {
        for (int k = 0; k < n; k++) {
          long hv = hs[t - 1][k] << lstmShiftH;
          long[] row = lstmRW[k];
          for (int j = 0; j < 4 * n; j++) {
            acc[j] += hv * row[j];
          }
        }
      }
      long[] zt = zs[t];
      for (int j = 0; j < 4 * n; j++) {
        zt[j] = z.rescale(lstmAcc.fit(acc[j]), lstmAcc.fractionBits());
      }
      for (int u = 0; u < n; u++) {
        long a = inputTanh.apply(zt[u]);
        long f = sigmoid.apply(zt[n + u]);
        long o = sigmoid.apply(zt[2 * n + u]);
        long i = sigmoid.apply(zt[3 * n + u]);
        gates[t][u] = a;
        gates[t][n + u] = f;
        gates[t][2 * n + u] = o;
        gates[t][3 * n + u] = i;
        long previous = t > 0 ? cells[t - 1][u] : 0;
        long sum = ((f * previous) << shiftFc) + ((i * a) << shiftIa);
        cells[t][u] = cell.rescale(sum, cellF);
        hs[t][u] = hidden.rescale(o * cellTanh.apply(cells[t][u]), 2 * fg);
      }
    }
    long[] flat = new long[steps * n];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(hs[t], 0, flat, t * n, n);
    }
    List<long[]> outs = new ArrayList<>(dense.size());
    long[] v = flat;
    for (Dense d : dense) {
      int width = d.b().length;
      long[] y = d.b().clone();
      for (int i = 0; i < v.length; i++) {
        long xv = v[i];
        long[] row = d.w()[i];
        for (int j = 0; j < width; j++) {
          y[j] += xv * row[j];
        }
      }
      int f = d.acc().fractionBits();
      for (int j = 0; j < width; j++) {
        long s = d.acc().fit(y[j]);
        y[j] = d.out().rescale(d.relu() ? Math.max(0, s) : s, f);
      }
      outs.add(y);
      v = y;
    }
    return keep ? new Trace(in, c0, c2, pooled, zs, gates, cells, hs, flat, List.copyOf(outs))
        : new Trace(null, null, null, null, null, null, null, null, null, List.of(v));
  }

  private static long[][] convolve(int[][] x, Conv layer) {
    if (layer.w32() != null) {
      return convolveInt(timeMajor(x), x[0].length, layer, null);
    }
    long[][] lx = new long[x.length][];
    for (int c = 0; c < x.length; c++) {
      long[] row = new long[x[c].length];
      for (int t = 0; t < row.length; t++) {
        row[t] = x[c][t];
      }
      lx[c] = row;
    }
    return convolve(lx, layer);
  }

  /**
   * The convolution in int arithmetic: exact, as no sum can leave 32 bits. The input is time-major
   * ({@code xt[t·in + i]}) so that each output frame is one dot product of the {@code k·in}
   * contiguous values from frame t on with the weights reordered to {@code [out][k·in]} ({@link
   * IntDot}). Writes the output codes time-major into {@code yt} too when it is given (the next
   * convolution's input).
   */
  private static long[][] convolveInt(int[] xt, int framesIn, Conv layer, int[] yt) {
    int out = layer.w().length;
    int in = layer.w()[0].length;
    int k = layer.w()[0][0].length;
    int frames = framesIn - k + 1;
    int width = in * k;
    long[][] y = new long[out][frames];
    Requantizer r = layer.requantizer();
    for (int o = 0; o < out; o++) {
      int[] w = layer.w32()[o];
      int bias = layer.b32()[o];
      long[] yo = y[o];
      for (int t = 0; t < frames; t++) {
        long code = r.apply((long) bias + IntDot.dot(w, xt, t * in, width));
        yo[t] = code;
        if (yt != null) {
          yt[t * out + o] = (int) code;
        }
      }
    }
    return y;
  }

  /** Codes {@code [channel][frame]} as one time-major array {@code [frame·channels + channel]}. */
  private static int[] timeMajor(int[][] x) {
    int in = x.length;
    int frames = x[0].length;
    int[] xt = new int[frames * in];
    for (int t = 0, at = 0; t < frames; t++) {
      for (int i = 0; i < in; i++) {
        xt[at++] = x[i][t];
      }
    }
    return xt;
  }

  /**
   * Accumulator saturation, ReLU and rounding into the output format, in one step: the common case
   * (a right shift with nearest-even rounding and saturation) inline, anything else through {@link
   * FixedPointFormat#rescale}. Both give the same codes.
   */
  private record Requantizer(FixedPointFormat acc, FixedPointFormat out, boolean relu, boolean fast,
      int shift, long half, long mask, long accMin, long accMax, long outMin, long outMax) {
    static Requantizer of(FixedPointFormat acc, FixedPointFormat out, boolean relu) {
      int shift = acc.fractionBits() - out.fractionBits();
      boolean fast = shift > 0 && shift < 62 && out.rounding() == FixedPointFormat.Rounding.NEAREST_EVEN
          && out.overflow() == FixedPointFormat.Overflow.SATURATE;
      return new Requantizer(acc, out, relu, fast, shift, fast ? 1L << (shift - 1) : 0, fast ? (1L << shift) - 1 : 0,
          acc.minCode(), acc.maxCode(), out.minCode(), out.maxCode());
    }

    long apply(long sum) {
      long v = sum > accMax ? accMax : sum < accMin ? accMin : sum; // accumulators saturate
      if (relu && v < 0) {
        v = 0;
      }
      if (!fast) {
        return out.rescale(v, acc.fractionBits());
      }
      long floor = v >> shift;
      long rem = v & mask;
      long code = rem > half || (rem == half && (floor & 1) != 0) ? floor + 1 : floor;
      return code > outMax ? outMax : code < outMin ? outMin : code;
    }
  }

  private static long[][] convolve(long[][] x, Conv layer) {
    if (layer.w32() != null) {
      int[][] xi = new int[x.length][x[0].length];
      for (int c = 0; c < x.length; c++) {
        for (int t = 0; t < x[c].length; t++) {
          xi[c][t] = (int) x[c][t];
        }
      }
      return convolve(xi, layer);
    }
    int out = layer.w().length;
    int in = layer.w()[0].length;
    int k = layer.w()[0][0].length;
    int frames = x[0].length - k + 1;
    long[][] y = new long[out][frames];
    int f = layer.acc().fractionBits();
    for (int o = 0; o < out; o++) {
      long[] yo = y[o];
      java.util.Arrays.fill(yo, layer.b()[o]);
      for (int i = 0; i < in; i++) {
        long[] xi = x[i];
        long[] wi = layer.w()[o][i];
        for (int j = 0; j < k; j++) {
          long w = wi[j];
          for (int t = 0; t < frames; t++) {
            yo[t] += w * xi[t + j];
          }
        }
      }
      for (int t = 0; t < frames; t++) {
        yo[t] = layer.out().rescale(Math.max(0, layer.acc().fit(yo[t])), f);
      }
    }
    return y;
  }

  private Conv conv(NetworkWeights.Conv c, String name) {
    FixedPointFormat wf = plan.weight(name + ".w");
    FixedPointFormat acc = plan.accumulator(name, net);
    FixedPointFormat in = plan.activation(QuantizationPlan.inputStageOf(name, net));
    long[][][] w = new long[c.w().length][][];
    for (int o = 0; o < w.length; o++) {
      w[o] = codes(c.w()[o], wf);
    }
    long[] b = bias(c.b(), plan.weight(name + ".b"), acc);
    // The largest |sum| any input can give, to choose int or long arithmetic.
    long xMax = Math.max(Math.abs(in.minCode()), Math.abs(in.maxCode()));
    boolean fitsInt = true;
    for (int o = 0; o < w.length && fitsInt; o++) {
      double bound = Math.abs((double) b[o]);
      for (long[] row : w[o]) {
        for (long v : row) {
          bound += Math.abs((double) v) * xMax;
        }
      }
      fitsInt = bound < Integer.MAX_VALUE && xMax <= Integer.MAX_VALUE;
    }
    int[][] w32 = null;
    int[] b32 = null;
    if (fitsInt) {
      int in2 = w[0].length;
      int k = w[0][0].length;
      w32 = new int[w.length][in2 * k]; // [out][j·in + i], the order of the time-major input
      for (int o = 0; o < w.length; o++) {
        for (int i = 0; i < in2; i++) {
          for (int j = 0; j < k; j++) {
            w32[o][j * in2 + i] = Math.toIntExact(w[o][i][j]);
          }
        }
      }
      b32 = java.util.Arrays.stream(b).mapToInt(Math::toIntExact).toArray();
    }
    FixedPointFormat outFormat = plan.activation(name);
    return new Conv(w, b, acc, outFormat, w32, b32, Requantizer.of(acc, outFormat, true));
  }

  private static long[][] codes(double[][] v, FixedPointFormat f) {
    long[][] out = new long[v.length][v[0].length];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v[i].length; j++) {
        out[i][j] = f.quantize(v[i][j]);
      }
    }
    return out;
  }

  /** Bias codes brought to the accumulator's precision. */
  private static long[] bias(double[] b, FixedPointFormat f, FixedPointFormat acc) {
    long[] out = new long[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = acc.rescale(f.quantize(b[i]), f.fractionBits());
    }
    return out;
  }

  /** A trace's codes as values, for comparison with {@link ReferenceModel.Trace}. */
  public ReferenceModel.Trace toReal(Trace t) {
    List<double[]> d = new ArrayList<>();
    for (int i = 0; i < dense.size(); i++) {
      d.add(real(t.dense().get(i), dense.get(i).out()));
    }
    return new ReferenceModel.Trace(real(t.input(), input), real(t.conv0(), conv0.out()),
        real(t.conv2(), conv2.out()), real(t.pool(), conv2.out()), real(t.z(), z),
        real(t.gates(), gate), real(t.cell(), cell), real(t.hidden(), hidden),
        real(t.flat(), hidden), List.copyOf(d));
  }

  private static double[] real(long[] v, FixedPointFormat f) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = f.toDouble(v[i]);
    }
    return out;
  }

  private static double[][] real(long[][] v, FixedPointFormat f) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = real(v[i], f);
    }
    return out;
  }
}
