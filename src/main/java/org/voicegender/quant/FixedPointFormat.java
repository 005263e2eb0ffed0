package org.voicegender.quant;

/**
 * A binary fixed-point number format: {@code bits} bits in total, {@code fractionBits} of them
 * after the binary point, a representation (two's complement, sign-magnitude as the original's
 * scripts used, or unsigned), a rounding mode and an overflow mode. A value is held as its
 * integer <em>code</em>: {@code value = code · 2^−fractionBits}.
 *
 * <p>{@code fractionBits} may exceed {@code bits} (small values, e.g. weights below 0.25) or be
 * negative (large values with a coarse step). Codes are at most 62 bits, so sums of products fit a
 * {@code long} with room to spare.
 *
 * <p>Sign-magnitude has two zeros; both decode to 0, and 0 always encodes as +0 ({@link
 * #toBits}).
 *
 * @param bits total width, sign bit included (1–62; wide ones are accumulators)
 * @param fractionBits bits after the binary point
 */
public record FixedPointFormat(
    int bits, int fractionBits, Representation representation, Rounding rounding, Overflow overflow) {

  /** How a code is laid out in bits. */
  public enum Representation {
    TWOS_COMPLEMENT,
    /** A sign bit and a magnitude: symmetric range, two zeros (the original's scheme). */
    SIGN_MAGNITUDE,
    UNSIGNED
  }

  /** How a value between two codes is rounded. */
  public enum Rounding {
    /** To the nearest code, ties to the even code (IEEE's default; no bias). */
    NEAREST_EVEN,
    /** To the nearest code, ties away from zero. */
    NEAREST_AWAY,
    /** Toward zero: drop the extra bits of the magnitude (the original's perl scripts). */
    TOWARD_ZERO,
    /** Toward −∞: drop the extra bits of a two's complement word (an arithmetic shift). */
    FLOOR
  }

  /** What a value outside the range becomes. */
  public enum Overflow {
    /** The nearest representable extreme. */
    SATURATE,
    /** The low bits are kept, as a register does: modulo the format's range. */
    WRAP
  }

  public FixedPointFormat {
    if (bits < 1 || bits > 62) {
      throw new IllegalArgumentException("a fixed-point format has 1 to 62 bits, not " + bits);
    }
    if (representation == Representation.SIGN_MAGNITUDE && bits < 2) {
      throw new IllegalArgumentException("sign-magnitude needs at least 2 bits (sign and magnitude)");
    }
    if (fractionBits < -64 || fractionBits > 96) {
      throw new IllegalArgumentException("fraction bits out of range: " + fractionBits);
    }
    if (representation == null || rounding == null || overflow == null) {
      throw new IllegalArgumentException("representation, rounding and overflow must be given");
    }
  }

  /** Signed two's complement, nearest-even rounding, saturation: the usual accelerator format. */
  public static FixedPointFormat signed(int bits, int fractionBits) {
    return new FixedPointFormat(bits, fractionBits, Representation.TWOS_COMPLEMENT,
        Rounding.NEAREST_EVEN, Overflow.SATURATE);
  }

  /**
   * The format of {@code bits} bits with the most fraction bits that still holds {@code maxAbs}:
   * integer bits chosen from the range, {@code ceil(log2(maxAbs))}, sign bit apart (for two's
   * complement a value of exactly 2^k saturates one step short).
   */
  public static FixedPointFormat forRange(
      double maxAbs, int bits, Representation representation, Rounding rounding, Overflow overflow) {
    if (!(maxAbs >= 0) || Double.isInfinite(maxAbs)) {
      throw new IllegalArgumentException("range must be finite and non-negative, got " + maxAbs);
    }
    int integerBits = maxAbs == 0 ? 0 : (int) Math.ceil(Math.log(maxAbs) / Math.log(2) - 1e-12);
    int magnitudeBits = representation == Representation.UNSIGNED ? bits : bits - 1;
    return new FixedPointFormat(bits, magnitudeBits - integerBits, representation, rounding, overflow);
  }

  /** This format with another number of fraction bits. */
  public FixedPointFormat withFractionBits(int f) {
    return new FixedPointFormat(bits, f, representation, rounding, overflow);
  }

  public boolean signed() {
    return representation != Representation.UNSIGNED;
  }

  /** Bits left of the binary point, sign bit excluded (may be negative). */
  public int integerBits() {
    return (signed() ? bits - 1 : bits) - fractionBits;
  }

  public long maxCode() {
    return signed() ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
  }

  public long minCode() {
    return switch (representation) {
      case TWOS_COMPLEMENT -> -(1L << (bits - 1));
      case SIGN_MAGNITUDE -> -maxCode();
      case UNSIGNED -> 0;
    };
  }

  /** The value of one step, 2^−fractionBits. */
  public double resolution() {
    return Math.scalb(1.0, -fractionBits);
  }

  public double max() {
    return toDouble(maxCode());
  }

  public double min() {
    return toDouble(minCode());
  }

  public double toDouble(long code) {
    return Math.scalb((double) code, -fractionBits);
  }

  /** The code of {@code x}: scaled, rounded, then brought into range. */
  public long quantize(double x) {
    if (Double.isNaN(x)) {
      throw new ArithmeticException("cannot quantize NaN to " + this);
    }
    double s = Math.scalb(x, fractionBits);
    double limit = 0x1p62;
    if (Math.abs(s) >= limit) {
      if (overflow == Overflow.WRAP) {
        throw new ArithmeticException(x + " is too far outside " + this + " to wrap");
      }
      return s > 0 ? maxCode() : minCode();
    }
    if (s == 0 && x != 0) { // underflow of the scaling: |x| is far below one step
      return fit(rounding == Rounding.FLOOR && x < 0 ? -1 : 0);
    }
    // Round the magnitude, then restore the sign: |s| − floor(|s|) is exact, where s − floor(s)
    // of a negative s may round up to a false tie.
    double a = Math.abs(s);
    double r = Math.floor(a);
    double d = a - r; // exact
    long m = (long) r;
    boolean negative = s < 0;
    long magnitude = switch (rounding) {
      case TOWARD_ZERO -> m;
      case FLOOR -> negative && d != 0 ? m + 1 : m;
      case NEAREST_EVEN -> d > 0.5 || (d == 0.5 && (m & 1) != 0) ? m + 1 : m;
      case NEAREST_AWAY -> d >= 0.5 ? m + 1 : m;
    };
    long code = negative ? -magnitude : magnitude;
    return fit(code);
  }

  /** {@code x} rounded to this format, as a double ("fake quantization"). */
  public double round(double x) {
    return toDouble(quantize(x));
  }

  /**
   * The code in this format of an integer {@code value} that has {@code fromFractionBits}
   * fraction bits: shifted, rounded by this format's rounding, brought into range. This is what
   * the integer engine does after every accumulation; it agrees exactly with {@link
   * #quantize(double)} of the same value (except that {@code quantize} refuses to wrap values
   * beyond 2^62 steps, which it cannot hold exactly).
   */
  public long rescale(long value, int fromFractionBits) {
    int shift = fromFractionBits - fractionBits;
    if (shift <= 0) {
      if (-shift >= 63 || value > (Long.MAX_VALUE >> -shift) || value < (Long.MIN_VALUE >> -shift)) {
        if (value == 0) {
          return 0;
        }
        if (overflow == Overflow.WRAP) {
          throw new ArithmeticException(value + " << " + -shift + " overflows a long");
        }
        return value > 0 ? maxCode() : minCode();
      }
      return fit(value << -shift);
    }
    if (shift >= 62) { // beyond a long's shifts: the same rounding, exactly, in BigInteger
      java.math.BigInteger v = java.math.BigInteger.valueOf(value);
      java.math.BigInteger floor = v.shiftRight(shift);
      java.math.BigInteger rem = v.subtract(floor.shiftLeft(shift));
      int vsHalf = rem.compareTo(java.math.BigInteger.ONE.shiftLeft(shift - 1));
      boolean up = switch (rounding) {
        case FLOOR -> false;
        case TOWARD_ZERO -> value < 0 && rem.signum() != 0;
        case NEAREST_EVEN -> vsHalf > 0 || (vsHalf == 0 && floor.testBit(0));
        case NEAREST_AWAY -> vsHalf > 0 || (vsHalf == 0 && value > 0);
      };
      return fit(floor.longValueExact() + (up ? 1 : 0));
    }
    long floor = value >> shift;
    long rem = value - (floor << shift);
    long half = 1L << (shift - 1);
    long code = switch (rounding) {
      case FLOOR -> floor;
      case TOWARD_ZERO -> value >= 0 || rem == 0 ? floor : floor + 1;
      case NEAREST_EVEN -> rem > half || (rem == half && (floor & 1) != 0) ? floor + 1 : floor;
      case NEAREST_AWAY -> rem > half || (rem == half && value > 0) ? floor + 1 : floor;
    };
    return fit(code);
  }

  /** A code brought into range by this format's overflow mode. */
  public long fit(long code) {
    if (code >= minCode() && code <= maxCode()) {
      return code;
    }
    if (overflow == Overflow.SATURATE) {
      return code > maxCode() ? maxCode() : minCode();
    }
    return switch (representation) {
      case TWOS_COMPLEMENT -> (code << (64 - bits)) >> (64 - bits);
      case UNSIGNED -> code & ((1L << bits) - 1);
      case SIGN_MAGNITUDE -> {
        long magnitude = Math.abs(code) & maxCode();
        yield code < 0 ? -magnitude : magnitude;
      }
    };
  }

  /** The bit pattern of a code, as an unsigned word of {@code bits} bits. */
  public long encode(long code) {
    if (code < minCode() || code > maxCode()) {
      throw new IllegalArgumentException("code " + code + " is outside " + this);
    }
    long mask = bits == 64 ? -1L : (1L << bits) - 1;
    return switch (representation) {
      case TWOS_COMPLEMENT, UNSIGNED -> code & mask;
      case SIGN_MAGNITUDE -> code < 0 ? (1L << (bits - 1)) | -code : code;
    };
  }

  /** The code of a bit pattern ({@code bits} low bits of {@code word}); −0 decodes to 0. */
  public long decode(long word) {
    long mask = (1L << bits) - 1;
    long w = word & mask;
    return switch (representation) {
      case UNSIGNED -> w;
      case TWOS_COMPLEMENT -> (w << (64 - bits)) >> (64 - bits);
      case SIGN_MAGNITUDE -> {
        long magnitude = w & maxCode();
        yield (w >>> (bits - 1)) != 0 ? -magnitude : magnitude;
      }
    };
  }

  /** The code's bit pattern as a string of {@code bits} 0s and 1s, most significant first. */
  public String toBits(long code) {
    String s = Long.toBinaryString(encode(code));
    return "0".repeat(bits - s.length()) + s;
  }

  public long fromBits(String pattern) {
    if (pattern.length() != bits || !pattern.matches("[01]+")) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not a " + bits + "-bit pattern of 0s and 1s for " + this);
    }
    return decode(Long.parseUnsignedLong(pattern, 2));
  }

  /** The code's bit pattern in hexadecimal, {@code ceil(bits/4)} digits (for $readmemh). */
  public String toHex(long code) {
    int digits = (bits + 3) / 4;
    String s = Long.toHexString(encode(code));
    return "0".repeat(digits - s.length()) + s;
  }

  /** Short name: e.g. {@code s16 Q3.12} (signed, 16 bits, 3 integer, 12 fraction bits). */
  public String label() {
    String kind = switch (representation) {
      case TWOS_COMPLEMENT -> "s";
      case SIGN_MAGNITUDE -> "sm";
      case UNSIGNED -> "u";
    };
    return kind + bits + " Q" + integerBits() + "." + fractionBits;
  }

  @Override
  public String toString() {
    return label() + " " + rounding.name().toLowerCase() + " " + overflow.name().toLowerCase();
  }
}
