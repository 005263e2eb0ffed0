package org.voicegender.activation;

/**
 * What one evaluation of an activation costs in hardware, as counted here (comparators that pick
 * the segment are not counted).
 *
 * @param segments linear pieces over the whole real line, the saturating constants included
 *     (PLAN: 7, that is 4 on |x|); 0 for exact functions
 * @param multipliers general multiplications per evaluation (a multiplication by a power of two
 *     is a shift, counted in {@code shiftAdds})
 * @param shiftAdds shifts, additions and subtractions per evaluation (a conditional negation,
 *     e.g. |x| or the reflection {@code 1 − y}, counts as one); shifts by a constant that are
 *     only wiring ({@code 2x}) are not counted
 * @param tableEntries stored words the function reads (LUT samples; a fitted PWL's breakpoint,
 *     slope and offset per segment); 0 when the constants are wired into the circuit
 * @param note one line on how it is built
 */
public record HardwareCost(int segments, int multipliers, int shiftAdds, int tableEntries, String note) {
  /** The exact functions: the reference, not a circuit. */
  public static final HardwareCost EXACT = new HardwareCost(0, 0, 0, 0, "exact (reference)");
}
