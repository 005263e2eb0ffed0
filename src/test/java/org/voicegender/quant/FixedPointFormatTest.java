package org.voicegender.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.voicegender.quant.FixedPointFormat.Overflow.SATURATE;
import static org.voicegender.quant.FixedPointFormat.Overflow.WRAP;
import static org.voicegender.quant.FixedPointFormat.Representation.SIGN_MAGNITUDE;
import static org.voicegender.quant.FixedPointFormat.Representation.TWOS_COMPLEMENT;
import static org.voicegender.quant.FixedPointFormat.Representation.UNSIGNED;
import static org.voicegender.quant.FixedPointFormat.Rounding.FLOOR;
import static org.voicegender.quant.FixedPointFormat.Rounding.NEAREST_AWAY;
import static org.voicegender.quant.FixedPointFormat.Rounding.NEAREST_EVEN;
import static org.voicegender.quant.FixedPointFormat.Rounding.TOWARD_ZERO;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.voicegender.quant.FixedPointFormat.Overflow;
import org.voicegender.quant.FixedPointFormat.Representation;
import org.voicegender.quant.FixedPointFormat.Rounding;

class FixedPointFormatTest {

  private static FixedPointFormat format(
      int bits, int fractionBits, Representation representation, Rounding rounding,
      Overflow overflow) {
    return new FixedPointFormat(bits, fractionBits, representation, rounding, overflow);
  }

  private static FixedPointFormat withRounding(FixedPointFormat f, Rounding rounding) {
    return format(f.bits(), f.fractionBits(), f.representation(), rounding, f.overflow());
  }

  private static FixedPointFormat withOverflow(FixedPointFormat f, Overflow overflow) {
    return format(f.bits(), f.fractionBits(), f.representation(), f.rounding(), overflow);
  }

  /** The original's scheme: sign-magnitude Q0.7, truncation, saturation. */
  private static final FixedPointFormat ORIGINAL =
      format(8, 7, SIGN_MAGNITUDE, TOWARD_ZERO, SATURATE);

  // ---- ranges ----

  @Test
  void twosComplementQ07SpansMinusOneToOneStepShort() {
    FixedPointFormat f = FixedPointFormat.signed(8, 7);
    assertThat(f.minCode()).isEqualTo(-128);
    assertThat(f.maxCode()).isEqualTo(127);
    assertThat(f.min()).isEqualTo(-1.0);
    assertThat(f.max()).isEqualTo(0.9921875);
    assertThat(f.resolution()).isEqualTo(0.0078125);
    assertThat(f.integerBits()).isZero();
    assertThat(f.signed()).isTrue();
    assertThat(f.label()).isEqualTo("s8 Q0.7");
    assertThat(f).hasToString("s8 Q0.7 nearest_even saturate");
  }

  @Test
  void signMagnitudeRangeIsSymmetric() {
    assertThat(ORIGINAL.minCode()).isEqualTo(-127);
    assertThat(ORIGINAL.maxCode()).isEqualTo(127);
    assertThat(ORIGINAL.min()).isEqualTo(-0.9921875);
    assertThat(ORIGINAL.max()).isEqualTo(0.9921875);
    assertThat(ORIGINAL.integerBits()).isZero();
    assertThat(ORIGINAL.label()).isEqualTo("sm8 Q0.7");
  }

  @Test
  void unsignedRangeStartsAtZeroAndUsesEveryBitForMagnitude() {
    FixedPointFormat f = format(8, 8, UNSIGNED, FLOOR, SATURATE);
    assertThat(f.signed()).isFalse();
    assertThat(f.minCode()).isZero();
    assertThat(f.maxCode()).isEqualTo(255);
    assertThat(f.min()).isEqualTo(0.0);
    assertThat(f.max()).isEqualTo(0.99609375);
    assertThat(f.integerBits()).isZero();
    assertThat(f.withFractionBits(4).max()).isEqualTo(15.9375);
    assertThat(f.withFractionBits(4).label()).isEqualTo("u8 Q4.4");
  }

