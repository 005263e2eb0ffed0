package org.voicegender.quant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.voicegender.quant.FixedPointFormat.Overflow;
import org.voicegender.quant.FixedPointFormat.Representation;
import org.voicegender.quant.FixedPointFormat.Rounding;

/** The inline rounding of {@link Requantizer#apply(long)} against {@link FixedPointFormat#rescale}. */
class RequantizerTest {
  @Test
  void roundsTiesToEvenAndSaturatesAsTheFormatDefinesIt() {
    FixedPointFormat acc =
        new FixedPointFormat(24, 12, Representation.TWOS_COMPLEMENT, Rounding.NEAREST_EVEN, Overflow.SATURATE);
    for (FixedPointFormat out : new FixedPointFormat[] {
        new FixedPointFormat(8, 5, Representation.TWOS_COMPLEMENT, Rounding.NEAREST_EVEN, Overflow.SATURATE),
        new FixedPointFormat(8, 4, Representation.UNSIGNED, Rounding.NEAREST_EVEN, Overflow.SATURATE),
        new FixedPointFormat(16, 11, Representation.TWOS_COMPLEMENT, Rounding.NEAREST_EVEN, Overflow.SATURATE)}) {
      for (boolean relu : new boolean[] {false, true}) {
        Requantizer r = Requantizer.of(acc, out, relu);
        assertThat(r.fast()).isTrue();
        int shift = acc.fractionBits() - out.fractionBits();
        long half = 1L << (shift - 1);
        for (long q = -300; q <= 300; q++) { // exact ties (odd and even floors), their neighbours
          for (long d = -1; d <= 1; d++) {
            long sum = (q << shift) + half + d;
            long v = Math.min(Math.max(sum, acc.minCode()), acc.maxCode());
            long expected = out.rescale(relu ? Math.max(v, 0) : v, acc.fractionBits());
            assertThat(r.apply(sum)).as("%s relu %s sum %d", out, relu, sum).isEqualTo(expected);
          }
        }
        for (long sum : new long[] {Long.MIN_VALUE / 4, acc.minCode() - 1, acc.maxCode() + 1, Long.MAX_VALUE / 4}) {
          long v = Math.min(Math.max(sum, acc.minCode()), acc.maxCode());
          assertThat(r.apply(sum)).isEqualTo(out.rescale(relu ? Math.max(v, 0) : v, acc.fractionBits()));
        }
      }
    }
  }
}
