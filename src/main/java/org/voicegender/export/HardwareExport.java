package org.voicegender.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.voicegender.activation.LstmActivations;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.NetworkConfig;
import org.voicegender.quant.FixedPointFormat;
import org.voicegender.quant.FixedPointFormat.Overflow;
import org.voicegender.quant.FixedPointFormat.Representation;
import org.voicegender.quant.FixedPointFormat.Rounding;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.QuantizationSpec;
import org.voicegender.quant.ReferenceModel;

/**
 * Writes a golden model for hardware: its weights as integer codes (text, bit strings, hex for
 * Verilog's {@code $readmemh}, a C header), test vectors with every stage's expected codes, and
 * a {@code manifest.json} that states every layout and format. {@link ExportedModel} reads an
 * export back and re-runs it.
 *
 * <pre>
 * manifest.json
 * weights/float/&lt;name&gt;.txt   trained float weights          # Matrix shape: (16, 40, 4), then rows
 * weights/bits/&lt;name&gt;.txt    codes as bit strings, same layout
 * weights/hex/&lt;name&gt;.hex     codes in hex, one per line, row-major (biases also &lt;name&gt;_acc.hex)
 * weights/golden_weights.h   codes as C arrays, #defines for the fraction bits
 * vectors/index.csv          clip id, expected decision, scores
 * vectors/&lt;clip&gt;/*.txt       input and every stage's expected codes, decimal
 * </pre>
 *
 * Names follow the original project: {@code conv_0_weight}, {@code conv_0_bias}, {@code
 * lstm_weight_ih}, {@code lstm_weight_hh}, {@code lstm_bias}, {@code fc_1_weight}, … The layouts
 * are this project's ({@link NetworkWeights}), not PyTorch's: dense {@code w[in][out]}, LSTM
 * {@code w[in][4n]} with gate blocks g, f, o, i. A bias's own-format code is in {@code
 * <name>.hex}; the golden model adds it brought to the layer's accumulator precision, which is in
 * {@code <name>_acc.hex} (the manifest's {@code datapath_file} says which file a layer uses).
 */
public final class HardwareExport {
  /** The manifest's {@code format}; a reader refuses any other. */
  public static final String FORMAT = "voicegender-hardware-export/1";

  /** LSTM gate blocks in the columns of {@code w}, {@code rw}, {@code b} and the z/gate vectors. */
  public static final List<String> GATE_ORDER = List.of("g", "f", "o", "i");

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** A fixed-point format as the manifest states it ({@code value = code · 2^−fraction_bits}). */
  public record Format(
      String label, int bits, int fractionBits, Representation representation, Rounding rounding,
      Overflow overflow) {
    static Format of(FixedPointFormat f) {
      return new Format(f.label(), f.bits(), f.fractionBits(), f.representation(), f.rounding(), f.overflow());
    }

    public FixedPointFormat toFixedPoint() {
      return new FixedPointFormat(bits, fractionBits, representation, rounding, overflow);
    }
  }

  /**
   * One weight tensor. Biases also carry their accumulator-aligned codes: {@code datapath_file}
   * names the file whose codes the golden model adds ({@code accumulator_hex} for biases, {@code
   * hex} for weights).
   */
  public record Tensor(
      String name, String fileName, List<Integer> shape, String layout, Format format, String floatFile,
      String bitsFile, String hexFile, String cArray, Format accumulatorFormat, String accumulatorHexFile,
      String accumulatorCArray, String datapathFile) {}

  /** The LSTM's gate order and arithmetic constants (shifts bring products to the accumulator). */
  public record Lstm(
      int units, int steps, List<String> gateOrder, Map<String, String> gateActivations,
      String cellActivation, int inputShift, int recurrentShift, int cellFractionBits) {}

  /** One file of every clip's folder: its name ({@code <t>} = LSTM step), shape and stage format. */
  public record VectorFile(String file, List<Integer> shape, String format) {}