  @Test
  void integerBitsMayBeNegativeOrExceedTheWidth() {
    FixedPointFormat small = FixedPointFormat.signed(8, 10);
    assertThat(small.integerBits()).isEqualTo(-3);
    assertThat(small.max()).isEqualTo(127.0 / 1024);
    assertThat(small.label()).isEqualTo("s8 Q-3.10");
    FixedPointFormat coarse = FixedPointFormat.signed(8, -2);
    assertThat(coarse.integerBits()).isEqualTo(9);
    assertThat(coarse.max()).isEqualTo(508.0);
    assertThat(coarse.min()).isEqualTo(-512.0);
    assertThat(coarse.quantize(10.0)).isEqualTo(2); // 10 / 4 = 2.5, ties to even
  }

  @Test
  void widestFormatsReachSixtyTwoBitExtremes() {
    FixedPointFormat s62 = FixedPointFormat.signed(62, 61);
    assertThat(s62.minCode()).isEqualTo(-(1L << 61));
    assertThat(s62.maxCode()).isEqualTo((1L << 61) - 1);
    assertThat(s62.min()).isEqualTo(-1.0);
    assertThat(s62.quantize(1.0)).isEqualTo(s62.maxCode());
    assertThat(s62.quantize(-2.0)).isEqualTo(s62.minCode());
    assertThat(s62.toHex(-1)).isEqualTo("3fffffffffffffff");
    assertThat(s62.toHex(s62.minCode())).isEqualTo("2000000000000000");
    assertThat(s62.decode(s62.encode(s62.minCode()))).isEqualTo(s62.minCode());
    assertThat(s62.toBits(-1)).isEqualTo("1".repeat(62));
    assertThat(withOverflow(s62, WRAP).fit(1L << 61)).isEqualTo(-(1L << 61));
    FixedPointFormat u62 = format(62, 0, UNSIGNED, FLOOR, SATURATE);
    assertThat(u62.maxCode()).isEqualTo((1L << 62) - 1);
    assertThat(u62.quantize(0x1p62)).isEqualTo(u62.maxCode());
    assertThat(withOverflow(u62, WRAP).fit(1L << 62)).isZero();
    FixedPointFormat sm62 = format(62, 0, SIGN_MAGNITUDE, FLOOR, SATURATE);
    assertThat(sm62.minCode()).isEqualTo(1 - (1L << 61));
    assertThat(sm62.toHex(sm62.minCode())).isEqualTo("3fffffffffffffff");
    assertThat(FixedPointFormat.signed(32, 0).minCode()).isEqualTo(-(1L << 31));
    assertThat(format(32, 0, UNSIGNED, FLOOR, SATURATE).maxCode()).isEqualTo((1L << 32) - 1);
    assertThat(FixedPointFormat.signed(33, 0).maxCode()).isEqualTo((1L << 32) - 1);
    FixedPointFormat oneBit = FixedPointFormat.signed(1, 0);
    assertThat(oneBit.minCode()).isEqualTo(-1);
    assertThat(oneBit.maxCode()).isZero();
  }

  // ---- forRange ----

