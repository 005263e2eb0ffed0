package org.voicegender.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.voicegender.activation.LstmActivations;
import org.voicegender.quant.Calibration;
import org.voicegender.quant.FixedPointFormat;
import org.voicegender.quant.FixedPointFormat.Representation;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.QuantizationSpec;
import org.voicegender.quant.RandomNetwork;

/**
 * The hardware export writes the original's text layout, bit strings and hex that decode to the
 * quantized codes, a C header and a manifest; read back from its files alone, it rebuilds a
 * golden model that reproduces every exported stage, and the original golden model's scores, bit
 * for bit.
 */
class HardwareExportTest {
  static final List<String> CLIPS = List.of("19-198-0001_w0", "19-198-0001_w1", "7067-76047-0000_w3");
  static NetworkWeights weights;
  static List<float[][]> windows;
  static Map<String, Double> ranges;

  @TempDir Path dir;

  /** A random network with biases away from zero and random windows ({@link RandomNetwork}). */
  @BeforeAll
  static void network() {
    RandomNetwork n = RandomNetwork.create(12);
    weights = n.weights();
    windows = n.windows();
    ranges = Calibration.ranges(weights, windows.subList(0, 9));
  }

  static Stream<QuantizationSpec> specs() {
    return Stream.of(QuantizationSpec.of(8, 8), QuantizationSpec.of(16, 16),
        QuantizationSpec.original().withActivationBits(12));
  }

  /** An export of the last three windows (not calibration windows) under {@code spec}. */
  record Export(QuantizationPlan plan, GoldenModel golden, HardwareExport.Manifest manifest, Path dir) {}

  Export export(QuantizationSpec spec) throws IOException {
    QuantizationPlan plan = QuantizationPlan.calibrate(spec, weights, ranges);
    GoldenModel golden = new GoldenModel(weights, plan, LstmActivations.exact());
    Path out = dir.resolve(spec.name());
    var manifest = HardwareExport.write(golden, weights, windows.subList(9, 12), CLIPS, out);
    return new Export(plan, golden, manifest, out);
  }

  @ParameterizedTest
  @MethodSource("specs")
  void writesWeightsInTheOriginalTextLayout(QuantizationSpec spec) throws IOException {
    Export e = export(spec);
    List<String> lines = Files.readAllLines(e.dir().resolve("weights/float/conv_0_weight.txt"));
    assertThat(lines.get(0)).isEqualTo("# Matrix shape: (16, 40, 4)");
    assertThat(lines).hasSize(1 + 16 * 40);
    // row (o, i) holds w[o][i][0..3]
    double[][][] w = weights.conv0().w();
    for (int o = 0; o < 16; o++) {
      for (int i = 0; i < 40; i++) {
        double[] row = Arrays.stream(lines.get(1 + o * 40 + i).split(" ")).mapToDouble(Float::parseFloat).toArray();
        assertThat(row).as("conv_0 w[%d][%d]", o, i).containsExactly(w[o][i]);
      }
    }
    List<String> bias = Files.readAllLines(e.dir().resolve("weights/float/conv_0_bias.txt"));
    assertThat(bias.get(0)).isEqualTo("# Matrix shape: (16,)");
    assertThat(bias).hasSize(2);
    assertThat(bias.get(1).split(" ")).hasSize(16);
    List<String> ih = Files.readAllLines(e.dir().resolve("weights/bits/lstm_weight_ih.txt"));
    assertThat(ih.get(0)).isEqualTo("# Matrix shape: (8, 64)");
    assertThat(ih).hasSize(1 + 8);
    assertThat(Files.readAllLines(e.dir().resolve("weights/bits/lstm_weight_hh.txt")).get(0))
        .isEqualTo("# Matrix shape: (16, 64)");
    assertThat(Files.readAllLines(e.dir().resolve("weights/float/fc_1_weight.txt")).get(0))
        .isEqualTo("# Matrix shape: (80, 64)");
  }