  /** Everything a reader (or a test bench) needs to know about an export. */
  public record Manifest(
      String format,
      String scheme,
      String plan,
      QuantizationSpec spec,
      NetworkConfig network,
      List<String> layerOrder,
      Map<String, String> layout,
      Lstm lstm,
      Map<String, String> activationFunctions,
      Map<String, Format> activationFormats,
      int accumulatorBits,
      Map<String, Format> accumulators,
      Map<String, Integer> accumulatorFractionBits,
      List<String> datapath,
      List<Tensor> tensors,
      FeatureNormalizer normalizer,
      List<VectorFile> vectorFiles,
      String decision,
      int clips,
      List<String> clipIds,
      List<String> files,
      Map<String, Object> extensions) {}

  /**
   * What a later stage adds to an export (e.g. a compressed model's defining vectors): its own
   * files, written through {@link ExportFiles} in the export's layouts, and an entry in the manifest's
   * {@code extensions} under {@link #name}.
   */
  public interface Extension {
    String name();

    /** Writes the extension's files and returns its manifest entry (any value Jackson writes). */
    Object write(GoldenModel golden, NetworkWeights weights, ExportFiles files) throws IOException;
  }

  /** The export's writers, for {@link Extension}s: paths relative to the export, listed in the manifest. */
  public interface ExportFiles {
    /** The original's text layout: {@code # Matrix shape: (a, b, c)}, then rows of the last dimension. */
    void matrix(String rel, int[] shape, IntFunction<String> value) throws IOException;

    /** One code per line in hex, for {@code $readmemh}. */
    void hex(String rel, long[] codes, FixedPointFormat format) throws IOException;

    void text(String rel, String text) throws IOException;
  }

  private static final String NL = "\n";

  private final Path root;
  private final List<String> files = new ArrayList<>();

  private HardwareExport(Path root) {
    this.root = root;
  }

  /**
   * Writes the export of {@code golden} into {@code outDir} (created if missing).
   *
   * @param golden the integer model; it must have been built from {@code weights}
   * @param weights the float weights (written to {@code weights/float}, quantized by the plan)
   * @param clips raw MFCC windows {@code [channels][frames]}, one test vector each
   * @param clipIds a folder name per clip (letters, digits, {@code . _ -}), unique
   */
  public static Manifest write(
      GoldenModel golden, NetworkWeights weights, List<float[][]> clips, List<String> clipIds, Path outDir)
      throws IOException {
    return write(golden, weights, clips, clipIds, outDir, List.of());
  }

  /** {@link #write}, with {@code extensions}' files and manifest entries added. */
  public static Manifest write(
      GoldenModel golden, NetworkWeights weights, List<float[][]> clips, List<String> clipIds, Path outDir,
      List<Extension> extensions) throws IOException {
    checkClips(weights.network(), clips, clipIds);
    List<GoldenModel.Trace> traces = traces(golden, weights, clips, clipIds);
    HardwareExport out = new HardwareExport(outDir);
    Files.createDirectories(outDir);
    List<Tensor> tensors = out.writeWeights(golden.plan(), weights);
    out.writeVectors(weights.network(), clipIds, traces);
    Map<String, Object> entries = new LinkedHashMap<>();
    ExportFiles writers = new ExportFiles() {
      @Override
      public void matrix(String rel, int[] shape, IntFunction<String> value) throws IOException {
        out.writeMatrix(rel, shape, value);
      }

      @Override
      public void hex(String rel, long[] codes, FixedPointFormat format) throws IOException {
        out.writeHex(rel, codes, format);
      }

      @Override
      public void text(String rel, String text) throws IOException {
        out.writeString(rel, text);
      }
    };
    for (Extension e : extensions) {
      entries.put(e.name(), e.write(golden, weights, writers));
    }
    Manifest m = manifest(golden, weights, tensors, clipIds, out.files, entries.isEmpty() ? null : entries);
    JSON.writeValue(outDir.resolve("manifest.json").toFile(), m);
    return m;
  }

  /** Reads an export back: {@link ExportedModel#read(Path)}. */
  public static ExportedModel read(Path dir) throws IOException {
    return ExportedModel.read(dir);
  }

