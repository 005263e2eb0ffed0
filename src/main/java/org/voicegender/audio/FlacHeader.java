package org.voicegender.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The metadata section of a FLAC stream, read and checked before any decoder allocates on its
 * word: the {@code fLaC} marker, every metadata block's header (lengths must fit in the file;
 * bodies other than STREAMINFO are skipped unread) and the STREAMINFO fields against the FLAC
 * format's ranges and the file's length. The stream is left at the first audio frame.
 *
 * <p>Field layout and ranges: the FLAC format specification (xiph.org/flac/format.html,
 * METADATA_BLOCK_STREAMINFO).
 *
 * @param minBlockSize smallest block of the stream, in samples (the last block may be shorter)
 * @param maxBlockSize largest block, in samples
 * @param sampleRate samples per second per channel
 * @param channels 1 to 8
 * @param bitsPerSample 4 to 32
 * @param totalSamples samples per channel, 0 when the encoder did not know
 * @param md5 MD5 of the unencoded audio, all zero when absent
 * @param streamInfo the 34 STREAMINFO bytes as they are in the file
 * @param audioOffset byte offset of the first audio frame
 */
public record FlacHeader(
    int minBlockSize,
    int maxBlockSize,
    int sampleRate,
    int channels,
    int bitsPerSample,
    long totalSamples,
    byte[] md5,
    byte[] streamInfo,
    long audioOffset) {

  /** STREAMINFO's fixed length in bytes. */
  public static final int STREAMINFO_LENGTH = 34;

  /**
   * The fewest bytes a FLAC frame can take: 6 of header (sync, codes, one-byte frame number,
   * CRC-8), 1 of subframe header, 1 of constant value and 2 of CRC-16. A file of {@code b} bytes
   * of frames thus holds at most {@code b / 8} frames, which bounds the samples it may claim.
   */
  static final int MIN_FRAME_BYTES = 8;

  private static final int BLOCK_STREAMINFO = 0;
  private static final int BLOCK_INVALID = 127;
  private static final int MAX_METADATA_BLOCKS = 4096;

  /** Whether STREAMINFO holds an MD5 signature (an encoder that did not compute one writes zeros). */
  public boolean hasMd5() {
    for (byte b : md5) {
      if (b != 0) {
        return true;
      }
    }
    return false;
  }

  /** The MD5 signature as 32 hex digits. */
  public String md5Hex() {
    return HexFormat.of().formatHex(md5);
  }

  /**
   * Reads and checks the metadata section from the start of a stream.
   *
   * @param in the stream, at its first byte; left at the first audio frame
   * @param fileLength the whole file's length in bytes, to check claimed sizes against
   * @param file names the file in errors
   * @throws AudioFormatException naming the field, its value and what it may be
   */
  public static FlacHeader read(InputStream in, long fileLength, Path file) throws IOException {
    byte[] magic = readFully(in, 4, file, "the fLaC marker");
    if (magic[0] != 'f' || magic[1] != 'L' || magic[2] != 'a' || magic[3] != 'C') {
      throw new AudioFormatException(file, "not a FLAC stream: no fLaC marker");
    }
    long offset = 4;
    byte[] streamInfo = null;
    for (int block = 0; ; block++) {
      if (block == MAX_METADATA_BLOCKS) {
        throw new AudioFormatException(
            file, "more than " + MAX_METADATA_BLOCKS + " metadata blocks: not a real FLAC file");
      }
      byte[] head = readFully(in, 4, file, "metadata block " + block + "'s header at byte " + offset);
      boolean last = (head[0] & 0x80) != 0;
      int type = head[0] & 0x7f;
      int length = ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
      offset += 4;
      if (type == BLOCK_INVALID) {
        throw new AudioFormatException(
            file, "metadata block " + block + " at byte " + (offset - 4) + " has the invalid type 127");
      }
      if (offset + length > fileLength) {
        throw new AudioFormatException(
            file,
            String.format(
                "metadata block %d (type %d) at byte %d claims %d bytes, but the file ends %d bytes"
                    + " later",
                block, type, offset - 4, length, fileLength - offset));
      }
      if (block == 0 && type != BLOCK_STREAMINFO) {
        throw new AudioFormatException(
            file, "the first metadata block is of type " + type + ", but FLAC requires STREAMINFO (0)");
      }
      if (type == BLOCK_STREAMINFO) {
        if (block != 0) {
          throw new AudioFormatException(file, "a second STREAMINFO block (block " + block + ")");
        }
        if (length != STREAMINFO_LENGTH) {
          throw new AudioFormatException(
              file, "STREAMINFO is " + length + " bytes long, the format fixes it at 34");
        }
        streamInfo = readFully(in, STREAMINFO_LENGTH, file, "STREAMINFO");
      } else {
        skipFully(in, length, file, "metadata block " + block);
      }
      offset += length;
      if (last) {
        break;
      }
    }
    return parse(streamInfo, offset, fileLength, file);
  }

  private static FlacHeader parse(byte[] s, long audioOffset, long fileLength, Path file)
      throws AudioFormatException {
    int minBlock = u16(s, 0);
    int maxBlock = u16(s, 2);
    int rate = ((s[10] & 0xff) << 12) | ((s[11] & 0xff) << 4) | ((s[12] & 0xff) >>> 4);
    int channels = ((s[12] >>> 1) & 0x07) + 1;
    int bits = (((s[12] & 0x01) << 4) | ((s[13] & 0xff) >>> 4)) + 1;
    long total = ((long) (s[13] & 0x0f) << 32) | (u16(s, 14) & 0xffffL) << 16 | u16(s, 16);
    byte[] md5 = java.util.Arrays.copyOfRange(s, 18, 34);
    if (maxBlock < 16) {
      throw new AudioFormatException(
          file, "STREAMINFO's maximum block size is " + maxBlock + " samples; FLAC requires 16 to 65535");
    }
    if (minBlock > maxBlock) {
      throw new AudioFormatException(
          file,
          "STREAMINFO's minimum block size (" + minBlock + ") exceeds its maximum (" + maxBlock + ")");
    }
    if (rate == 0) {
      throw new AudioFormatException(file, "STREAMINFO's sample rate is 0 Hz");
    }
    if (bits < 4) {
      throw new AudioFormatException(
          file, "STREAMINFO says " + bits + " bits per sample; FLAC requires 4 to 32");
    }
    long frameBytes = Math.max(0, fileLength - audioOffset);
    long mostSamples = (frameBytes / MIN_FRAME_BYTES + 1) * maxBlock;
    if (total > mostSamples) {
      throw new AudioFormatException(
          file,
          String.format(
              "STREAMINFO claims %d samples (%.1f s at %d Hz), more than the %d bytes of audio"
                  + " frames can hold (at most %d)",
              total, (double) total / rate, rate, frameBytes, mostSamples));
    }
    return new FlacHeader(minBlock, maxBlock, rate, channels, bits, total, md5, s, audioOffset);
  }

  /**
   * The metadata section as a decoder should see it: the marker and STREAMINFO alone, flagged as
   * the last block, so that no other block's claimed sizes reach it.
   */
  public byte[] minimalMetadata() {
    byte[] out = new byte[4 + 4 + STREAMINFO_LENGTH];
    out[0] = 'f';
    out[1] = 'L';
    out[2] = 'a';
    out[3] = 'C';
    out[4] = (byte) 0x80; // last-block flag, type 0 = STREAMINFO
    out[7] = STREAMINFO_LENGTH;
    System.arraycopy(streamInfo, 0, out, 8, STREAMINFO_LENGTH);
    return out;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static byte[] readFully(InputStream in, int n, Path file, String what) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length < n) {
      throw new AudioFormatException(
          file, "truncated FLAC: the file ends inside " + what + " (" + out.length + " of " + n + " bytes)");
    }
    return out;
  }

  private static void skipFully(InputStream in, long n, Path file, String what) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw new AudioFormatException(file, "truncated FLAC: the file ends inside " + what, e);
    }
  }
}
