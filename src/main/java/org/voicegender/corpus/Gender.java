package org.voicegender.corpus;

/** A reader's sex as SPEAKERS.TXT gives it; the ordinal is the class index (F = 0, M = 1). */
public enum Gender {
  FEMALE("F"),
  MALE("M");

  private final String code;

  Gender(String code) {
    this.code = code;
  }

  /** The SPEAKERS.TXT code, F or M. */
  public String code() {
    return code;
  }

  /** The class index used as the label: 0 for female, 1 for male. */
  public int label() {
    return ordinal();
  }

  public static Gender fromLabel(int label) {
    if (label < 0 || label >= values().length) {
      throw new IllegalArgumentException("no gender for label " + label + ": use 0 (F) or 1 (M)");
    }
    return values()[label];
  }

  /** Parses F or M (any case, surrounding space ignored). */
  public static Gender fromCode(String code) {
    String c = code.trim();
    if (c.equalsIgnoreCase("F")) {
      return FEMALE;
    }
    if (c.equalsIgnoreCase("M")) {
      return MALE;
    }
    throw new IllegalArgumentException("sex '" + c + "' is not M or F");
  }
}