  private static void checkClips(NetworkConfig net, List<float[][]> clips, List<String> ids) {
    if (clips.size() != ids.size()) {
      throw new IllegalArgumentException(clips.size() + " clips but " + ids.size() + " clip ids");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (!id.matches("[A-Za-z0-9._-]+") || id.matches("\\.+") || !seen.add(id)) {
        throw new IllegalArgumentException("clip id '" + id + "' is not a unique folder name of letters,"
            + " digits, '.', '_' and '-'");
      }
      float[][] x = clips.get(i);
      if (x.length != net.inputChannels() || x[0].length != net.frames()) {
        throw new IllegalArgumentException("clip " + id + " is [" + x.length + "][" + x[0].length
            + "], the network reads [" + net.inputChannels() + "][" + net.frames() + "]");
      }
    }
  }

  /** Every clip's trace; refuses a golden model that these weights would not give. */
  private static List<GoldenModel.Trace> traces(
      GoldenModel golden, NetworkWeights weights, List<float[][]> clips, List<String> ids) {
    GoldenModel rebuilt = new GoldenModel(weights, golden.plan(), golden.functions());
    List<GoldenModel.Trace> traces = new ArrayList<>();
    for (int i = 0; i < clips.size(); i++) {
      int[][] codes = golden.inputCodes(clips.get(i), weights.normalizer());
      GoldenModel.Trace t = golden.trace(codes);
      List<String> d = differences(ids.get(i), t, rebuilt.trace(codes));
      if (!d.isEmpty()) {
        throw new IllegalArgumentException("the golden model was not built from these weights: " + d.get(0));
      }
      traces.add(t);
    }
    return traces;
  }

  // ---- weights ----

  private List<Tensor> writeWeights(QuantizationPlan plan, NetworkWeights weights) throws IOException {
    NetworkConfig net = weights.network();
    List<Tensor> out = new ArrayList<>();
    StringBuilder header = headerStart(plan, net);
    for (NetworkWeights.Tensor t : weights.tensors()) {
      FixedPointFormat f = plan.weight(t.name());
      String base = fileName(t);
      long[] codes = Arrays.stream(t.values()).mapToLong(f::quantize).toArray();
      double[] values = t.values();
      writeMatrix("weights/float/" + base + ".txt", t.shape(), i -> floatText(values[i]));
      writeMatrix("weights/bits/" + base + ".txt", t.shape(), i -> f.toBits(codes[i]));
      writeHex("weights/hex/" + base + ".hex", codes, f);
      cArray(header, t, base, codes, f, "value = code * 2^-" + f.fractionBits());
      defineFormat(header, base, f);
      Tensor entry = new Tensor(t.name(), base, boxed(t.shape()), layout(t), Format.of(f),
          "weights/float/" + base + ".txt", "weights/bits/" + base + ".txt", "weights/hex/" + base + ".hex",
          base, null, null, null, "hex_file");
      if (t.param().equals("b")) {
        FixedPointFormat acc = plan.accumulator(t.layer(), net);
        long[] aligned = Arrays.stream(codes).map(c -> acc.rescale(c, f.fractionBits())).toArray();
        writeHex("weights/hex/" + base + "_acc.hex", aligned, acc);
        cArray(header, t, base + "_acc", aligned, acc, "the bias at " + t.layer()
            + "'s accumulator precision, as the datapath adds it: value = code * 2^-" + acc.fractionBits());
        defineFormat(header, base + "_acc", acc);
        entry = new Tensor(t.name(), base, boxed(t.shape()), layout(t), Format.of(f), entry.floatFile(),
            entry.bitsFile(), entry.hexFile(), base, Format.of(acc), "weights/hex/" + base + "_acc.hex",
            base + "_acc", "accumulator_hex_file");
      }
      out.add(entry);
    }
    header.append("#endif /* GOLDEN_WEIGHTS_H */\n");
    writeString("weights/golden_weights.h", header.toString());
    return out;
  }

