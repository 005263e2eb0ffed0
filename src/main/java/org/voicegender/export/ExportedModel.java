package org.voicegender.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.voicegender.activation.LstmActivations;
import org.voicegender.export.HardwareExport.Manifest;
import org.voicegender.export.HardwareExport.VectorFile;
import org.voicegender.model.NetworkConfig;
import org.voicegender.quant.FixedPointFormat;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.ReferenceModel;

/**
 * A {@link HardwareExport} read back from its files alone: the integer weight codes (from the
 * hex files, checked against the bit-string files), the formats (from the manifest), and a
 * {@link GoldenModel} rebuilt from them, with the exported test vectors to run it on.
 *
 * <p>The weights are rebuilt as {@code code · 2^−f}, which every format represents exactly, so
 * the golden model re-quantizes them to the same codes; the reader checks that, and that each
 * bias brought to its layer's accumulator equals the exported {@code _acc} codes, so an export
 * whose datapath would differ from its own files is refused rather than silently re-derived.
 */
public final class ExportedModel {
  private final Path dir;
  private final Manifest manifest;
  private final NetworkWeights weights;
  private final QuantizationPlan plan;
  private final GoldenModel golden;

  private ExportedModel(Path dir, Manifest manifest, NetworkWeights weights, QuantizationPlan plan,
      GoldenModel golden) {
    this.dir = dir;
    this.manifest = manifest;
    this.weights = weights;
    this.plan = plan;
    this.golden = golden;
  }

  /**
   * Reads an export with the LSTM activations its manifest defines ({@code lstm_definition}, the
   * functions' JSON), or the exact ones when it has none.
   */
  public static ExportedModel read(Path dir) throws IOException {
    Path file = dir.resolve("manifest.json");
    LstmActivations functions = LstmActivations.exact();
    if (Files.isRegularFile(file)) {
      String definition = HardwareExport.JSON.readValue(file.toFile(), Manifest.class).activationFunctions().get("lstm_definition");
      if (definition != null) {
        functions = LstmActivations.fromJson(definition);
      }
    }
    return read(dir, functions);
  }

