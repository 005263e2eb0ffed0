package org.voicegender.quant;

import org.voicegender.quant.FixedPointFormat.Overflow;
import org.voicegender.quant.FixedPointFormat.Representation;
import org.voicegender.quant.FixedPointFormat.Rounding;

/**
 * What to quantize and how, before calibration turns it into a {@link QuantizationPlan} of
 * concrete formats. A width of 0 leaves that side in floating point (weights alone or
 * activations alone, for the sweep).
 *
 * @param name a label for tables ("original", "w8a8", …)
 * @param weightBits bits per weight and bias (0 = float, else 2-24)
 * @param weightIntegerBits integer bits of every weight format, or null to choose them per
 *     tensor from its range
 * @param activationBits bits per activation, input included (0 = float)
 * @param accumulatorBits width the sums of products saturate to (0 = wide enough never to
 *     overflow: the product width plus 12 guard bits)
 */
public record QuantizationSpec(
    String name,
    int weightBits,
    Integer weightIntegerBits,
    Representation weightRepresentation,
    Rounding weightRounding,
    int activationBits,
    Rounding activationRounding,
    Overflow overflow,
    int accumulatorBits) {

  public QuantizationSpec {
    // Up to 24 bits each, a product has at most 47 bits and a sum of thousands of them stays
    // well inside the golden model's 64-bit arithmetic.
    if (weightBits < 0 || weightBits == 1 || weightBits > 24 || activationBits < 0
        || activationBits == 1 || activationBits > 24) {
      throw new IllegalArgumentException("weight and activation bits must be 0 (float) or 2-24;"
          + " got " + weightBits + " and " + activationBits);
    }
    if (accumulatorBits < 0 || accumulatorBits > 62) {
      throw new IllegalArgumentException("accumulator bits must be 0 (auto) or up to 62, got " + accumulatorBits);
    }
  }

  /** Two's complement, nearest-even rounding, saturation; integer bits from each tensor's range. */
  public static QuantizationSpec of(int weightBits, int activationBits) {
    return new QuantizationSpec(label(weightBits, activationBits), weightBits, null,
        Representation.TWOS_COMPLEMENT, Rounding.NEAREST_EVEN, activationBits, Rounding.NEAREST_EVEN,
        Overflow.SATURATE, 0);
  }

  /**
   * The original project's scheme: weights and biases as sign + 7 fraction bits (sign-magnitude,
   * no integer bits, truncated toward zero, saturated at ±127/128), activations in float.
   */
  public static QuantizationSpec original() {
    return new QuantizationSpec("original", 8, 0, Representation.SIGN_MAGNITUDE, Rounding.TOWARD_ZERO,
        0, Rounding.NEAREST_EVEN, Overflow.SATURATE, 0);
  }

  /** This spec with activations at {@code bits} (0 = float). */
  public QuantizationSpec withActivationBits(int bits) {
    return new QuantizationSpec(name, weightBits, weightIntegerBits, weightRepresentation, weightRounding,
        bits, activationRounding, overflow, accumulatorBits);
  }

  public QuantizationSpec withAccumulatorBits(int bits) {
    return new QuantizationSpec(name, weightBits, weightIntegerBits, weightRepresentation, weightRounding,
        activationBits, activationRounding, overflow, bits);
  }

  public boolean quantizesWeights() {
    return weightBits > 0;
  }

  public boolean quantizesActivations() {
    return activationBits > 0;
  }

  /** The accumulator width in use: as given, or products plus 12 guard bits (at most 62). */
  public int effectiveAccumulatorBits() {
    if (accumulatorBits > 0) {
      return accumulatorBits;
    }
    return Math.min(62, Math.max(weightBits, 16) + Math.max(activationBits, 16) + 12);
  }

  /** A weight tensor's format given its largest magnitude. */
  public FixedPointFormat weightFormat(double maxAbs) {
    if (weightIntegerBits != null) {
      int magnitude = weightRepresentation == Representation.UNSIGNED ? weightBits : weightBits - 1;
      return new FixedPointFormat(weightBits, magnitude - weightIntegerBits, weightRepresentation,
          weightRounding, overflow);
    }
    return FixedPointFormat.forRange(maxAbs, weightBits, weightRepresentation, weightRounding, overflow);
  }

  /** An activation's format given its largest observed magnitude; unsigned for ReLU outputs. */
  public FixedPointFormat activationFormat(double maxAbs, boolean nonNegative) {
    return FixedPointFormat.forRange(maxAbs, activationBits,
        nonNegative ? Representation.UNSIGNED : Representation.TWOS_COMPLEMENT, activationRounding, overflow);
  }

  static String label(int w, int a) {
    return (w == 0 ? "wfloat" : "w" + w) + (a == 0 ? "-afloat" : "-a" + a);
  }
}