  /** The original project's file name of a tensor: conv_0_weight, lstm_weight_ih, fc_1_bias, … */
  static String fileName(NetworkWeights.Tensor t) {
    String param = switch (t.param()) {
      case "w" -> t.layer().equals("lstm") ? "weight_ih" : "weight";
      case "rw" -> "weight_hh";
      case "b" -> "bias";
      default -> throw new IllegalArgumentException("unknown parameter " + t.name());
    };
    return t.layer() + "_" + param;
  }

  private static String layout(NetworkWeights.Tensor t) {
    boolean conv = t.layer().startsWith("conv");
    boolean lstm = t.layer().equals("lstm");
    return switch (t.param()) {
      case "w" -> conv ? "w[out][in][k]" : lstm ? "w[in][4*units], column blocks g,f,o,i" : "w[in][out]";
      case "rw" -> "rw[units][4*units], column blocks g,f,o,i";
      default -> lstm ? "b[4*units], blocks g,f,o,i" : "b[out]";
    };
  }

  private static StringBuilder headerStart(QuantizationPlan plan, NetworkConfig net) {
    StringBuilder h = new StringBuilder();
    h.append("/* Golden-model weights, scheme ").append(plan.spec().name()).append(": integer codes,\n")
        .append(" * value = code * 2^-FRAC_BITS (the codes, not bit patterns: sign-magnitude words are in\n")
        .append(" * weights/hex). Layouts: conv w[out][in][k]; lstm w[in][4n], rw[n][4n], b[4n] in gate\n")
        .append(" * blocks g (tanh), f, o, i (sigmoid); dense w[in][out]. Biases: <name> in their own\n")
        .append(" * format, <name>_acc at the layer's accumulator precision (what the datapath adds).\n")
        .append(" * Written by voicegender's HardwareExport; manifest.json has every format. */\n")
        .append("#ifndef GOLDEN_WEIGHTS_H\n#define GOLDEN_WEIGHTS_H\n\n#include <stdint.h>\n\n")
        .append("#define ACC_BITS ").append(plan.accumulatorBits()).append('\n')
        .append("#define LSTM_UNITS ").append(net.lstmUnits()).append('\n')
        .append("#define LSTM_STEPS ").append(net.lstmSteps()).append('\n');
    for (int g = 0; g < GATE_ORDER.size(); g++) {
      h.append("#define LSTM_GATE_").append(GATE_ORDER.get(g).toUpperCase()).append(' ').append(g).append('\n');
    }
    for (String layer : ReferenceModel.layers(net)) {
      h.append("#define ACC_").append(macro(layer)).append("_FRAC_BITS ")
          .append(plan.accumulator(layer, net).fractionBits()).append('\n');
    }
    plan.activations().forEach((stage, f) -> {
      h.append("#define ACT_").append(macro(stage)).append("_BITS ").append(f.bits()).append('\n');
      h.append("#define ACT_").append(macro(stage)).append("_FRAC_BITS ").append(f.fractionBits()).append('\n');
    });
    return h.append('\n');
  }

  private static void defineFormat(StringBuilder h, String name, FixedPointFormat f) {
    h.append("#define ").append(macro(name)).append("_BITS ").append(f.bits()).append('\n');
    h.append("#define ").append(macro(name)).append("_FRAC_BITS ").append(f.fractionBits()).append("\n\n");
  }

  /** A C array with the tensor's shape, nested braces, one innermost row per line. */
  private static void cArray(
      StringBuilder h, NetworkWeights.Tensor t, String name, long[] codes, FixedPointFormat f, String note) {
    int[] shape = t.shape();
    h.append("/* ").append(t.name()).append(" ").append(pythonShape(shape)).append(", ").append(layout(t))
        .append(", ").append(f.label()).append(" (").append(f.representation().name().toLowerCase())
        .append(", ").append(f.rounding().name().toLowerCase()).append(", ")
        .append(f.overflow().name().toLowerCase()).append("); ").append(note).append(" */\n");
    h.append("static const ").append(cType(f)).append(' ').append(name);
    for (int d : shape) {
      h.append('[').append(d).append(']');
    }
    h.append(" =\n");
    cValues(h, codes, shape, 0, 0, "");
    h.append(";\n");
  }

