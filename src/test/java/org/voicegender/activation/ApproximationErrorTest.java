package org.voicegender.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.voicegender.output.FigureFiles;
import org.voicegender.output.FigureTable;

class ApproximationErrorTest {
  static final ActivationFunction SIG = ActivationFunction.SIGMOID;
  static final ActivationFunction TANH = ActivationFunction.TANH;

  @Test
  void gridIsEvenOnPlusMinusEight() {
    double[] g = ApproximationError.grid();
    assertThat(g).hasSize(16_001);
    assertThat(g[0]).isEqualTo(-8.0);
    assertThat(g[8000]).isEqualTo(0.0);
    assertThat(g[16_000]).isEqualTo(8.0);
    assertThat(g[8001]).isEqualTo(0.001);
  }

  @Test
  void planMatchesTheLiterature() {
    ApproximationError s = ApproximationError.of(ActivationFunction.PLAN_SIGMOID, SIG, null);
    assertThat(s.maxGrid()).as("PLAN's max error, 0.0189 in the literature").isLessThan(0.02).isGreaterThan(0.0185);
    assertThat(s.meanGrid()).isLessThan(0.01);
    assertThat(s.maxObserved()).isNaN();
    ApproximationError t = ApproximationError.of(ActivationFunction.PLAN_TANH, TANH, null);
    assertThat(t.maxGrid()).isCloseTo(2 * s.maxGrid(), within(1e-3));
  }

  @Test
  void knownErrors() {
    assertThat(ApproximationError.of(SIG, SIG, new double[] {1, 2})).isEqualTo(new ApproximationError(0, 0, 0, 0));
    // hard-sigmoid is furthest at ±2: 1 − σ(2)
    assertThat(ApproximationError.of(ActivationFunction.HARD_SIGMOID, SIG, null).maxGrid())
        .isCloseTo(1 - SIG.apply(2), within(1e-12));
    // hard-tanh at ±1: 1 − tanh(1)
    assertThat(ApproximationError.of(ActivationFunction.HARD_TANH, TANH, null).maxGrid())
        .isCloseTo(1 - Math.tanh(1), within(1e-12));
    // the original's tanh is off by ~1 below −1
    ApproximationError o = ApproximationError.of(ActivationFunction.HARD_TANH_ORIGINAL, TANH, new double[] {-3, 0.5});
    assertThat(o.maxGrid()).isGreaterThan(0.99);
    assertThat(o.maxObserved()).isCloseTo(Math.abs(Math.tanh(-3)), within(1e-12));
    assertThat(o.meanObserved()).isCloseTo((Math.abs(Math.tanh(-3)) + Math.abs(0.5 - Math.tanh(0.5))) / 2,
        within(1e-12));
  }

  @Test
  void tableHasARowPerSetAndSite() {
    double[] gate = PiecewiseLinearTest.gaussian(1, 5000, 2, 0);
    double[] input = PiecewiseLinearTest.gaussian(2, 5000, 1, 0);
    double[] cell = PiecewiseLinearTest.gaussian(3, 5000, 0.7, 0);
    List<LstmActivations> sets = List.of(LstmActivations.exact(), LstmActivations.plan(), LstmActivations.lut(),
        LstmActivations.pwl(8, true, gate, input, cell));
    FigureTable t = ApproximationError.table(sets, gate, input, cell);
    assertThat(t.rows()).hasSize(12);
    assertThat(t.rows().get(0)).containsExactly("exact", "gate", "sigmoid", "0", "0", "0", "0", "0", "0", "0", "0");
    List<String> plan = t.rows().get(3);
    assertThat(plan.subList(0, 3)).containsExactly("plan", "gate", "plan-sigmoid");
    assertThat(Double.parseDouble(plan.get(3))).isCloseTo(0.01894, within(5e-5));
    assertThat(plan.get(7)).isEqualTo("7");
    assertThat(t.rows().get(7).get(10)).isEqualTo("64");
    assertThat(t.toMarkdown()).contains("| max err [-8,8] |").contains("shifts/adds");
    assertThat(t.toTable().rowCount()).isEqualTo(12);
    FigureTable noSamples = ApproximationError.table(List.of(LstmActivations.hard()), null, null, null);
    assertThat(noSamples.rows().get(0).get(5)).isEqualTo("-");
  }

  @Test
  void chartShowsBothCurvesAndTheError(@TempDir Path dir) throws Exception {
    XYChart c = ApproximationError.chart(ActivationFunction.PLAN_SIGMOID, SIG, 8);
    assertThat(c.getSeriesMap()).hasSize(3);
    assertThat(c.getSeriesMap().values()).filteredOn(s -> s.getYAxisGroup() == 1).hasSize(1);
    assertThat(c.getTitle()).contains("plan-sigmoid").contains("0.0189"); // errors read with 3 significant digits
    Path png = dir.resolve("plan.png");
    FigureFiles.writePng(c, png);
    assertThat(Files.size(png)).isGreaterThan(1000);
  }
}
