package org.voicegender.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LstmActivationsTest {
  static final ActivationFunction SIG = ActivationFunction.SIGMOID;
  static final ActivationFunction TANH = ActivationFunction.TANH;

  static final double[] GATE = PiecewiseLinearTest.gaussian(1, 20_000, 2, -0.3);
  static final double[] INPUT = PiecewiseLinearTest.gaussian(2, 20_000, 1, 0);
  static final double[] CELL = PiecewiseLinearTest.gaussian(3, 20_000, 0.8, 0.1);

  @Test
  void namedSets() {
    assertThat(LstmActivations.exact()).isEqualTo(new LstmActivations("exact", SIG, TANH, TANH));
    LstmActivations hard = LstmActivations.byName("hard");
    assertThat(hard.gate()).isInstanceOf(HardSigmoid.class);
    assertThat(hard.input()).isInstanceOf(HardTanh.class);
    assertThat(hard.cell()).isInstanceOf(HardTanh.class);
    LstmActivations original = LstmActivations.byName("hard-original");
    assertThat(original.gate()).isInstanceOf(HardSigmoid.class);
    assertThat(original.input()).isInstanceOf(FaultyHardTanh.class);
    assertThat(original.cell()).isInstanceOf(FaultyHardTanh.class);
    LstmActivations plan = LstmActivations.byName("plan");
    assertThat(plan.gate().name()).isEqualTo("plan-sigmoid");
    assertThat(plan.input().name()).isEqualTo("plan-tanh");
    assertThat(plan.cell().name()).isEqualTo("plan-tanh");
    LstmActivations lut = LstmActivations.byName("lut");
    assertThat(lut.gate()).isEqualTo(new Lut(SIG, 8, 64));
    assertThat(lut.input()).isEqualTo(new Lut(TANH, 8, 64));
    assertThat(lut.cell()).isEqualTo(new Lut(TANH, 8, 64));
    assertThat(LstmActivations.byName("lut-64")).isEqualTo(lut);
    assertThat(lut.name()).isEqualTo("lut");
    LstmActivations lut16 = LstmActivations.byName("lut-16");
    assertThat(lut16.name()).isEqualTo("lut-16");
    assertThat(((Lut) lut16.cell()).entries()).isEqualTo(16);
    for (String name : LstmActivations.names()) {
      assertThat(LstmActivations.byName(name).name()).isEqualTo(name);
    }
    assertThat(LstmActivations.named()).extracting(LstmActivations::name)
        .containsExactlyElementsOf(LstmActivations.names());
  }

  @Test
  void byNameRefusesFittedAndUnknownSets() {
    for (String name : new String[] {"pwl-8", "pwl-8-pow2", "pwl"}) {
      assertThatThrownBy(() -> LstmActivations.byName(name)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("fitted to observed pre-activations").hasMessageContaining("samples")
          .hasMessageContaining("LstmActivations.pwl(").hasMessageContaining("fromJson");
    }
    assertThatThrownBy(() -> LstmActivations.byName("softsign")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown").hasMessageContaining("hard-original");
    assertThatThrownBy(() -> LstmActivations.byName("lut-x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LstmActivations.byName("lut-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pwlSetsAreFittedPerSite() {
    LstmActivations p = LstmActivations.pwl(8, false, GATE, INPUT, CELL);
    assertThat(p.name()).isEqualTo("pwl-8");
    assertThat(p.gate()).isEqualTo(PiecewiseLinear.fit(SIG, 8, GATE, false));
    assertThat(p.input()).isEqualTo(PiecewiseLinear.fit(TANH, 8, INPUT, false));
    assertThat(p.cell()).isEqualTo(PiecewiseLinear.fit(TANH, 8, CELL, false));
    assertThat(p.input()).isNotEqualTo(p.cell());
    LstmActivations q = LstmActivations.pwl(6, true, GATE, INPUT, CELL);
    assertThat(q.name()).isEqualTo("pwl-6-pow2");
    assertThat(((PiecewiseLinear) q.gate()).hasPowerOfTwoSlopes()).isTrue();
  }

  @Test
  void jsonRoundTripsEveryKindExactly() {
    List<LstmActivations> sets = new ArrayList<>(LstmActivations.named());
    sets.add(LstmActivations.lut(16));
    sets.add(LstmActivations.lut(1000));
    sets.add(LstmActivations.pwl(8, false, GATE, INPUT, CELL));
    sets.add(LstmActivations.pwl(8, true, GATE, INPUT, CELL));
    sets.add(LstmActivations.pwl(3, false, GATE, INPUT, CELL));
    sets.add(new LstmActivations("mixed", new Lut(SIG, 4.5, 33), ActivationFunction.PLAN_TANH,
        new PiecewiseLinear("odd", new double[] {-1.0 / 3, 0.1, Math.PI}, new double[] {-0.7, 1e-300, 0.9})));
    Random r = new Random(12);
    for (LstmActivations set : sets) {
      String json = set.toJson();
      assertThat(json).doesNotContain("\n");
      LstmActivations back = LstmActivations.fromJson(json);
      assertThat(back).as(set.name()).isEqualTo(set);
      assertThat(back.toJson()).isEqualTo(json);
      List<Double> points = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        points.add((r.nextDouble() - 0.5) * 24);
      }
      for (ActivationFunction f : List.of(set.gate(), set.input(), set.cell())) {
        if (f instanceof PiecewiseLinear p) {
          for (double b : p.breakpoints()) {
            points.add(b);
            points.add(Math.nextUp(b));
            points.add(Math.nextDown(b));
          }
        }
      }
      points.addAll(List.of(0.0, -0.0, 1e-300, -1e300, 1e300, 2.375, -2.375, 5.0, 8.0, -8.0));
      for (double x : points) {
        assertThat(back.gate().apply(x)).as(set.name() + " gate at " + x).isEqualTo(set.gate().apply(x));
        assertThat(back.input().apply(x)).as(set.name() + " input at " + x).isEqualTo(set.input().apply(x));
        assertThat(back.cell().apply(x)).as(set.name() + " cell at " + x).isEqualTo(set.cell().apply(x));
        assertThat(back.cell().derivative(x)).isEqualTo(set.cell().derivative(x));
      }
    }
  }

  @Test
  void singleFunctionsRoundTripToo() {
    for (ActivationFunction f : List.of(SIG, TANH, ActivationFunction.HARD_SIGMOID, ActivationFunction.HARD_TANH,
        ActivationFunction.HARD_TANH_ORIGINAL, ActivationFunction.PLAN_SIGMOID, ActivationFunction.PLAN_TANH,
        new Lut(TANH, 8, 64), PiecewiseLinear.fit(SIG, 4, GATE, true))) {
      ActivationFunction back = ActivationJson.fromJson(ActivationJson.toJson(f));
      assertThat(back).isEqualTo(f);
      assertThat(back.name()).isEqualTo(f.name());
    }
    assertThat(ActivationJson.fromJson("{\"kind\":\"sigmoid\"}")).isSameAs(SIG);
  }

  @Test
  void jsonErrorsAreClear() {
    assertThatThrownBy(() -> LstmActivations.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LstmActivations.fromJson("{\"name\":\"x\",\"gate\":{\"kind\":\"swish\"},"
        + "\"input\":{\"kind\":\"tanh\"},\"cell\":{\"kind\":\"tanh\"}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("swish");
    assertThatThrownBy(() -> LstmActivations.fromJson("{\"name\":\"x\",\"gate\":{\"kind\":\"pwl\",\"name\":\"p\"},"
        + "\"input\":{\"kind\":\"tanh\"},\"cell\":{\"kind\":\"tanh\"}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("breakpoints");
    ActivationFunction custom = new Lut(ActivationFunction.PLAN_SIGMOID, 8, 16);
    assertThatThrownBy(() -> new LstmActivations("c", custom, TANH, TANH).toJson())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan-sigmoid");
  }
}