  /** A C initializer of {@code codes} in {@code shape}: nested braces, one innermost row per line. */
  public static String cInitializer(long[] codes, int[] shape) {
    StringBuilder h = new StringBuilder();
    cValues(h, codes, shape, 0, 0, "");
    return h.toString();
  }

  private static void cValues(StringBuilder h, long[] codes, int[] shape, int dim, int offset, String indent) {
    int n = shape[dim];
    if (dim == shape.length - 1) {
      h.append(indent).append('{');
      for (int i = 0; i < n; i++) {
        h.append(i > 0 ? ", " : "").append(codes[offset + i]);
      }
      h.append('}');
      return;
    }
    int stride = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    h.append(indent).append("{\n");
    for (int i = 0; i < n; i++) {
      cValues(h, codes, shape, dim + 1, offset + i * stride, indent + "  ");
      h.append(i < n - 1 ? ",\n" : "\n");
    }
    h.append(indent).append('}');
  }

  /** The narrowest of int16/32/64_t (uint for unsigned formats) that holds the format's codes. */
  public static String cType(FixedPointFormat f) {
    int width = f.bits() <= 16 ? 16 : f.bits() <= 32 ? 32 : 64;
    return (f.signed() ? "int" : "uint") + width + "_t";
  }

  private static String macro(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
  }

  // ---- test vectors ----

  private void writeVectors(NetworkConfig net, List<String> ids, List<GoldenModel.Trace> traces) throws IOException {
    StringBuilder index = new StringBuilder("clip_id,decision");
    for (int k = 0; k < net.classes(); k++) {
      index.append(net.classes() == 2 ? (k == 0 ? ",score_female" : ",score_male") : ",score_" + k);
    }
    index.append(NL);
    for (int c = 0; c < ids.size(); c++) {
      String dir = "vectors/" + ids.get(c) + "/";
      GoldenModel.Trace t = traces.get(c);
      writeCodes(dir + "input.txt", t.input());
      writeCodes(dir + "conv_0.txt", t.conv0());
      writeCodes(dir + "conv_2.txt", t.conv2());
      writeCodes(dir + "pool.txt", t.pool());
      for (int s = 0; s < t.z().length; s++) {
        String step = dir + "lstm_step" + s + "_";
        writeCodes(step + "z.txt", t.z()[s]);
        writeCodes(step + "gates.txt", t.gates()[s]);
        writeCodes(step + "cell.txt", t.cell()[s]);
        writeCodes(step + "hidden.txt", t.hidden()[s]);
      }
      writeCodes(dir + "flat.txt", t.flat());
      for (int d = 0; d < t.dense().size(); d++) {
        writeCodes(dir + "fc_" + (d + 1) + ".txt", t.dense().get(d));
      }
      long[] s = t.scores();
      index.append(ids.get(c)).append(',').append(decision(s));
      for (long v : s) {
        index.append(',').append(v);
      }
      index.append('\n');
    }
    writeString("vectors/index.csv", index.toString());
  }

  /** 1 (male) when the male score is the larger, else 0: {@link GoldenModel#decide}. */
  static int decision(long[] scores) {
    return scores[1] > scores[0] ? 1 : 0;
  }

