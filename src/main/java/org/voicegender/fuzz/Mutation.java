package org.voicegender.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One way to damage a file's bytes. Each kind is what a disk, a network or a careless tool does to
 * a file (flipped bits, a cut-off tail, overwritten spans) or what a hostile writer does to a
 * header (fields set to their extremes).
 */
public enum Mutation {
  /** One to eight single-bit flips anywhere. */
  BIT_FLIPS,
  /** The file cut at a random length. */
  TRUNCATE,
  /** Random bytes written over the first 64 bytes (magic, headers). */
  HEADER_BYTES,
  /** A random span of up to 512 bytes overwritten with random bytes. */
  RANDOM_SPAN,
  /** A random span of up to 4 KB removed (frames shift against the header). */
  DELETE_SPAN,
  /** A run of 0x00 or 0xFF bytes written over a 4- to 16-byte field in the first 128 bytes. */
  EXTREME_FIELD;

  /** The damaged copy of {@code original}; the same random state gives the same copy. */
  public byte[] apply(byte[] original, SplittableRandom random) {
    byte[] b = original.clone();
    int n = b.length;
    switch (this) {
      case BIT_FLIPS -> {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && n > 0; i++) {
          b[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
      case TRUNCATE -> {
        return Arrays.copyOf(b, n == 0 ? 0 : random.nextInt(n));
      }
      case HEADER_BYTES -> {
        int end = Math.min(64, n);
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count && end > 0; i++) {
          b[random.nextInt(end)] = (byte) random.nextInt(256);
        }
        return b;
      }
      case RANDOM_SPAN -> {
        if (n == 0) {
          return b;
        }
        int length = 1 + random.nextInt(Math.min(512, n));
        int at = random.nextInt(n - length + 1);
        for (int i = 0; i < length; i++) {
          b[at + i] = (byte) random.nextInt(256);
        }
        return b;
      }
      case DELETE_SPAN -> {
        if (n < 2) {
          return b;
        }
        int length = 1 + random.nextInt(Math.min(4096, n - 1));
        int at = random.nextInt(n - length + 1);
        byte[] out = new byte[n - length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + length, out, at, n - length - at);
        return out;
      }
      case EXTREME_FIELD -> {
        int end = Math.min(128, n);
        if (end < 4) {
          return b;
        }
        int length = Math.min(end, 4 + random.nextInt(13));
        int at = random.nextInt(end - length + 1);
        Arrays.fill(b, at, at + length, random.nextBoolean() ? (byte) 0xff : (byte) 0);
        return b;
      }
      default -> throw new AssertionError(this);
    }
  }
}