  @ParameterizedTest
  @MethodSource("specs")
  void bitStringsAndHexDecodeToTheQuantizedCodes(QuantizationSpec spec) throws IOException {
    Export e = export(spec);
    for (NetworkWeights.Tensor t : weights.tensors()) {
      FixedPointFormat f = e.plan().weight(t.name());
      String base = HardwareExport.fileName(t);
      long[] expected = Arrays.stream(t.values()).mapToLong(f::quantize).toArray();
      List<String> bits = Files.readAllLines(e.dir().resolve("weights/bits/" + base + ".txt"));
      long[] fromBits = bits.subList(1, bits.size()).stream().flatMap(l -> Arrays.stream(l.split(" ")))
          .peek(b -> assertThat(b).hasSize(f.bits()).matches("[01]+"))
          .mapToLong(f::fromBits).toArray();
      assertThat(fromBits).as(base + " bits").containsExactly(expected);
      List<String> hex = Files.readAllLines(e.dir().resolve("weights/hex/" + base + ".hex"));
      assertThat(hex).as(base + " hex lines").hasSize(t.values().length);
      assertThat(hex.stream().mapToLong(h -> f.decode(Long.parseUnsignedLong(h, 16))).toArray())
          .as(base + " hex").containsExactly(expected);
      if (t.param().equals("b")) {
        // what GoldenModel.bias adds: the code brought to the accumulator's fraction bits
        FixedPointFormat acc = e.plan().accumulator(t.layer(), weights.network());
        List<String> accHex = Files.readAllLines(e.dir().resolve("weights/hex/" + base + "_acc.hex"));
        assertThat(accHex).hasSize(t.values().length);
        assertThat(accHex.stream().mapToLong(h -> acc.decode(Long.parseUnsignedLong(h, 16))).toArray())
            .as(base + " at accumulator precision")
            .containsExactly(Arrays.stream(expected).map(c -> acc.rescale(c, f.fractionBits())).toArray());
      }
    }
    if (spec.weightRepresentation() == Representation.SIGN_MAGNITUDE) {
      FixedPointFormat f = e.plan().weight("conv_0.w");
      long negative = f.quantize(Arrays.stream(weights.conv0().w()[0][0]).min().orElseThrow());
      assertThat(negative).isNegative();
      assertThat(f.toBits(negative)).startsWith("1");
      assertThat(f.fromBits(f.toBits(negative))).isEqualTo(negative);
      assertThat(Files.readString(e.dir().resolve("weights/bits/conv_0_weight.txt"))).contains(f.toBits(negative));
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void cHeaderHoldsTheCodesAsFixedWidthArrays(QuantizationSpec spec) throws IOException {
    Export e = export(spec);
    String h = Files.readString(e.dir().resolve("weights/golden_weights.h"));
    assertThat(h).contains("const int16_t conv_0_weight[16][40][4] =")
        .contains("const int16_t lstm_weight_hh[16][64] =")
        .contains("const int64_t lstm_bias_acc[64] =") // the accumulators are 44 bits
        .contains("#define CONV_0_WEIGHT_FRAC_BITS " + e.plan().weight("conv_0.w").fractionBits() + "\n")
        .contains("#define ACC_LSTM_FRAC_BITS " + e.plan().accumulator("lstm", weights.network()).fractionBits())
        .contains("#define ACC_BITS 44");
    String body = h.substring(h.indexOf("conv_0_weight[16][40][4] ="));
    body = body.substring(body.indexOf('=') + 1, body.indexOf(';'));
    long[] codes = Arrays.stream(body.replaceAll("[{}\\s]", "").split(",")).mapToLong(Long::parseLong).toArray();
    FixedPointFormat f = e.plan().weight("conv_0.w");
    assertThat(codes).containsExactly(Arrays.stream(weights.byName().get("conv_0.w").values())
        .mapToLong(f::quantize).toArray());
  }

  @ParameterizedTest
  @MethodSource("specs")
  void manifestStatesLayoutsFormatsAndGateOrder(QuantizationSpec spec) throws IOException {
    Export e = export(spec);
    JsonNode m = new ObjectMapper().readTree(e.dir().resolve("manifest.json").toFile());
    assertThat(m.get("lstm").get("gate_order").toString()).isEqualTo("[\"g\",\"f\",\"o\",\"i\"]");
    assertThat(m.get("lstm").get("gate_activations").toString())
        .isEqualTo("{\"g\":\"tanh\",\"f\":\"sigmoid\",\"o\":\"sigmoid\",\"i\":\"sigmoid\"}");
    assertThat(m.get("layer_order").toString())
        .isEqualTo("[\"conv_0\",\"conv_2\",\"pool\",\"lstm\",\"flatten\",\"fc_1\",\"fc_2\",\"fc_3\"]");
    assertThat(m.get("layout").get("flatten").asText()).contains("j = t*units + u");
    assertThat(m.get("layout").get("conv").asText()).startsWith("w[out][in][k]");
    assertThat(m.get("layout").get("dense").asText()).startsWith("w[in][out]");
    assertThat(m.get("clips").asInt()).isEqualTo(3);
    assertThat(m.get("accumulator_bits").asInt()).isEqualTo(44);
    FixedPointFormat z = e.plan().activation(QuantizationPlan.LSTM_Z);
    JsonNode zf = m.get("activation_formats").get("lstm.z");
    assertThat(zf.get("label").asText()).isEqualTo(z.label());
    assertThat(zf.get("fraction_bits").asInt()).isEqualTo(z.fractionBits());
    assertThat(zf.get("rounding").asText()).isEqualTo(z.rounding().name());
    assertThat(m.get("accumulator_fraction_bits").get("fc_1").asInt())
        .isEqualTo(e.plan().accumulator("fc_1", weights.network()).fractionBits());
    JsonNode conv0b = m.get("tensors").get(1);
    assertThat(conv0b.get("name").asText()).isEqualTo("conv_0.b");
    assertThat(conv0b.get("datapath_file").asText()).isEqualTo("accumulator_hex_file");
    assertThat(conv0b.get("accumulator_hex_file").asText()).isEqualTo("weights/hex/conv_0_bias_acc.hex");
    assertThat(conv0b.get("format").get("representation").asText())
        .isEqualTo(spec.weightRepresentation().name());
    // every file listed exists, and every file written is listed
    List<String> listed = new ArrayList<>();
    m.get("files").forEach(f -> listed.add(f.asText()));
    try (Stream<Path> walk = Files.walk(e.dir())) {
      assertThat(walk.filter(Files::isRegularFile).map(p -> e.dir().relativize(p).toString().replace('\\', '/')))
          .containsExactlyInAnyOrderElementsOf(listed);
    }
    assertThat(listed).contains("vectors/19-198-0001_w1/lstm_step4_gates.txt", "vectors/index.csv");
  }

  @ParameterizedTest
  @MethodSource("specs")
  void modelReadBackReproducesEveryStageAndTheScoresBitForBit(QuantizationSpec spec) throws IOException {
    Export e = export(spec);
    ExportedModel read = HardwareExport.read(e.dir());
    assertThat(read.plan().weights()).isEqualTo(e.plan().weights());
    assertThat(read.plan().activations()).isEqualTo(e.plan().activations());
    assertThat(read.clipIds()).isEqualTo(CLIPS);
    List<String> index = Files.readAllLines(e.dir().resolve("vectors/index.csv"));
    assertThat(index.get(0)).isEqualTo("clip_id,decision,score_female,score_male");
    for (int c = 0; c < CLIPS.size(); c++) {
      String id = CLIPS.get(c);
      int[][] x = e.golden().inputCodes(windows.get(9 + c), weights.normalizer());
      GoldenModel.Trace original = e.golden().trace(x);
      assertThat(read.input(id)).isDeepEqualTo(x);
      GoldenModel.Trace exported = read.expected(id);
      GoldenModel.Trace rerun = read.golden().trace(read.input(id));
      for (GoldenModel.Trace t : List.of(exported, rerun)) {
        String what = spec.name() + " " + id + (t == exported ? " exported" : " re-run");
        assertThat(t.input()).as(what + " input").isDeepEqualTo(original.input());
        assertThat(t.conv0()).as(what + " conv_0").isDeepEqualTo(original.conv0());
        assertThat(t.conv2()).as(what + " conv_2").isDeepEqualTo(original.conv2());
        assertThat(t.pool()).as(what + " pool").isDeepEqualTo(original.pool());
        assertThat(t.z()).as(what + " lstm z").isDeepEqualTo(original.z());
        assertThat(t.gates()).as(what + " lstm gates").isDeepEqualTo(original.gates());
        assertThat(t.cell()).as(what + " lstm cell").isDeepEqualTo(original.cell());
        assertThat(t.hidden()).as(what + " lstm hidden").isDeepEqualTo(original.hidden());
        assertThat(t.flat()).as(what + " flat").containsExactly(original.flat());
        for (int d = 0; d < 3; d++) {
          assertThat(t.dense().get(d)).as(what + " fc_" + (d + 1)).containsExactly(original.dense().get(d));
        }
      }
      long[] scores = e.golden().scores(x);
      assertThat(read.golden().scores(read.input(id))).containsExactly(scores);
      assertThat(index.get(1 + c)).isEqualTo(id + "," + e.golden().decide(x) + "," + scores[0] + "," + scores[1]);
    }
    assertThat(read.verify()).isEmpty();
  }

  @Test
  void verificationFindsACorruptedStageAndReadingRefusesAMisalignedBias() throws IOException {
    Export e = export(QuantizationSpec.of(8, 8));
    Path fc2 = e.dir().resolve("vectors/" + CLIPS.get(1) + "/fc_2.txt");
    List<String> lines = Files.readAllLines(fc2);
    String[] v = lines.get(1).split(" ");
    v[5] = Long.toString(Long.parseLong(v[5]) + 1);
    Files.write(fc2, List.of(lines.get(0), String.join(" ", v)));
    assertThat(HardwareExport.read(e.dir()).verify())
        .containsExactly(CLIPS.get(1) + " fc_2[0][5]: expected " + v[5] + ", computed " + (Long.parseLong(v[5]) - 1));

    Path acc = e.dir().resolve("weights/hex/fc_1_bias_acc.hex");
    List<String> hex = Files.readAllLines(acc);
    hex.set(3, hex.get(3).substring(0, hex.get(3).length() - 1) + (hex.get(3).endsWith("0") ? "1" : "0"));
    Files.write(acc, hex);
    assertThatThrownBy(() -> HardwareExport.read(e.dir())).isInstanceOf(IOException.class)
        .hasMessageContaining("fc_1_bias_acc.hex line 4");
  }

  @Test
  void refusesAGoldenModelOfOtherWeightsAndBadClipIds() {
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(8, 8), weights, ranges);
    GoldenModel golden = new GoldenModel(weights, plan, LstmActivations.exact());
    NetworkWeights other = weights.map((name, w) -> name.equals("fc_3.b") ? w + 0.5 : w);
    assertThatThrownBy(() -> HardwareExport.write(golden, other, windows.subList(0, 1), List.of("a"), dir))
        .hasMessageContaining("not built from these weights");
    assertThatThrownBy(() -> HardwareExport.write(golden, weights, windows.subList(0, 2), List.of("a", "a"), dir))
        .hasMessageContaining("clip id 'a'");
    assertThatThrownBy(() -> HardwareExport.write(golden, weights, windows.subList(0, 1), List.of("../a"), dir))
        .hasMessageContaining("clip id '../a'");
  }
}