  /** The files of each clip's folder, in the order they are written. */
  static List<VectorFile> vectorFiles(NetworkConfig net) {
    int f0 = net.frames() - net.conv1Kernel() + 1;
    int f2 = f0 - net.conv2Kernel() + 1;
    int n = net.lstmUnits();
    List<VectorFile> v = new ArrayList<>(List.of(
        new VectorFile("input.txt", List.of(net.inputChannels(), net.frames()), QuantizationPlan.INPUT),
        new VectorFile("conv_0.txt", List.of(net.conv1Channels(), f0), "conv_0"),
        new VectorFile("conv_2.txt", List.of(net.conv2Channels(), f2), "conv_2"),
        new VectorFile("pool.txt", List.of(net.conv2Channels(), net.lstmSteps()), "conv_2"),
        new VectorFile("lstm_step<t>_z.txt", List.of(4 * n), QuantizationPlan.LSTM_Z),
        new VectorFile("lstm_step<t>_gates.txt", List.of(4 * n), QuantizationPlan.LSTM_GATE),
        new VectorFile("lstm_step<t>_cell.txt", List.of(n), QuantizationPlan.LSTM_CELL),
        new VectorFile("lstm_step<t>_hidden.txt", List.of(n), QuantizationPlan.LSTM_HIDDEN),
        new VectorFile("flat.txt", List.of(net.flattened()), QuantizationPlan.LSTM_HIDDEN)));
    for (int d = 1; d <= net.dense().size() + 1; d++) {
      int width = d <= net.dense().size() ? net.dense().get(d - 1) : net.classes();
      v.add(new VectorFile("fc_" + d + ".txt", List.of(width), "fc_" + d));
    }
    return v;
  }

  // ---- manifest ----

  private static Manifest manifest(
      GoldenModel golden, NetworkWeights weights, List<Tensor> tensors, List<String> ids, List<String> files,
      Map<String, Object> extensions) {
    QuantizationPlan plan = golden.plan();
    NetworkConfig net = weights.network();
    LstmActivations fn = golden.functions();
    Map<String, Format> acts = new LinkedHashMap<>();
    plan.activations().forEach((k, f) -> acts.put(k, Format.of(f)));
    Map<String, Format> accs = new LinkedHashMap<>();
    Map<String, Integer> accFractions = new LinkedHashMap<>();
    for (String layer : ReferenceModel.layers(net)) {
      FixedPointFormat acc = plan.accumulator(layer, net);
      accs.put(layer, Format.of(acc));
      accFractions.put(layer, acc.fractionBits());
    }
    int fg = plan.activation(QuantizationPlan.LSTM_GATE).fractionBits();
    int fc = plan.activation(QuantizationPlan.LSTM_CELL).fractionBits();
    int lstmAcc = accFractions.get("lstm");
    Lstm lstm = new Lstm(net.lstmUnits(), net.lstmSteps(), GATE_ORDER,
        gateActivations(fn), fn.cell().name(),
        lstmAcc - plan.activation("conv_2").fractionBits() - plan.weight("lstm.w").fractionBits(),
        lstmAcc - plan.activation(QuantizationPlan.LSTM_HIDDEN).fractionBits() - plan.weight("lstm.rw").fractionBits(),
        Math.max(fg + fc, 2 * fg));
    List<String> layers = new ArrayList<>(List.of("conv_0", "conv_2", "pool", "lstm", "flatten"));
    for (int d = 1; d <= net.dense().size() + 1; d++) {
      layers.add("fc_" + d);
    }
    Map<String, String> functions = new LinkedHashMap<>();
    functions.put("conv", "relu");
    functions.put("dense_hidden", "relu");
    functions.put("output", "none: the scores; softmax (P(male)) is outside the datapath");
    functions.put("lstm_set", fn.name());
    functions.put("lstm_gate", fn.gate().name());
    functions.put("lstm_input", fn.input().name());
    functions.put("lstm_cell", fn.cell().name());
    functions.put("lstm_definition", fn.toJson());
    List<String> all = new ArrayList<>(files);
    all.add("manifest.json");
    return new Manifest(FORMAT, plan.spec().name(), plan.describe(), plan.spec(), net, layers, layout(net), lstm,
        functions, acts, plan.accumulatorBits(), accs, accFractions, datapath(net), tensors, weights.normalizer(),
        vectorFiles(net), "1 (male) when score[1] > score[0], else 0 (female); ties are female",
        ids.size(), List.copyOf(ids), all, extensions);
  }