  @ParameterizedTest(name = "maxAbs {0} in {1} bits {2} -> {3} fraction bits")
  @CsvSource({
    "0.3, 8, TWOS_COMPLEMENT, 8",
    "1.0, 8, TWOS_COMPLEMENT, 7",
    "700, 16, TWOS_COMPLEMENT, 5",
    "0, 8, TWOS_COMPLEMENT, 7",
    "0.75, 8, TWOS_COMPLEMENT, 7",
    "0.5, 8, TWOS_COMPLEMENT, 8",
    "1024, 16, TWOS_COMPLEMENT, 5",
    "1025, 16, TWOS_COMPLEMENT, 4",
    "536870912, 32, TWOS_COMPLEMENT, 2", // 2^29: log(x) / log(2) is 29.000000000000004
    "0.3, 8, SIGN_MAGNITUDE, 8",
    "1.0, 8, UNSIGNED, 8",
    "700, 16, UNSIGNED, 6",
    "0, 8, UNSIGNED, 8",
  })
  void forRangePicksIntegerBitsFromTheRange(
      double maxAbs, int bits, Representation representation, int fractionBits) {
    FixedPointFormat f = FixedPointFormat.forRange(maxAbs, bits, representation, FLOOR, SATURATE);
    assertThat(f.bits()).isEqualTo(bits);
    assertThat(f.fractionBits()).isEqualTo(fractionBits);
    assertThat(f.representation()).isEqualTo(representation);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.001, 0.3, 0.75, 3.2, 700, 12345.6})
  void forRangeHoldsTheRangeWithTheMostFractionBits(double maxAbs) {
    FixedPointFormat f = FixedPointFormat.forRange(maxAbs, 16, TWOS_COMPLEMENT, FLOOR, SATURATE);
    assertThat(f.max()).isGreaterThanOrEqualTo(maxAbs);
    assertThat(f.min()).isLessThanOrEqualTo(-maxAbs);
    assertThat(f.withFractionBits(f.fractionBits() + 1).max()).isLessThan(maxAbs);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.5, Double.NaN, Double.POSITIVE_INFINITY})
  void forRangeRejectsBadRanges(double maxAbs) {
    assertThatThrownBy(
            () -> FixedPointFormat.forRange(maxAbs, 8, TWOS_COMPLEMENT, FLOOR, SATURATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(maxAbs));
  }

  // ---- rounding ----

  /** x in steps of the format; expected codes for each rounding mode. */
  @ParameterizedTest(name = "{0} steps -> even {1}, away {2}, toward zero {3}, floor {4}")
  @CsvSource({
    "0, 0, 0, 0, 0",
    "0.5, 0, 1, 0, 0",
    "1.5, 2, 2, 1, 1",
    "2.5, 2, 3, 2, 2",
    "-0.5, 0, -1, 0, -1",
    "-1.5, -2, -2, -1, -2",
    "-2.5, -2, -3, -2, -3",
    "0.25, 0, 0, 0, 0",
    "0.75, 1, 1, 0, 0",
    "-0.25, 0, 0, 0, -1",
    "-0.75, -1, -1, 0, -1",
    "1.25, 1, 1, 1, 1",
    "-1.25, -1, -1, -1, -2",
    "2.75, 3, 3, 2, 2",
    "-2.75, -3, -3, -2, -3",
    "3, 3, 3, 3, 3",
    "-3, -3, -3, -3, -3",
    "0.49999999999999994, 0, 0, 0, 0", // just below a tie
    "0.5000000000000001, 1, 1, 0, 0", // just above a tie
    "-0.5000000000000001, -1, -1, 0, -1",
    "2.4999999999999996, 2, 2, 2, 2",
    "-1.4999999999999998, -1, -1, -1, -2",
  })
  void everyRoundingModeOnTiesAndNonTies(
      double steps, long even, long away, long towardZero, long floor) {
    for (int fractionBits : new int[] {-3, 0, 2, 20}) {
      double x = Math.scalb(steps, -fractionBits);
      FixedPointFormat f = FixedPointFormat.signed(16, fractionBits);
      assertThat(withRounding(f, NEAREST_EVEN).quantize(x)).as("even, f=%d", fractionBits)
          .isEqualTo(even);
      assertThat(withRounding(f, NEAREST_AWAY).quantize(x)).as("away, f=%d", fractionBits)
          .isEqualTo(away);
      assertThat(withRounding(f, TOWARD_ZERO).quantize(x)).as("toward zero, f=%d", fractionBits)
          .isEqualTo(towardZero);
      assertThat(withRounding(f, FLOOR).quantize(x)).as("floor, f=%d", fractionBits)
          .isEqualTo(floor);
    }
  }

  @Test
  void towardZeroAndFloorDifferExactlyOnNegativeValuesBetweenCodes() {
    FixedPointFormat floor = format(16, 2, TWOS_COMPLEMENT, FLOOR, SATURATE);
    FixedPointFormat truncate = format(16, 2, TWOS_COMPLEMENT, TOWARD_ZERO, SATURATE);
    for (int k = -64; k <= 64; k++) {
      double x = k / 16.0; // a quarter of a step apart
      boolean betweenCodes = k % 4 != 0;
      long expectedGap = x < 0 && betweenCodes ? 1 : 0;
      assertThat(truncate.quantize(x) - floor.quantize(x)).as("x = %s", x).isEqualTo(expectedGap);
    }
  }

  @Test
  void roundGivesTheValueOfTheCode() {
    FixedPointFormat f = FixedPointFormat.signed(8, 7);
    assertThat(f.round(0.3)).isEqualTo(38 / 128.0);
    assertThat(f.round(-0.3)).isEqualTo(-38 / 128.0);
    assertThat(f.round(2.0)).isEqualTo(f.max());
    assertThat(f.toDouble(-128)).isEqualTo(-1.0);
  }

  /**
   * The trap: {@code s - floor(s)} is not exact for s just inside −0.5. For s = −(0.5 − 2^−54),
   * 1 − 0.49999999999999994 rounds to 0.5, which looks like a negative tie (away: −1).
   */
  @Test
  void nearestAwayRoundsJustInsideMinusHalfToZero() {
    FixedPointFormat f = format(8, 7, TWOS_COMPLEMENT, NEAREST_AWAY, SATURATE);
    long value = -((1L << 53) - 1); // −(0.5 − 2^−54) steps with 54 more fraction bits
    double x = Math.scalb((double) value, -(7 + 54)); // exact
    assertThat(f.rescale(value, 7 + 54)).isZero();
    assertThat(f.quantize(x)).isZero();
  }

  /**
   * The trap: Math.scalb underflows a tiny negative value to −0.0 when fractionBits is very
   * negative, yet the floor of any negative value is at most −1.
   */
  @Test
  void floorOfATinyNegativeValueIsMinusOne() {
    FixedPointFormat f = format(16, -64, TWOS_COMPLEMENT, FLOOR, SATURATE);
    assertThat(f.quantize(-1e-300)).isEqualTo(-1);
    assertThat(f.quantize(-1e-305)).isEqualTo(-1);
  }

  // ---- rescale ----

  static Stream<Arguments> allModes() {
    Stream.Builder<Arguments> modes = Stream.builder();
    for (Representation representation : Representation.values()) {
      for (Rounding rounding : Rounding.values()) {
        for (Overflow overflow : Overflow.values()) {
          modes.add(Arguments.of(representation, rounding, overflow));
        }
      }
    }
    return modes.build();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("allModes")
  void rescaleAgreesWithQuantizeOverAnExhaustiveGrid(
      Representation representation, Rounding rounding, Overflow overflow) {
    for (int fractionBits : new int[] {-2, 0, 3, 9}) {
      FixedPointFormat f = format(8, fractionBits, representation, rounding, overflow);
      for (int from = fractionBits - 3; from <= fractionBits + 5; from++) {
        for (long value = -4096; value <= 4096; value++) {
          double x = Math.scalb((double) value, -from); // exact
          long expected = f.quantize(x);
          long actual = f.rescale(value, from);
          if (actual != expected) { // one assertion per mismatch only: the grid is large
            assertThat(actual).as("%s: rescale(%d, %d)", f, value, from).isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void rescaleShiftsLeftWhenTheSourceHasFewerFractionBits() {
    FixedPointFormat f = FixedPointFormat.signed(16, 4);
    assertThat(f.rescale(3, 0)).isEqualTo(48);
    assertThat(f.rescale(-3, 2)).isEqualTo(-12);
    assertThat(f.rescale(5000, 0)).isEqualTo(32767);
    assertThat(f.rescale(Long.MAX_VALUE, 0)).isEqualTo(32767);
    assertThat(f.rescale(-(1L << 62), 0)).isEqualTo(-32768);
    assertThat(f.rescale(0, -100)).isZero();
  }

  /** The trap: Math.abs(Long.MIN_VALUE) is negative, and MIN_VALUE << 1 is 0. */
  @Test
  void rescaleSaturatesLongMinValueShiftedLeft() {
    FixedPointFormat f = FixedPointFormat.signed(8, 7);
    assertThat(f.rescale(Long.MIN_VALUE, 7)).isEqualTo(-128); // no shift: fine
    assertThat(f.rescale(Long.MIN_VALUE, 6)).isEqualTo(-128);
  }

  /**
   * The trap: 1L << 63 overflows, so shifts of 63 or more need care. With a shift of exactly 63
   * a value can still be ±1 or past a half, and with 64 a tie.
   */
  @Test
  void rescaleByAtLeast63BitsStillRoundsByTheFormatsMode() {
    FixedPointFormat f = FixedPointFormat.signed(8, 7);
    SoftAssertions softly = new SoftAssertions();
    for (Rounding rounding : Rounding.values()) {
      FixedPointFormat g = withRounding(f, rounding);
      softly.assertThat(g.rescale(Long.MIN_VALUE, 7 + 63)).as("−1 exactly, %s", rounding)
          .isEqualTo(-1);
      softly.assertThat(g.rescale(1, 7 + 100)).as("tiny positive, %s", rounding).isZero();
      softly.assertThat(g.rescale(-1, 7 + 100)).as("tiny negative, %s", rounding)
          .isEqualTo(rounding == FLOOR ? -1 : 0);
    }
    softly.assertThat(f.rescale(3L << 61, 7 + 63)).as("0.75, nearest even").isEqualTo(1);
    softly.assertThat(withRounding(f, NEAREST_AWAY).rescale(1L << 62, 7 + 63))
        .as("0.5, nearest away").isEqualTo(1);
    softly.assertThat(withRounding(f, NEAREST_AWAY).rescale(-(1L << 62), 7 + 63))
        .as("−0.5, nearest away").isEqualTo(-1);
    softly.assertThat(withRounding(f, NEAREST_AWAY).rescale(Long.MIN_VALUE, 7 + 64))
        .as("−0.5 (shift 64), nearest away").isEqualTo(-1);
    softly.assertAll();
  }

  // ---- overflow ----

  @Test
  void saturationClampsToTheExtremes() {
    FixedPointFormat f = FixedPointFormat.signed(8, 7);
    assertThat(f.quantize(0.9921875)).isEqualTo(127);
    assertThat(f.quantize(0.997)).isEqualTo(127); // rounds to 128, clamped
    assertThat(f.quantize(1.0)).isEqualTo(127);
    assertThat(f.quantize(5.0)).isEqualTo(127);
    assertThat(f.quantize(-1.0)).isEqualTo(-128);
    assertThat(f.quantize(-1.5)).isEqualTo(-128);
    assertThat(f.fit(1000)).isEqualTo(127);
    assertThat(f.fit(-129)).isEqualTo(-128);
    FixedPointFormat sm = format(8, 7, SIGN_MAGNITUDE, NEAREST_EVEN, SATURATE);
    assertThat(sm.quantize(-1.0)).isEqualTo(-127);
    assertThat(sm.fit(-128)).isEqualTo(-127);
    FixedPointFormat u = format(8, 8, UNSIGNED, NEAREST_EVEN, SATURATE);
    assertThat(u.quantize(-0.1)).isZero();
    assertThat(u.quantize(1.5)).isEqualTo(255);
    assertThat(u.fit(-1)).isZero();
  }

  @Test
  void twosComplementWrapKeepsTheLowBits() {
    FixedPointFormat f = format(8, 7, TWOS_COMPLEMENT, NEAREST_EVEN, WRAP);
    assertThat(f.fit(127)).isEqualTo(127);
    assertThat(f.fit(128)).isEqualTo(-128);
    assertThat(f.fit(130)).isEqualTo(-126);
    assertThat(f.fit(255)).isEqualTo(-1);
    assertThat(f.fit(256)).isZero();
    assertThat(f.fit(383)).isEqualTo(127);
    assertThat(f.fit(-129)).isEqualTo(127);
    assertThat(f.fit(-256)).isZero();
    assertThat(f.quantize(1.0)).isEqualTo(-128);
    assertThat(f.quantize(-1.0078125)).isEqualTo(127);
  }

  @Test
  void unsignedWrapIsModuloTwoToTheBits() {
    FixedPointFormat f = format(8, 0, UNSIGNED, FLOOR, WRAP);
    assertThat(f.fit(256)).isZero();
    assertThat(f.fit(257)).isEqualTo(1);
    assertThat(f.fit(-1)).isEqualTo(255);
    assertThat(f.fit(-256)).isZero();
    assertThat(f.quantize(300.7)).isEqualTo(44);
  }

  @Test
  void signMagnitudeWrapKeepsTheSignAndTheLowMagnitudeBits() {
    FixedPointFormat f = format(8, 0, SIGN_MAGNITUDE, FLOOR, WRAP);
    assertThat(f.fit(127)).isEqualTo(127);
    assertThat(f.fit(128)).isZero();
    assertThat(f.fit(130)).isEqualTo(2);
    assertThat(f.fit(-130)).isEqualTo(-2);
    assertThat(f.fit(-255)).isEqualTo(-127);
  }

  @Test
  void hugeAndInfiniteValuesSaturateAndNanThrows() {
    for (Representation representation : Representation.values()) {
      FixedPointFormat f = format(16, 8, representation, NEAREST_EVEN, SATURATE);
      assertThat(f.quantize(1e300)).isEqualTo(f.maxCode());
      assertThat(f.quantize(Double.POSITIVE_INFINITY)).isEqualTo(f.maxCode());
      assertThat(f.quantize(-1e300)).isEqualTo(f.minCode());
      assertThat(f.quantize(Double.NEGATIVE_INFINITY)).isEqualTo(f.minCode());
      assertThat(f.quantize(0x1p50)).isEqualTo(f.maxCode()); // scaled, below the 2^62 cut-off
      assertThatThrownBy(() -> f.quantize(Double.NaN)).isInstanceOf(ArithmeticException.class);
      FixedPointFormat w = withOverflow(f, WRAP);
      assertThatThrownBy(() -> w.quantize(Double.NaN)).isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> w.quantize(1e300)).isInstanceOf(ArithmeticException.class);
    }
  }

  // ---- construction ----

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 63, 64})
  void constructorRejectsWidthsOutsideOneToSixtyTwo(int bits) {
    assertThatThrownBy(() -> FixedPointFormat.signed(bits, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(bits));
  }

  @Test
  void constructorRejectsMissingModesAndImpossibleFormats() {
    assertThatThrownBy(() -> format(8, 7, null, FLOOR, SATURATE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format(8, 7, TWOS_COMPLEMENT, null, SATURATE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format(8, 7, TWOS_COMPLEMENT, FLOOR, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format(1, 0, SIGN_MAGNITUDE, FLOOR, SATURATE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FixedPointFormat.signed(8, -65))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FixedPointFormat.signed(8, 97))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FixedPointFormat.signed(8, -64).fractionBits()).isEqualTo(-64);
    assertThat(FixedPointFormat.signed(8, 96).fractionBits()).isEqualTo(96);
  }

  // ---- bit patterns ----

  @Test
  void signMagnitudeHasTwoZerosAndWritesPlusZero() {
    assertThat(ORIGINAL.fromBits("10000000")).isZero();
    assertThat(ORIGINAL.fromBits("00000000")).isZero();
    assertThat(ORIGINAL.decode(0x80)).isZero();
    assertThat(ORIGINAL.toBits(0)).isEqualTo("00000000");
    assertThat(ORIGINAL.toBits(-1)).isEqualTo("10000001");
    assertThat(ORIGINAL.toBits(1)).isEqualTo("00000001");
    assertThat(ORIGINAL.toBits(127)).isEqualTo("01111111");
    assertThat(ORIGINAL.toBits(-127)).isEqualTo("11111111");
    assertThat(ORIGINAL.toHex(-1)).isEqualTo("81");
  }

  @Test
  void twosComplementAndUnsignedPatterns() {
    FixedPointFormat s = FixedPointFormat.signed(8, 7);
    assertThat(s.toBits(-1)).isEqualTo("11111111");
    assertThat(s.toBits(-128)).isEqualTo("10000000");
    assertThat(s.toBits(1)).isEqualTo("00000001");
    assertThat(s.fromBits("10000000")).isEqualTo(-128);
    FixedPointFormat u = format(8, 0, UNSIGNED, FLOOR, SATURATE);
    assertThat(u.toBits(255)).isEqualTo("11111111");
    assertThat(u.fromBits("10000000")).isEqualTo(128);
  }

  @ParameterizedTest
  @EnumSource(Representation.class)
  void everyEightBitCodeSurvivesEncodeAndDecode(Representation representation) {
    FixedPointFormat f = format(8, 7, representation, NEAREST_EVEN, SATURATE);
    Set<Long> words = new HashSet<>();
    for (long code = f.minCode(); code <= f.maxCode(); code++) {
      long word = f.encode(code);
      assertThat(word).isBetween(0L, 255L);
      assertThat(f.decode(word)).isEqualTo(code);
      String bits = f.toBits(code);
      assertThat(bits).hasSize(8).matches("[01]{8}");
      assertThat(Long.parseLong(bits, 2)).isEqualTo(word);
      assertThat(f.fromBits(bits)).isEqualTo(code);
      assertThat(f.toHex(code)).hasSize(2).isEqualTo(String.format("%02x", word));
      words.add(word);
    }
    assertThat(words).hasSize(representation == SIGN_MAGNITUDE ? 255 : 256);
    for (long word = 0; word < 256; word++) { // every pattern decodes into range
      assertThat(f.decode(word)).isBetween(f.minCode(), f.maxCode());
    }
  }

  @Test
  void encodeRejectsCodesOutsideTheFormat() {
    assertThatThrownBy(() -> FixedPointFormat.signed(8, 7).encode(128))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
    assertThatThrownBy(() -> ORIGINAL.encode(-128)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format(8, 0, UNSIGNED, FLOOR, SATURATE).encode(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hexHasOneDigitPerFourBitsRoundedUp() {
    FixedPointFormat s16 = FixedPointFormat.signed(16, 12);
    assertThat(s16.label()).isEqualTo("s16 Q3.12");
    assertThat(s16.toHex(-1)).isEqualTo("ffff");
    assertThat(s16.toHex(1)).isEqualTo("0001");
    assertThat(s16.toHex(0)).isEqualTo("0000");
    assertThat(s16.toHex(-32768)).isEqualTo("8000");
    FixedPointFormat s12 = FixedPointFormat.signed(12, 11);
    assertThat(s12.toHex(-1)).isEqualTo("fff");
    assertThat(s12.toHex(-2048)).isEqualTo("800");
    assertThat(s12.toHex(5)).isEqualTo("005");
    assertThat(FixedPointFormat.signed(5, 0).toHex(-1)).isEqualTo("1f");
    assertThat(format(32, 0, UNSIGNED, FLOOR, SATURATE).toHex((1L << 32) - 1))
        .isEqualTo("ffffffff");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "1000000", "100000000", "1000000x", "1000 000", "-1000000", "0b100000"})
  void fromBitsRejectsBadPatternsNamingThem(String pattern) {
    assertThatThrownBy(() -> ORIGINAL.fromBits(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + pattern + "'");
  }

  // ---- the original's scheme ----

  @Test
  void originalSchemeTruncatesAndSaturatesSymmetrically() {
    assertThat(ORIGINAL.quantize(0.99999)).isEqualTo(127);
    assertThat(ORIGINAL.round(0.99999)).isEqualTo(0.9921875);
    assertThat(ORIGINAL.quantize(1.5)).isEqualTo(127);
    assertThat(ORIGINAL.quantize(-1.5)).isEqualTo(-127);
    assertThat(ORIGINAL.quantize(-0.0078)).isZero(); // above −1/128 = −0.0078125
    assertThat(ORIGINAL.quantize(-0.0079)).isEqualTo(-1);
    assertThat(ORIGINAL.quantize(0.5)).isEqualTo(64);
    assertThat(ORIGINAL.quantize(-0.5)).isEqualTo(-64);
    assertThat(ORIGINAL.quantize(-0.0)).isZero();
    assertThat(ORIGINAL.toBits(ORIGINAL.quantize(-0.0078))).isEqualTo("00000000");
  }
}
