package org.voicegender.quant;

import java.util.ArrayList;
import java.util.List;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.layers.FloatConvolution;
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
  private final IntegerMatrix lstmW; // [in][4n]
  private final IntegerMatrix lstmRW; // [n][4n]
  private final long[] lstmB;
  private final int lstmShiftX;
  private final int lstmShiftH;
  private final int inputChannels;
  private final FixedPointFormat z;
  private final FixedPointFormat gate;
  private final FixedPointFormat cell;
  private final FixedPointFormat hidden;
  private final IntegerFunction sigmoid;
  private final IntegerFunction inputTanh;
  private final IntegerFunction cellTanh;
  private final Requantizer zRequantizer;
  private final Requantizer cellRequantizer;
  /** Shifts of f·c' and i·g to the cell sum's {@code max(fg+fc, 2fg)} fraction bits. */
  private final int cellShiftFc;
  private final int cellShiftIg;
  private final Requantizer hiddenRequantizer;
  private final List<Dense> dense = new ArrayList<>();
  private final boolean floatKernels;
  /** The LSTM's input and recurrent weight codes as floats {@code [in][lstmStride]}, or null ({@link #floatMatrix}). */
  private final float[] lstmWFloat;
  private final float[] lstmRWFloat;
  private final int lstmStride;
  /**
   * The LSTM bias codes as ints padded to {@link #lstmStride} when every gate sum of the batch
   * path fits an int ({@link #intGateSums}): its z codes are then summed and rounded a register of
   * gates at a time; else null (the sums in long, one by one).
   */
  private final int[] lstmBias32;

  /**
   * A convolution's weight codes ({@code w[out][in][k]}) and
   * the time-major form {@link IntKernels} computes.
   */
  private record Conv(long[][][] w, FixedPointFormat out, Kernel kernel) {}

  /**
   * A convolution time-major from input to output (layouts as {@link IntKernels}): input channels
   * {@code inStride} apart, output channels padded to {@code outStride} (zero weights and bias, so
   * padding channels are 0). Int weights and sums ({@code w32}) when no sum can leave 32 bits,
   * else long ({@code w64}); the codes in and out are ints either way. {@code wFloat}, when not
   * null, holds the same weights as floats for {@link FloatConvolution}: set only when no partial
   * sum of products can exceed 2^24 in magnitude ({@link #floatExact}), so that every product and
   * every fused multiply-add of integers is exact in float32, whatever the order; the bias is then
   * added in integer arithmetic after the conversion back.
   */
  private record Kernel(int[] w32, int[] b32, long[] w64, long[] b64, float[] wFloat, boolean vectorBias,
      int inStride, int outStride, int taps, Requantizer requantizer) {
    /** The output codes of a time-major input. */
    int[] apply(int[] x) {
      int frames = x.length / inStride - taps + 1;
      int[] y = new int[frames * outStride];
      applyInto(x, frames, y);
      return y;
    }

    /**
     * The codes of the first {@code frames} output frames of time-major input {@code x} into
     * {@code y} (which may be longer), allocating nothing on the float and int paths.
     */
    void applyInto(int[] x, int frames, int[] y) {
      int n = frames * outStride;
      if (wFloat != null) {
        float[][] scratch = FLOAT_SCRATCH.get();
        int inLength = (frames + taps - 1) * inStride;
        float[] xf = scratch[0] = scratch[0].length >= inLength ? scratch[0] : new float[inLength];
        float[] sums = scratch[1] = scratch[1].length >= n ? scratch[1] : new float[n];
        VectorKernels.toFloats(x, inLength, xf);
        FloatConvolution.convolve(xf, 0, inStride, frames, wFloat, null, outStride, sums, 0, false);
        if (w32 != null) {
          if (vectorBias) {
            VectorKernels.addBias(sums, b32, outStride, n, y);
          } else {
            for (int row = 0; row < n; row += outStride) {
              for (int o = 0; o < outStride; o++) {
                y[row + o] = (int) sums[row + o] + b32[o];
              }
            }
          }
          requantizer.applyInPlace(y, n);
        } else {
          long[] wide = new long[n];
          for (int row = 0; row < n; row += outStride) {
            for (int o = 0; o < outStride; o++) {
              wide[row + o] = (long) sums[row + o] + b64[o];
            }
          }
          requantizer.apply(wide, y);
        }
      } else if (w32 != null) {
        IntKernels.convolve(x, inStride, frames, w32, b32, outStride, y);
        requantizer.applyInPlace(y, n);
      } else {
        long[] sums = new long[n];
        IntKernels.convolveLong(x, inStride, frames, w64, b64, outStride, sums);
        requantizer.apply(sums, y);
      }
    }

    /** Output channel c of frame t. */
    int at(int[] y, int t, int c) {
      return y[t * outStride + c];
    }
  }

  /**
   * Whether float32 products and sums of these integer weight codes and input codes of magnitude
   * at most {@code xMax} are exact: every partial sum of an output's products is bounded by {@code
   * Σ |w|·xMax}, and integers up to 2^24 are floats (e.g. 8-bit conv_0: 160 taps × 128 × 128 =
   * 2.6 M at most).
   */
  static boolean floatExact(long[][][] w, long xMax) {
    return productBound(w, xMax) <= FLOAT_EXACT;
  }

  /** The largest {@code Σ |w|·xMax} over the outputs of weight codes {@code w[out][in][k]}. */
  static double productBound(long[][][] w, long xMax) {
    double largest = 0;
    for (long[][] out : w) {
      double bound = 0;
      for (long[] row : out) {
        for (long v : row) {
          bound += Math.abs((double) v) * xMax;
        }
      }
      largest = Math.max(largest, bound);
    }
    return largest;
  }

  /**
   * The codes of weights {@code [in][out]} in format f as floats {@code [in][stride]} (zero
   * padding) when products with inputs of magnitude at most {@code xMax} are exact in float32
   * (every output's {@code Σ |w|·xMax} within 2^24, as {@link #floatExact}) and the float kernels
   * are on; else null.
   */
  private float[] floatMatrix(double[][] weights, FixedPointFormat f, long xMax, int stride) {
    if (!floatKernels || !IntKernels.VECTOR || xMax >= VectorKernels.TO_FLOATS_LIMIT) {
      return null;
    }
    long[][][] byOutput = byOutput(weights, f);
    if (!floatExact(byOutput, xMax)) {
      return null;
    }
    float[] w = new float[weights.length * stride];
    for (int i = 0; i < weights.length; i++) {
      for (int j = 0; j < byOutput.length; j++) {
        w[i * stride + j] = byOutput[j][i][0];
      }
    }
    return w;
  }

  /**
   * The bias codes as ints padded to the gate stride when the batch path's gate sums {@code b +
   * (Σ w·x) << shiftX + (Σ rw·h) << shiftH} cannot leave an int and each product sum converts
   * back from float exactly ({@link VectorKernels#TO_FLOATS_LIMIT}); else null.
   */
  private int[] intGateSums(NetworkWeights.Lstm l, FixedPointFormat w, FixedPointFormat rw, long xMax, long hMax) {
    double inputBound = productBound(byOutput(l.w(), w), xMax);
    double recurrentBound = productBound(byOutput(l.rw(), rw), hMax);
    double biasBound = 0;
    for (long b : lstmB) {
      biasBound = Math.max(biasBound, Math.abs((double) b));
    }
    boolean fits = lstmShiftX >= 0 && lstmShiftH >= 0
        && inputBound < VectorKernels.TO_FLOATS_LIMIT && recurrentBound < VectorKernels.TO_FLOATS_LIMIT
        && biasBound + Math.scalb(inputBound, lstmShiftX) + Math.scalb(recurrentBound, lstmShiftH) < Integer.MAX_VALUE;
    if (!fits) {
      return null;
    }
    int[] b32 = new int[lstmStride];
    for (int j = 0; j < lstmB.length; j++) {
      b32[j] = (int) lstmB[j];
    }
    return b32;
  }

  /** Weights {@code [in][out]} as codes {@code [out][in][1]}, the layout of {@link #productBound}. */
  private static long[][][] byOutput(double[][] weights, FixedPointFormat f) {
    long[][][] byOutput = new long[weights[0].length][weights.length][1];
    for (int i = 0; i < weights.length; i++) {
      for (int j = 0; j < weights[0].length; j++) {
        byOutput[j][i][0] = f.quantize(weights[i][j]);
      }
    }
    return byOutput;
  }

  private static long largestCode(FixedPointFormat f) {
    return Math.max(Math.abs(f.minCode()), Math.abs(f.maxCode()));
  }

  /**
   * Each thread's float input and sums of the float kernels, kept from one window to the next:
   * fresh arrays cost 3 µs a window (zeroing and touching new memory), most of what the float
   * kernels save.
   */
  private static final ThreadLocal<float[][]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

  /** 2^24: the float32 significand holds every integer up to this. */
  static final double FLOAT_EXACT = 1 << 24;

  /**
   * A dense layer; {@code wFloat}, when not null, its weight codes {@code [in][outStride]} as
   * floats for the batch path ({@link #floatMatrix}: exact), output padded to {@code outStride}.
   */
  private record Dense(IntegerMatrix w, long[] b, FixedPointFormat out, Requantizer requantizer, float[] wFloat,
      int outStride) {}

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
    this(weights, plan, functions, IntegerMatrix.Matrices.DENSE);
  }

  /**
   * The golden model with the LSTM's and dense layers' weight matrices made by {@code matrices}
   * (e.g. block-circulant products from defining vectors); the convolutions stay dense.
   */
  public GoldenModel(
      NetworkWeights weights, QuantizationPlan plan, LstmActivations functions, IntegerMatrix.Matrices matrices) {
    this(weights, plan, functions, matrices, true);
  }

  /**
   * {@code floatKernels}: the convolutions run in float32 FMA code where that is exact ({@link
   * #floatExact}), else in the integer kernels; false keeps the integer kernels everywhere (the
   * check of the float path). The codes are the same either way.
   */
  GoldenModel(NetworkWeights weights, QuantizationPlan plan, LstmActivations functions,
      IntegerMatrix.Matrices matrices, boolean floatKernels) {
    this.floatKernels = floatKernels;
    if (!plan.isFixedPoint()) {
      throw new IllegalArgumentException("the golden model needs fixed-point weights and activations;"
          + " plan " + plan.spec().name() + " leaves " + (plan.weights().isEmpty() ? "weights" : "activations")
          + " in floating point");
    }
    this.plan = plan;
    this.net = weights.network();
    this.functions = functions;
    this.input = plan.activation(QuantizationPlan.INPUT);
    this.conv0 = conv(weights.conv0(), "conv_0", false);
    this.conv2 = conv(weights.conv2(), "conv_2", true);
    this.pool = net.pool();
    NetworkWeights.Lstm l = weights.lstm();
    FixedPointFormat w = plan.weight("lstm.w");
    FixedPointFormat rw = plan.weight("lstm.rw");
    this.inputChannels = net.inputChannels();
    FixedPointFormat lstmAcc = plan.accumulator("lstm", net);
    this.lstmW = matrices.of("lstm.w", l.w(), w);
    this.lstmRW = matrices.of("lstm.rw", l.rw(), rw);
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
    int fg = gate.fractionBits();
    this.zRequantizer = Requantizer.of(lstmAcc, z, false);
    int cellF = Math.max(fg + cell.fractionBits(), 2 * fg);
    this.cellRequantizer = Requantizer.unsaturated(cellF, cell);
    this.cellShiftFc = cellF - (fg + cell.fractionBits());
    this.cellShiftIg = cellF - 2 * fg;
    this.hiddenRequantizer = Requantizer.unsaturated(2 * fg, hidden);
    boolean plain = matrices == IntegerMatrix.Matrices.DENSE; // float copies of plain matrices only
    int gates = 4 * lstmRW.rows();
    this.lstmStride = floatKernels && IntKernels.VECTOR ? FloatConvolution.padded(gates) : gates;
    this.lstmWFloat = plain ? floatMatrix(l.w(), w, largestCode(plan.activation("conv_2")), lstmStride) : null;
    this.lstmRWFloat = plain ? floatMatrix(l.rw(), rw, largestCode(hidden), lstmStride) : null;
    this.lstmBias32 = lstmWFloat != null && lstmRWFloat != null
        ? intGateSums(l, w, rw, largestCode(plan.activation("conv_2")), largestCode(hidden)) : null;
    FixedPointFormat denseIn = hidden;
    for (NetworkWeights.Dense d : weights.dense()) {
      FixedPointFormat acc = plan.accumulator(d.name(), net);
      FixedPointFormat out = plan.activation(d.name());
      FixedPointFormat wf = plan.weight(d.name() + ".w");
      int width = d.b().length;
      int stride = floatKernels && IntKernels.VECTOR ? FloatConvolution.padded(width) : width;
      this.dense.add(new Dense(matrices.of(d.name() + ".w", d.w(), wf), bias(d.b(), plan.weight(d.name() + ".b"), acc),
          out, Requantizer.of(acc, out, d.relu()), plain ? floatMatrix(d.w(), wf, largestCode(denseIn), stride) : null,
          stride));
      denseIn = out;
    }
  }

  public QuantizationPlan plan() {
    return plan;
  }

  /** The convolutions ({@code conv_0}, {@code conv_2}) computed in float32 (exactly: {@link #floatExact}). */
  public List<String> floatConvolutions() {
    List<String> names = new ArrayList<>();
    if (conv0.kernel().wFloat() != null) {
      names.add("conv_0");
    }
    if (conv2.kernel().wFloat() != null) {
      names.add("conv_2");
    }
    return names;
  }

  /** The matrix products the batch path ({@link #scoreBatch}) computes in float32 (exactly: {@link #floatMatrix}). */
  public List<String> floatMatrices() {
    List<String> names = new ArrayList<>();
    if (lstmWFloat != null) {
      names.add("lstm.w");
    }
    if (lstmRWFloat != null) {
      names.add("lstm.rw");
    }
    for (int d = 0; d < dense.size(); d++) {
      if (dense.get(d).wFloat() != null) {
        names.add("fc_" + (d + 1) + ".w");
      }
    }
    return names;
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
    return scores(frames(x));
  }

  /**
   * The scores of one window given frame after frame ({@link #frames}): the layout the golden
   * model computes in, as an accelerator receives MFCC frames one after another. The fastest
   * entry point.
   */
  public long[] scores(int[] frames) {
    return run(frames, false).scores();
  }

  /** Input codes {@code [channel][frame]} time-major: {@code [frame·channels + channel]}. */
  public int[] frames(int[][] x) {
    if (x.length != inputChannels) {
      throw new IllegalArgumentException("a window has " + inputChannels + " channels, not " + x.length);
    }
    return timeMajor(x, inputChannels);
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
    return run(frames(x), true);
  }

  /** Clips the batch entry points compute together: each matrix product runs over this many in one kernel call. */
  public static final int BATCH = 256;

  /**
   * The scores of many windows, each given frame after frame ({@link #frames}), all of the same
   * length: {@code scores[i·outputs + k]} is score k of clip i (outputs = 2). The same codes as
   * {@link #scores(int[])} clip by clip; computed {@link #BATCH} clips at a time, the LSTM's and
   * dense layers' products of a batch in one float32 kernel call each where that is exact
   * ({@link #floatMatrix}), in per-thread buffers (nothing allocated per clip). The fastest entry point.
   */
  public void scoreBatch(int[][] clips, long[] scores) {
    int outputs = dense.get(dense.size() - 1).b().length;
    if (scores.length < clips.length * outputs) {
      throw new IllegalArgumentException(
          clips.length + " clips need " + clips.length * outputs + " scores, the array holds " + scores.length);
    }
    for (int from = 0; from < clips.length; from += BATCH) {
      runBatch(clips, from, Math.min(BATCH, clips.length - from), scores, null);
    }
  }

  /** Every stage of many windows given frame after frame, by the batch path of {@link #scoreBatch}. */
  public List<Trace> traceBatch(int[][] clips) {
    int outputs = dense.get(dense.size() - 1).b().length;
    long[] scores = new long[clips.length * outputs];
    List<Trace> traces = new ArrayList<>(clips.length);
    for (int from = 0; from < clips.length; from += BATCH) {
      runBatch(clips, from, Math.min(BATCH, clips.length - from), scores, traces);
    }
    return traces;
  }

  /** Each thread's buffers of the batch path, grown as needed and kept from one batch to the next. */
  private static final class BatchBuffers {
    int[] t0 = new int[0];
    int[] t2 = new int[0];
    int[] maxima = new int[0];
    int[] pooled = new int[0]; // [step][clip][channel]
    float[] pooledFloat = new float[0];
    float[] inputProducts = new float[0]; // [clip][lstmStride]
    float[] recurrentProducts = new float[0];
    float[] hiddenFloat = new float[0]; // [clip][unit], the step before
    int[] hidden = new int[0];
    long[] cells = new long[0];
    int[] flat = new int[0]; // [clip][step·unit]
    int[] codesA = new int[0];
    int[] codesB = new int[0];
    float[] denseIn = new float[0];
    float[] denseSums = new float[0];
    int[] zCodes = new int[0]; // [clip][lstmStride], the int path's z codes of one step
    long[] acc = new long[0];
    long[] z = new long[0];
    long[] vector = new long[0];

    static int[] fit(int[] a, int n) {
      return a.length >= n ? a : new int[n];
    }

    static float[] fit(float[] a, int n) {
      return a.length >= n ? a : new float[n];
    }

    static long[] fit(long[] a, int n) {
      return a.length >= n ? a : new long[n];
    }
  }

  private static final ThreadLocal<BatchBuffers> BATCH_BUFFERS = ThreadLocal.withInitial(BatchBuffers::new);

  /** Clips [from, from + count) into scores; their traces appended to {@code traces} when not null. */
  private void runBatch(int[][] clips, int from, int count, long[] scores, List<Trace> traces) {
    BatchBuffers s = BATCH_BUFFERS.get();
    boolean keep = traces != null;
    Kernel k0 = conv0.kernel();
    Kernel k2 = conv2.kernel();
    int length = clips[from].length;
    if (length % inputChannels != 0) {
      throw new IllegalArgumentException(
          "a window of " + length + " codes is not whole frames of " + inputChannels + " channels");
    }
    int f0 = length / inputChannels - k0.taps() + 1;
    int f2 = f0 - k2.taps() + 1;
    int steps = f2 / pool;
    int channels = conv2.w().length;
    int stride = k2.outStride();
    int n = lstmRW.rows();
    int g = 4 * n;
    s.t0 = BatchBuffers.fit(s.t0, f0 * k0.outStride());
    s.t2 = BatchBuffers.fit(s.t2, f2 * stride);
    s.maxima = BatchBuffers.fit(s.maxima, steps * stride);
    s.pooled = BatchBuffers.fit(s.pooled, steps * count * channels);
    s.pooledFloat = BatchBuffers.fit(s.pooledFloat, steps * count * channels);
    long[][][] tPool = keep ? new long[count][][] : null;
    List<long[][]> tIn = new ArrayList<>();
    List<long[][]> tC0 = new ArrayList<>();
    List<long[][]> tC2 = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] x = clips[from + i];
      if (x.length != length) {
        throw new IllegalArgumentException("the clips of a batch have the same length: clip " + (from + i) + " has "
            + x.length + " codes, clip " + from + " " + length);
      }
      k0.applyInto(x, f0, s.t0);
      k2.applyInto(s.t0, f2, s.t2);
      IntKernels.maxPool(s.t2, stride, pool, steps, s.maxima);
      for (int t = 0; t < steps; t++) {
        int at = (t * count + i) * channels;
        for (int c = 0; c < channels; c++) {
          int m = s.maxima[t * stride + c];
          s.pooled[at + c] = m;
          s.pooledFloat[at + c] = m;
        }
      }
      if (keep) {
        tIn.add(channelMajor(x, inputChannels, inputChannels));
        tC0.add(channelMajor(java.util.Arrays.copyOf(s.t0, f0 * k0.outStride()), conv0));
        tC2.add(channelMajor(java.util.Arrays.copyOf(s.t2, f2 * stride), conv2));
        long[][] p = new long[channels][steps];
        for (int c = 0; c < channels; c++) {
          for (int t = 0; t < steps; t++) {
            p[c][t] = s.maxima[t * stride + c];
          }
        }
        tPool[i] = p;
      }
    }
    long[][][][] lstmTrace = keep ? new long[4][count][][] : null; // z, gates, cell, hidden per clip
    if (keep) {
      for (int i = 0; i < count; i++) {
        lstmTrace[0][i] = new long[steps][g];
        lstmTrace[1][i] = new long[steps][g];
        lstmTrace[2][i] = new long[steps][n];
        lstmTrace[3][i] = new long[steps][n];
      }
    }
    lstm(s, count, steps, channels, keep ? lstmTrace : null);
    List<List<long[]>> tDense = new ArrayList<>();
    int[] codes = dense(s, count, steps * n, keep ? tDense : null);
    int outputs = dense.get(dense.size() - 1).b().length;
    for (int i = 0; i < count * outputs; i++) {
      scores[from * outputs + i] = codes[i];
    }
    if (keep) {
      for (int i = 0; i < count; i++) {
        long[] flat = new long[steps * n];
        for (int j = 0; j < flat.length; j++) {
          flat[j] = s.flat[i * steps * n + j];
        }
        List<long[]> d = new ArrayList<>();
        for (List<long[]> layer : tDense) {
          d.add(layer.get(i));
        }
        traces.add(new Trace(tIn.get(i), tC0.get(i), tC2.get(i), tPool[i], lstmTrace[0][i], lstmTrace[1][i],
            lstmTrace[2][i], lstmTrace[3][i], flat, List.copyOf(d)));
      }
    }
  }

  /**
   * The LSTM over a batch's pooled codes ({@code s.pooled}, [step][clip][channel]) into {@code
   * s.flat} ([clip][step·unit]): per step, the input and the recurrent products of all clips in
   * one float kernel call each where exact (else the integer matrices clip by clip), then the
   * gates, cell and hidden codes clip by clip as {@link #run}. {@code trace}: z, gates, cell,
   * hidden [clip][step][·] to fill, or null.
   */
  private void lstm(BatchBuffers s, int count, int steps, int channels, long[][][][] trace) {
    int n = lstmRW.rows();
    int g = 4 * n;
    int gs = lstmStride;
    s.inputProducts = BatchBuffers.fit(s.inputProducts, count * gs);
    s.recurrentProducts = BatchBuffers.fit(s.recurrentProducts, count * gs);
    s.hiddenFloat = BatchBuffers.fit(s.hiddenFloat, count * n);
    s.hidden = BatchBuffers.fit(s.hidden, count * n);
    s.cells = BatchBuffers.fit(s.cells, count * n);
    s.flat = BatchBuffers.fit(s.flat, count * steps * n);
    s.acc = BatchBuffers.fit(s.acc, g);
    s.z = BatchBuffers.fit(s.z, g);
    s.vector = BatchBuffers.fit(s.vector, Math.max(channels, n));
    for (int t = 0; t < steps; t++) {
      if (lstmWFloat != null) {
        FloatConvolution.convolve(s.pooledFloat, t * count * channels, channels, count, lstmWFloat, null, gs,
            s.inputProducts, 0, false);
      }
      if (t > 0 && lstmRWFloat != null) {
        FloatConvolution.convolve(s.hiddenFloat, 0, n, count, lstmRWFloat, null, gs, s.recurrentProducts, 0, false);
      }
      if (lstmBias32 != null) {
        s.zCodes = BatchBuffers.fit(s.zCodes, count * gs);
        VectorKernels.shiftedSums(s.inputProducts, lstmShiftX, t > 0 ? s.recurrentProducts : null, lstmShiftH,
            lstmBias32, count * gs, s.zCodes);
        zRequantizer.applyInPlace(s.zCodes, count * gs);
      }
      for (int i = 0; i < count; i++) {
        long[] zt = trace != null ? trace[0][i][t] : s.z;
        if (lstmBias32 != null) {
          for (int j = 0; j < g; j++) {
            zt[j] = s.zCodes[i * gs + j];
          }
        } else {
          zFromLongSums(s, i, t, count, channels, zt);
        }
        gatesOf(s, i, t, steps, zt, trace);
      }
    }
  }

  /** Clip i's z codes of step t from its gate sums in long arithmetic, one gate at a time. */
  private void zFromLongSums(BatchBuffers s, int i, int t, int count, int channels, long[] zt) {
    int n = lstmRW.rows();
    int g = 4 * n;
    int gs = lstmStride;
    long[] acc = s.acc;
    long[] xs = s.vector;
    System.arraycopy(lstmB, 0, acc, 0, g);
    if (lstmWFloat != null) {
      for (int j = 0; j < g; j++) {
        acc[j] += (long) s.inputProducts[i * gs + j] << lstmShiftX;
      }
    } else {
      int at = (t * count + i) * channels;
      for (int k = 0; k < channels; k++) {
        xs[k] = (long) s.pooled[at + k] << lstmShiftX;
      }
      lstmW.multiplyAdd(xs.length == channels ? xs : java.util.Arrays.copyOf(xs, channels), acc);
    }
    if (t > 0) {
      if (lstmRWFloat != null) {
        for (int j = 0; j < g; j++) {
          acc[j] += (long) s.recurrentProducts[i * gs + j] << lstmShiftH;
        }
      } else {
        long[] hv = new long[n];
        for (int k = 0; k < n; k++) {
          hv[k] = (long) s.hidden[i * n + k] << lstmShiftH;
        }
        lstmRW.multiplyAdd(hv, acc);
      }
    }
    for (int j = 0; j < g; j++) {
      zt[j] = zRequantizer.apply(acc[j]);
    }
  }

  /** Clip i's gates, cell and hidden codes of step t from its z codes, as {@link #run}. */
  private void gatesOf(BatchBuffers s, int i, int t, int steps, long[] zt, long[][][][] trace) {
    int n = lstmRW.rows();
    for (int u = 0; u < n; u++) {
      long a = inputTanh.apply(zt[u]);
      long f = sigmoid.apply(zt[n + u]);
      long o = sigmoid.apply(zt[2 * n + u]);
      long in = sigmoid.apply(zt[3 * n + u]);
      long previous = t > 0 ? s.cells[i * n + u] : 0;
      long c = cell(f, previous, in, a);
      int h = (int) hiddenRequantizer.apply(o * cellTanh.apply(c));
      s.cells[i * n + u] = c;
      s.hidden[i * n + u] = h;
      s.hiddenFloat[i * n + u] = h;
      s.flat[(i * steps + t) * n + u] = h;
      if (trace != null) {
        long[] gt = trace[1][i][t];
        gt[u] = a;
        gt[n + u] = f;
        gt[2 * n + u] = o;
        gt[3 * n + u] = in;
        trace[2][i][t][u] = c;
        trace[3][i][t][u] = h;
      }
    }
  }

  /**
   * The LSTM cell's next code, {@code c = f·c' + i·g} at {@code max(fg+fc, 2fg)} fraction bits
   * rounded to {@code lstm.cell}: the one definition the per-clip and batch paths share.
   */
  private long cell(long f, long previous, long in, long g) {
    return cellRequantizer.apply(((f * previous) << cellShiftFc) + ((in * g) << cellShiftIg));
  }

  /**
   * The dense layers over a batch's flattened hidden codes ({@code s.flat}, [clip][width]): each
   * layer's products of all clips in one float kernel call where exact (else the integer
   * matrices clip by clip), bias and rounding in integer arithmetic. Returns the last layer's
   * codes [clip][output]; {@code trace}: each layer's codes per clip, or null.
   */
  private int[] dense(BatchBuffers s, int count, int width, List<List<long[]>> trace) {
    int[] in = s.flat;
    for (int d = 0; d < dense.size(); d++) {
      Dense layer = dense.get(d);
      int outW = layer.b().length;
      int[] out = d % 2 == 0 ? (s.codesA = BatchBuffers.fit(s.codesA, count * outW))
          : (s.codesB = BatchBuffers.fit(s.codesB, count * outW));
      long[] b = layer.b();
      Requantizer r = layer.requantizer();
      if (layer.wFloat() != null) {
        int os = layer.outStride();
        s.denseIn = BatchBuffers.fit(s.denseIn, count * width);
        s.denseSums = BatchBuffers.fit(s.denseSums, count * os);
        VectorKernels.toFloats(in, count * width, s.denseIn);
        FloatConvolution.convolve(s.denseIn, 0, width, count, layer.wFloat(), null, os, s.denseSums, 0, false);
        for (int i = 0; i < count; i++) {
          for (int j = 0; j < outW; j++) {
            out[i * outW + j] = (int) r.apply(b[j] + (long) s.denseSums[i * os + j]);
          }
        }
      } else {
        long[] v = new long[width];
        long[] y = new long[outW];
        for (int i = 0; i < count; i++) {
          for (int k = 0; k < width; k++) {
            v[k] = in[i * width + k];
          }
          System.arraycopy(b, 0, y, 0, outW);
          layer.w().multiplyAdd(v, y);
          for (int j = 0; j < outW; j++) {
            out[i * outW + j] = (int) r.apply(y[j]);
          }
        }
      }
      if (trace != null) {
        List<long[]> codes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          long[] c = new long[outW];
          for (int j = 0; j < outW; j++) {
            c[j] = out[i * outW + j];
          }
          codes.add(c);
        }
        trace.add(codes);
      }
      in = out;
      width = outW;
    }
    return in;
  }

  private Trace run(int[] x, boolean keep) {
    if (x.length % inputChannels != 0) {
      throw new IllegalArgumentException(
          "a window of " + x.length + " codes is not whole frames of " + inputChannels + " channels");
    }
    int[] t0 = conv0.kernel().apply(x); // time-major codes
    int[] t2 = conv2.kernel().apply(t0);
    int channels = conv2.w().length;
    int steps = t2.length / conv2.kernel().outStride() / pool;
    int stride = conv2.kernel().outStride();
    int[] maxima = new int[steps * stride]; // [step][channel], time-major as the convolution's output
    IntKernels.maxPool(t2, stride, pool, steps, maxima);
    long[][] pooled = new long[channels][steps];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < steps; t++) {
        pooled[c][t] = maxima[t * stride + c];
      }
    }
    long[][] in = keep ? channelMajor(x, inputChannels, inputChannels) : null;
    long[][] c0 = keep ? channelMajor(t0, conv0) : null;
    long[][] c2 = keep ? channelMajor(t2, conv2) : null;
    int n = lstmRW.rows();
    long[][] zs = new long[steps][4 * n];
    long[][] gates = new long[steps][4 * n];
    long[][] cells = new long[steps][n];
    long[][] hs = new long[steps][n];
    long[] acc = new long[4 * n];
    long[] xs = new long[channels];
    long[] hv = new long[n];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(lstmB, 0, acc, 0, 4 * n);
      for (int k = 0; k < channels; k++) {
        xs[k] = pooled[k][t] << lstmShiftX;
      }
      lstmW.multiplyAdd(xs, acc);
      if (t > 0) {
        for (int k = 0; k < n; k++) {
          hv[k] = hs[t - 1][k] << lstmShiftH;
        }
        lstmRW.multiplyAdd(hv, acc);
      }
      long[] zt = zs[t];
      for (int j = 0; j < 4 * n; j++) {
        zt[j] = zRequantizer.apply(acc[j]);
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
        cells[t][u] = cell(f, previous, i, a);
        hs[t][u] = hiddenRequantizer.apply(o * cellTanh.apply(cells[t][u]));
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
      d.w().multiplyAdd(v, y);
      for (int j = 0; j < width; j++) {
        y[j] = d.requantizer().apply(y[j]);
      }
      outs.add(y);
      v = y;
    }
    return keep ? new Trace(in, c0, c2, pooled, zs, gates, cells, hs, flat, List.copyOf(outs))
        : new Trace(null, null, null, null, null, null, null, null, null, List.of(v));
  }

  /** Codes {@code [channel][frame]} as one time-major array with the given channel stride. */
  private static int[] timeMajor(int[][] x, int stride) {
    int frames = x[0].length;
    int[] xt = new int[frames * stride];
    for (int c = 0; c < x.length; c++) {
      int[] row = x[c];
      for (int t = 0; t < frames; t++) {
        xt[t * stride + c] = row[t];
      }
    }
    return xt;
  }

  /** A time-major int output of a convolution as {@code [channel][frame]} longs, padding dropped. */
  private static long[][] channelMajor(int[] y, Conv layer) {
    return channelMajor(y, layer.kernel().outStride(), layer.w().length);
  }

  private static long[][] channelMajor(int[] y, int stride, int channels) {
    int frames = y.length / stride;
    long[][] out = new long[channels][frames];
    for (int c = 0; c < channels; c++) {
      for (int t = 0; t < frames; t++) {
        out[c][t] = y[t * stride + c];
      }
    }
    return out;
  }

  /**
   * A convolution's codes; {@code paddedInput}: its input is a previous convolution's output
   * (channels padded to {@link IntKernels#padded}), not the MFCC window.
   */
  private Conv conv(NetworkWeights.Conv c, String name, boolean paddedInput) {
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
    FixedPointFormat outFormat = plan.activation(name);
    int out = w.length;
    int inChannels = w[0].length;
    int k = w[0][0].length;
    int inStride = paddedInput ? IntKernels.padded(inChannels) : inChannels;
    int outStride = IntKernels.padded(out);
    long[] w64 = new long[k * inStride * outStride]; // [(tap·inStride + in)·outStride + out]
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < inChannels; i++) {
        for (int j = 0; j < k; j++) {
          w64[(j * inStride + i) * outStride + o] = w[o][i][j];
        }
      }
    }
    long[] b64 = java.util.Arrays.copyOf(b, outStride);
    Requantizer requantizer = Requantizer.of(acc, outFormat, true);
    float[] wFloat = null;
    if (floatKernels && IntKernels.VECTOR && outStride % FloatConvolution.LANES == 0 && floatExact(w, xMax)
        && xMax < VectorKernels.TO_FLOATS_LIMIT) {
      wFloat = new float[w64.length];
      for (int i = 0; i < w64.length; i++) {
        wFloat[i] = w64[i];
      }
    }
    // the float sums back to ints in SIMD registers: exact below 2^22 (VectorKernels.addBias)
    boolean vectorBias = wFloat != null && outStride % IntKernels.LANES == 0
        && productBound(w, xMax) < VectorKernels.TO_FLOATS_LIMIT;
    Kernel kernel = fitsInt
        ? new Kernel(java.util.Arrays.stream(w64).mapToInt(Math::toIntExact).toArray(),
            java.util.Arrays.stream(b64).mapToInt(Math::toIntExact).toArray(), null, null, wFloat, vectorBias,
            inStride, outStride, k, requantizer)
        : new Kernel(null, null, w64, b64, wFloat, false, inStride, outStride, k, requantizer);
    return new Conv(w, outFormat, kernel);
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