  private static Map<String, String> gateActivations(LstmActivations fn) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("g", fn.input().name());
    m.put("f", fn.gate().name());
    m.put("o", fn.gate().name());
    m.put("i", fn.gate().name());
    return m;
  }

  private static Map<String, String> layout(NetworkConfig net) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("conv", "w[out][in][k], b[out]; y[o][t] = b[o] + sum_i sum_k w[o][i][k] * x[i][t+k] (valid, stride 1)");
    m.put("lstm", "w[in][4*units], rw[units][4*units], b[4*units]; columns in gate blocks g,f,o,i:"
        + " gate q of unit u is column q*units + u");
    m.put("dense", "w[in][out], b[out]; y[j] = b[j] + sum_i x[i] * w[i][j]");
    m.put("pool", "max over " + net.pool() + " consecutive frames, stride " + net.pool()
        + "; trailing frames that fill no window are dropped");
    m.put("flatten", "j = t*units + u (step-major): flat[t*" + net.lstmUnits() + " + u] = hidden_t[u]");
    m.put("text_files", "first line '# Matrix shape: (d0, d1, ...)', then one row per line: the last axis,"
        + " space separated, rows in row-major order of the leading axes (a vector is one row)");
    m.put("hex_files", "one code per line, row-major, the format's bit pattern in ceil(bits/4) hex digits"
        + " (two's complement or sign-magnitude as the format says), for $readmemh");
    m.put("bits_files", "the text layout, each value the format's bit pattern, most significant bit first");
    m.put("c_header", "weights/golden_weights.h: static const intN_t arrays of the codes, shaped as the tensors");
    m.put("vectors", "vectors/<clip>/<file>: the text layout, decimal codes of the stage's format;"
        + " LSTM step files t = 0 .. steps-1");
    return m;
  }

  private static List<String> datapath(NetworkConfig net) {
    return List.of(
        "codes: value = code * 2^-fraction_bits; rescale(v, from f to format F) shifts by f - F with F's"
            + " rounding (left when F > f), then F's overflow mode (saturate or wrap)",
        "input: standardised MFCC (x - mean[c]) * (1/std[c]) in float32, quantized to 'input'",
        "conv: acc = bias_acc[o] + sum w*x, exact, at accumulators[layer] fraction bits (f_x + f_w);"
            + " saturate to accumulator_bits; ReLU; rescale to the layer's stage",
        "pool: max over " + net.pool() + " frames of conv_2's codes (conv_2's format)",
        "lstm: acc = bias_acc + sum (x << input_shift) * w + sum (h_prev << recurrent_shift) * rw, exact,"
            + " at accumulators.lstm; h_prev = 0 at step 0; saturate to accumulator_bits; rescale to lstm.z",
        "lstm gates: g = tanh(z_g), f, o, i = sigmoid(z) from lstm.z to lstm.gate codes, as a table:"
            + " out.quantize(fn(code * 2^-f_z)) (round to nearest per lstm.gate's rounding)",
        "lstm cell: c = ((f * c_prev) << (F - f_gate - f_cell)) + ((i * g) << (F - 2 f_gate)),"
            + " F = lstm.cell_fraction_bits, c_prev = 0 at step 0; NOT saturated to accumulator_bits;"
            + " rescale to lstm.cell",
        "lstm hidden: h = o * tanh(c) at 2 f_gate fraction bits (tanh from lstm.cell to lstm.gate codes,"
            + " a table); NOT saturated to accumulator_bits; rescale to lstm.hidden",
        "dense: acc = bias_acc[j] + sum x[i] * w[i][j], exact, at f_x + f_w; saturate to accumulator_bits;"
            + " ReLU except the output layer; rescale to fc_k",
        "bias_acc = accumulator.rescale(bias_code, f_bias): the bias at accumulator precision"
            + " (weights/hex/<bias>_acc.hex)");
  }

  // ---- files ----

  /** The text layout: shape header, then the last axis per line, space separated. */
  private void writeMatrix(String rel, int[] shape, IntFunction<String> value) throws IOException {
    int rowLength = shape[shape.length - 1];
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    try (BufferedWriter w = open(rel)) {
      w.write("# Matrix shape: " + pythonShape(shape) + NL);
      for (int start = 0; start < size; start += rowLength) {
        StringBuilder line = new StringBuilder();
        for (int i = start; i < start + rowLength; i++) {
          line.append(i > start ? " " : "").append(value.apply(i));
        }
        w.write(line.append(NL).toString());
      }
    }
  }

  private void writeCodes(String rel, long[][] v) throws IOException {
    long[] flat = Arrays.stream(v).flatMapToLong(Arrays::stream).toArray();
    writeMatrix(rel, new int[] {v.length, v[0].length}, i -> Long.toString(flat[i]));
  }

  private void writeCodes(String rel, long[] v) throws IOException {
    writeMatrix(rel, new int[] {v.length}, i -> Long.toString(v[i]));
  }

  private void writeHex(String rel, long[] codes, FixedPointFormat f) throws IOException {
    try (BufferedWriter w = open(rel)) {
      for (long c : codes) {
        w.write(f.toHex(c) + NL);
      }
    }
  }

  private void writeString(String rel, String text) throws IOException {
    try (BufferedWriter w = open(rel)) {
      w.write(text);
    }
  }

  private BufferedWriter open(String rel) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    files.add(rel);
    return Files.newBufferedWriter(p);
  }

  /** Python's tuple notation, as the original's files: (16, 40, 4), (16,). */
  public static String pythonShape(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      s.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return s.append(')').toString();
  }

  /** The shortest text that reads back to the same value (as a float when it is one). */
  private static String floatText(double v) {
    float f = (float) v;
    return f == v ? Float.toString(f) : Double.toString(v);
  }

  private static List<Integer> boxed(int[] shape) {
    return Arrays.stream(shape).boxed().toList();
  }

  // ---- comparison ----

  /** Where two traces of a clip differ, stage by stage (empty when they agree bit for bit). */
  public static List<String> differences(String clip, GoldenModel.Trace expected, GoldenModel.Trace actual) {
    List<String> d = new ArrayList<>();
    compare(d, clip, "input", expected.input(), actual.input());
    compare(d, clip, "conv_0", expected.conv0(), actual.conv0());
    compare(d, clip, "conv_2", expected.conv2(), actual.conv2());
    compare(d, clip, "pool", expected.pool(), actual.pool());
    compare(d, clip, "lstm z", expected.z(), actual.z());
    compare(d, clip, "lstm gates", expected.gates(), actual.gates());
    compare(d, clip, "lstm cell", expected.cell(), actual.cell());
    compare(d, clip, "lstm hidden", expected.hidden(), actual.hidden());
    compare(d, clip, "flat", new long[][] {expected.flat()}, new long[][] {actual.flat()});
    if (expected.dense().size() != actual.dense().size()) {
      d.add(clip + ": " + expected.dense().size() + " dense layers expected, " + actual.dense().size() + " run");
      return d;
    }
    for (int i = 0; i < expected.dense().size(); i++) {
      compare(d, clip, "fc_" + (i + 1), new long[][] {expected.dense().get(i)}, new long[][] {actual.dense().get(i)});
    }
    return d;
  }

  private static void compare(List<String> d, String clip, String stage, long[][] expected, long[][] actual) {
    if (expected.length != actual.length) {
      d.add(clip + " " + stage + ": " + expected.length + " rows expected, " + actual.length + " computed");
      return;
    }
    for (int i = 0; i < expected.length; i++) {
      if (expected[i].length != actual[i].length) {
        d.add(clip + " " + stage + "[" + i + "]: " + expected[i].length + " values expected, " + actual[i].length);
        return;
      }
      for (int j = 0; j < expected[i].length; j++) {
        if (expected[i][j] != actual[i][j]) {
          d.add(clip + " " + stage + "[" + i + "][" + j + "]: expected " + expected[i][j] + ", computed "
              + actual[i][j]);
          return;
        }
      }
    }
  }
}