  /**
   * Reads an export made with {@code functions} (their names must match the manifest's: the
   * export records names, not tables).
   */
  public static ExportedModel read(Path dir, LstmActivations functions) throws IOException {
    Path file = dir.resolve("manifest.json");
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + " is not a hardware export: it has no manifest.json");
    }
    Manifest m = HardwareExport.JSON.readValue(file.toFile(), Manifest.class);
    if (!HardwareExport.FORMAT.equals(m.format())) {
      throw new IOException(file + " is format '" + m.format() + "', this reader reads " + HardwareExport.FORMAT);
    }
    checkFunctions(m, functions, file);
    NetworkConfig net = m.network();
    QuantizationPlan plan = plan(m, file);
    Map<String, double[]> values = new LinkedHashMap<>();
    for (HardwareExport.Tensor t : m.tensors()) {
      values.put(t.name(), values(dir, t, plan, net));
    }
    NetworkWeights weights = weights(net, m, values);
    return new ExportedModel(dir, m, weights, plan, new GoldenModel(weights, plan, functions));
  }

  public Manifest manifest() {
    return manifest;
  }

  /** The weights rebuilt from the exported codes (each value exactly {@code code · 2^−f}). */
  public NetworkWeights weights() {
    return weights;
  }

  public QuantizationPlan plan() {
    return plan;
  }

  /** The golden model rebuilt from the export. */
  public GoldenModel golden() {
    return golden;
  }

  public List<String> clipIds() {
    return manifest.clipIds();
  }

  /** A clip's exported input codes {@code [channels][frames]}. */
  public int[][] input(String clipId) throws IOException {
    long[][] x = vector(clipId, "input.txt");
    int[][] out = new int[x.length][];
    for (int c = 0; c < x.length; c++) {
      out[c] = Arrays.stream(x[c]).mapToInt(Math::toIntExact).toArray();
    }
    return out;
  }

  /** Every stage of a clip as the export expects it. */
  public GoldenModel.Trace expected(String clipId) throws IOException {
    int steps = manifest.lstm().steps();
    long[][] z = new long[steps][];
    long[][] gates = new long[steps][];
    long[][] cell = new long[steps][];
    long[][] hidden = new long[steps][];
    for (int t = 0; t < steps; t++) {
      z[t] = vector(clipId, "lstm_step" + t + "_z.txt")[0];
      gates[t] = vector(clipId, "lstm_step" + t + "_gates.txt")[0];
      cell[t] = vector(clipId, "lstm_step" + t + "_cell.txt")[0];
      hidden[t] = vector(clipId, "lstm_step" + t + "_hidden.txt")[0];
    }
    List<long[]> dense = new ArrayList<>();
    for (int d = 1; d <= manifest.network().dense().size() + 1; d++) {
      dense.add(vector(clipId, "fc_" + d + ".txt")[0]);
    }
    return new GoldenModel.Trace(vector(clipId, "input.txt"), vector(clipId, "conv_0.txt"),
        vector(clipId, "conv_2.txt"), vector(clipId, "pool.txt"), z, gates, cell, hidden,
        vector(clipId, "flat.txt")[0], List.copyOf(dense));
  }

  /** The rebuilt golden model run on a clip's exported input. */
  public GoldenModel.Trace run(String clipId) throws IOException {
    return golden.trace(input(clipId));
  }

  /**
   * Runs every exported clip and compares each stage, and the scores and decision of {@code
   * vectors/index.csv}, with the export: the differences, empty when all agree bit for bit.
   */
  public List<String> verify() throws IOException {
    List<String> d = new ArrayList<>();
    Map<String, String[]> index = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("vectors/index.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      index.put(cells[0], cells);
    }
    for (String id : clipIds()) {
      GoldenModel.Trace actual = run(id);
      d.addAll(HardwareExport.differences(id, expected(id), actual));
      long[] s = actual.scores();
      String[] row = index.get(id);
      String computed = id + "," + HardwareExport.decision(s)
          + Arrays.stream(s).mapToObj(v -> "," + v).reduce("", String::concat);
      if (row == null || !String.join(",", row).equals(computed)) {
        d.add("vectors/index.csv: expected " + (row == null ? "a row for " + id : String.join(",", row))
            + ", computed " + computed);
      }
    }
    return d;
  }

  // ---- reading ----

  private static void checkFunctions(Manifest m, LstmActivations f, Path file) {
    Map<String, String> names = m.activationFunctions();
    if (!f.gate().name().equals(names.get("lstm_gate")) || !f.input().name().equals(names.get("lstm_input"))
        || !f.cell().name().equals(names.get("lstm_cell"))) {
      throw new IllegalArgumentException(file + " was made with LSTM activations gate " + names.get("lstm_gate")
          + ", input " + names.get("lstm_input") + ", cell " + names.get("lstm_cell") + "; read it with those, not "
          + f.gate().name() + ", " + f.input().name() + ", " + f.cell().name());
    }
  }

  /** The plan from the manifest's formats; its accumulators must be the manifest's. */
  private static QuantizationPlan plan(Manifest m, Path file) throws IOException {
    Map<String, FixedPointFormat> w = new LinkedHashMap<>();
    m.tensors().forEach(t -> w.put(t.name(), t.format().toFixedPoint()));
    Map<String, FixedPointFormat> a = new LinkedHashMap<>();
    m.activationFormats().forEach((k, f) -> a.put(k, f.toFixedPoint()));
    QuantizationPlan plan = new QuantizationPlan(m.spec(), w, a, m.accumulatorBits());
    for (String layer : ReferenceModel.layers(m.network())) {
      FixedPointFormat expected = m.accumulators().get(layer).toFixedPoint();
      FixedPointFormat actual = plan.accumulator(layer, m.network());
      if (!expected.equals(actual)) {
        throw new IOException(file + ": " + layer + "'s accumulator is " + expected + " but its formats give "
            + actual);
      }
    }
    return plan;
  }

  /** A tensor's values from its hex codes, checked against its bit strings and bias alignment. */
  private static double[] values(Path dir, HardwareExport.Tensor t, QuantizationPlan plan, NetworkConfig net)
      throws IOException {
    FixedPointFormat f = t.format().toFixedPoint();
    int[] shape = t.shape().stream().mapToInt(Integer::intValue).toArray();
    long[] codes = hex(dir.resolve(t.hexFile()), f, size(shape));
    long[] bits = text(dir.resolve(t.bitsFile()), shape, f::fromBits);
    for (int i = 0; i < codes.length; i++) {
      if (bits[i] != codes[i]) {
        throw new IOException(t.bitsFile() + " value " + i + " is code " + bits[i] + ", " + t.hexFile() + " has "
            + codes[i]);
      }
    }
    if (t.accumulatorHexFile() != null) {
      String layer = t.name().substring(0, t.name().lastIndexOf('.'));
      FixedPointFormat acc = plan.accumulator(layer, net);
      long[] aligned = hex(dir.resolve(t.accumulatorHexFile()), acc, codes.length);
      for (int i = 0; i < codes.length; i++) {
        long expected = acc.rescale(codes[i], f.fractionBits()); // what GoldenModel adds
        if (aligned[i] != expected) {
          throw new IOException(t.accumulatorHexFile() + " line " + (i + 1) + " is " + aligned[i] + ", but bias code "
              + codes[i] + " at " + acc + " is " + expected + ": the datapath would add another bias");
        }
      }
    }
    double[] v = new double[codes.length];
    for (int i = 0; i < codes.length; i++) {
      v[i] = f.toDouble(codes[i]);
      if (f.quantize(v[i]) != codes[i]) { // cannot happen for a valid code; guards the rebuild
        throw new IOException(t.hexFile() + " line " + (i + 1) + ": code " + codes[i] + " does not survive " + f);
      }
    }
    return v;
  }

  private static NetworkWeights weights(NetworkConfig net, Manifest m, Map<String, double[]> v) {
    int n = net.lstmUnits();
    int steps = net.lstmSteps();
    List<NetworkWeights.Dense> dense = new ArrayList<>();
    int in = steps * n;
    for (int d = 1; d <= net.dense().size() + 1; d++) {
      boolean hidden = d <= net.dense().size();
      int out = hidden ? net.dense().get(d - 1) : net.classes();
      String name = "fc_" + d;
      dense.add(new NetworkWeights.Dense(name, matrix(v.get(name + ".w"), in, out), v.get(name + ".b"), hidden));
      in = out;
    }
    return new NetworkWeights(net, m.normalizer(),
        new NetworkWeights.Conv("conv_0", conv(v.get("conv_0.w"), net.conv1Channels(), net.inputChannels(),
            net.conv1Kernel()), v.get("conv_0.b")),
        new NetworkWeights.Conv("conv_2", conv(v.get("conv_2.w"), net.conv2Channels(), net.conv1Channels(),
            net.conv2Kernel()), v.get("conv_2.b")),
        new NetworkWeights.Lstm("lstm", matrix(v.get("lstm.w"), net.conv2Channels(), 4 * n),
            matrix(v.get("lstm.rw"), n, 4 * n), v.get("lstm.b")),
        List.copyOf(dense));
  }

  private static double[][] matrix(double[] flat, int rows, int cols) {
    if (flat.length != rows * cols) {
      throw new IllegalArgumentException(flat.length + " values do not make a [" + rows + "][" + cols + "] matrix");
    }
    double[][] m = new double[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
    }
    return m;
  }

  private static double[][][] conv(double[] flat, int out, int in, int k) {
    double[][][] w = new double[out][][];
    for (int o = 0; o < out; o++) {
      w[o] = matrix(Arrays.copyOfRange(flat, o * in * k, (o + 1) * in * k), in, k);
    }
    return w;
  }

  /** One of a clip's vector files, checked against the manifest's shape; a vector is one row. */
  private long[][] vector(String clipId, String file) throws IOException {
    VectorFile entry = manifest.vectorFiles().stream()
        .filter(v -> file.matches(v.file().replace(".", "\\.").replace("<t>", "\\d+")))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("the manifest lists no vector file " + file));
    int[] s = entry.shape().stream().mapToInt(Integer::intValue).toArray();
    long[] flat = text(dir.resolve("vectors").resolve(clipId).resolve(file), s, Long::parseLong);
    int rows = s.length == 1 ? 1 : s[0];
    int cols = s[s.length - 1];
    long[][] m = new long[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
    }
    return m;
  }

  /** A file in the text layout: its header must state {@code shape}; values row-major. */
  static long[] text(Path file, int[] shape, Function<String, Long> parse) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String header = "# Matrix shape: " + HardwareExport.pythonShape(shape);
    if (lines.isEmpty() || !lines.get(0).equals(header)) {
      throw new IOException(file + ": first line should be '" + header + "', is '"
          + (lines.isEmpty() ? "" : lines.get(0)) + "'");
    }
    int cols = shape[shape.length - 1];
    int rows = size(shape) / cols;
    if (lines.size() - 1 != rows) {
      throw new IOException(file + ": " + (lines.size() - 1) + " rows, the shape needs " + rows);
    }
    long[] v = new long[rows * cols];
    for (int r = 0; r < rows; r++) {
      String[] cells = lines.get(r + 1).trim().split(" +");
      if (cells.length != cols) {
        throw new IOException(file + " line " + (r + 2) + ": " + cells.length + " values, the shape needs " + cols);
      }
      for (int c = 0; c < cols; c++) {
        try {
          v[r * cols + c] = parse.apply(cells[c]);
        } catch (IllegalArgumentException e) {
          throw new IOException(file + " line " + (r + 2) + ": '" + cells[c] + "': " + e.getMessage(), e);
        }
      }
    }
    return v;
  }

  /** A $readmemh file: one code per line, {@code count} lines. */
  static long[] hex(Path file, FixedPointFormat f, int count) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.size() != count) {
      throw new IOException(file + ": " + lines.size() + " lines, expected " + count);
    }
    int digits = (f.bits() + 3) / 4;
    long[] codes = new long[count];
    for (int i = 0; i < count; i++) {
      String h = lines.get(i).trim();
      if (!h.matches("[0-9a-fA-F]{" + digits + "}")) {
        throw new IOException(file + " line " + (i + 1) + ": '" + h + "' is not " + digits + " hex digits");
      }
      long word = Long.parseUnsignedLong(h, 16);
      if (word >>> f.bits() != 0) {
        throw new IOException(file + " line " + (i + 1) + ": '" + h + "' is wider than " + f.bits() + " bits");
      }
      codes[i] = f.decode(word);
    }
    return codes;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
