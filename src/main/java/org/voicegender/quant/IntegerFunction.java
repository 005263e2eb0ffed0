package org.voicegender.quant;

import org.voicegender.activation.ActivationFunction;

/**
 * An activation as the golden model evaluates it: from a code in one format to a code in
 * another. Built from an {@link ActivationFunction} as a look-up table over every input code (up
 * to 16-bit inputs, as hardware with a ROM would), or evaluated per call beyond that; both give
 * {@code out.quantize(f(in.toDouble(code)))} exactly.
 */
public interface IntegerFunction {
  long apply(long code);

  /** Table inputs up to this many bits. */
  int MAX_TABLE_BITS = 16;

  static IntegerFunction of(ActivationFunction f, FixedPointFormat in, FixedPointFormat out) {
    if (in.bits() > MAX_TABLE_BITS) {
      return code -> out.quantize(f.apply(in.toDouble(code)));
    }
    long min = in.minCode();
    int size = (int) (in.maxCode() - min + 1);
    long[] table = new long[size];
    for (int i = 0; i < size; i++) {
      table[i] = out.quantize(f.apply(in.toDouble(min + i)));
    }
    return code -> table[(int) (code - min)];
  }
}
