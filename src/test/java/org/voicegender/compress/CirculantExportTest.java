package org.voicegender.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.export.HardwareExport;
import org.voicegender.model.GenderNetwork;
import org.voicegender.quant.Calibration;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.QuantizationSpec;

class CirculantExportTest {
  @TempDir Path dir;

  @Test
  void exportsDefiningVectorsAndReadsThemBackBitForBit() throws Exception {
    var model = CirculantGoldenTest.network();
    CirculantSpec spec = CirculantSpec.of(CirculantSpec.Scope.WHOLE_NETWORK, 4, model.network()).withBlock("fc_1.w", 16);
    CompressedModel c = CompressedModel.project(model, spec);
    NetworkWeights weights = NetworkWeights.of(c.model());
    List<float[][]> clips = CirculantGoldenTest.windows(weights, 3);
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(8, 8), weights,
        Calibration.ranges(weights, clips, GenderNetwork.lstmFunctions(c.model().graph())));
    GoldenModel golden = new GoldenModel(weights, plan, GenderNetwork.lstmFunctions(c.model().graph()));
    HardwareExport.write(golden, weights, clips, List.of("a", "b", "c"), dir, List.of(new CirculantExport(c)));

    assertThat(Files.readAllLines(dir.resolve("weights/circulant/fc_1_weight_vectors.txt")).get(0))
        .isEqualTo("# Matrix shape: (1, 5, 4, 16)");
    assertThat(Files.readString(dir.resolve("weights/circulant_weights.h")))
        .contains("static const int16_t lstm_weight_hh_vectors[1][4][16][4] =").contains("#define CONV_0_WEIGHT_K 4");
    assertThat(Files.readString(dir.resolve("manifest.json"))).contains("\"block_circulant\"")
        .contains("weights/circulant/conv_0_weight_vectors.hex");

    CirculantExport.ReadBack back = CirculantExport.read(dir);
    assertThat(back.verify()).isEmpty();
    assertThat(back.codes().get("lstm.rw")[0]).isDeepEqualTo(
        CirculantIntegerMatrix.quantize(CirculantWeights.vectors(c.model().graph(), spec, c.model().network())
            .get("lstm.rw").get(0), plan.weight("lstm.rw")).codes());
    // The spectrum file holds each code vector's DFT: its DC term is the sum of the codes.
    String firstVector = Files.readAllLines(dir.resolve("weights/circulant/fc_2_weight_vectors.txt")).get(1);
    String firstSpectrum = Files.readAllLines(dir.resolve("weights/circulant/fc_2_weight_spectrum.txt")).get(1);
    long sum = 0;
    for (String v : firstVector.split(" ")) {
      sum += Long.parseLong(v);
    }
    assertThat(Double.parseDouble(firstSpectrum.split(" ")[0])).isEqualTo((double) sum);
  }

  @Test
  void refusesVectorsThatDoNotExpandToTheDenseCodes() throws Exception {
    var model = CirculantGoldenTest.network();
    CirculantSpec spec = CirculantSpec.parse("fc_2", 8, model.network());
    CompressedModel c = CompressedModel.project(model, spec);
    NetworkWeights weights = NetworkWeights.of(c.model());
    List<float[][]> clips = CirculantGoldenTest.windows(weights, 1);
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(8, 8), weights,
        Calibration.ranges(weights, clips, GenderNetwork.lstmFunctions(c.model().graph())));
    GoldenModel golden = new GoldenModel(weights, plan, GenderNetwork.lstmFunctions(c.model().graph()));
    HardwareExport.write(golden, weights, clips, List.of("a"), dir, List.of(new CirculantExport(c)));
    Path hex = dir.resolve("weights/circulant/fc_2_weight_vectors.hex");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(hex));
    lines.set(0, lines.get(0).equals("00") ? "01" : "00");
    Files.write(hex, lines);
    assertThatThrownBy(() -> CirculantExport.read(dir)).hasMessageContaining("fc_2.w element (0, 0, 0)")
        .hasMessageContaining("the dense export");
  }
}
