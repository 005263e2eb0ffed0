package org.voicegender.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0 written, 1.0–3.0 read) for C-order little-endian
 * float32, float64 and int16 arrays: what the feature cache stores and the golden files hold.
 * Spec: numpy.lib.format.
 */
public final class NpyFile {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** An array read from a file: its shape and its values widened to double. */
  public record Array(int[] shape, double[] data) {
    public int size() {
      return data.length;
    }

    public float[] toFloats() {
      float[] out = new float[data.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) data[i];
      }
      return out;
    }
  }

  private NpyFile() {}

  /** The bytes of a float32 array of the given shape (C order). */
  public static byte[] float32Bytes(float[] data, int... shape) {
    checkShape(data.length, shape);
    byte[] header = header("<f4", shape);
    ByteBuffer out =
        ByteBuffer.allocate(header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(header);
    out.asFloatBuffer().put(data);
    return out.array();
  }

  /** Writes a float32 array (not atomically; see {@link FeatureCache} for that). */
  public static void writeFloat32(Path file, float[] data, int... shape) throws IOException {
    Files.write(file, float32Bytes(data, shape));
  }

  private static int dimension(String text, String name) {
    try {
      int d = Integer.parseInt(text);
      if (d < 0) {
        throw new NumberFormatException("negative");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new java.io.UncheckedIOException(
          new IOException(name + ": shape dimension '" + text + "' is not a count"));
    }
  }

  public static Array read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /**
   * Parses an .npy image; {@code name} is used in error messages. Throws {@link IOException} on
   * anything that is not a complete array of a supported type.
   */
  public static Array parse(byte[] bytes, String name) throws IOException {
    try {
      return parseChecked(bytes, name);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Array parseChecked(byte[] bytes, String name) throws IOException {
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new IOException(name + ": not a .npy file (bad magic)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int major = bytes[6];
    int headerLength;
    int start;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(in.getShort(8));
      start = 10;
    } else if (major == 2 || major == 3) {
      headerLength = in.getInt(8);
      start = 12;
    } else {
      throw new IOException(name + ": unsupported .npy version " + major);
    }
    if (headerLength < 0 || start + headerLength > bytes.length) {
      throw new IOException(name + ": truncated .npy header");
    }
    String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, name, "descr");
    if (!group(FORTRAN, header, name, "fortran_order").equals("False")) {
      throw new IOException(name + ": Fortran-order arrays are not supported");
    }
    int[] shape =
        Arrays.stream(group(SHAPE, header, name, "shape").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToInt(d -> dimension(d, name))
            .toArray();
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    int itemSize =
        switch (descr) {
          case "<f4" -> 4;
          case "<f8" -> 8;
          case "<i2" -> 2;
          default -> throw new IOException(name + ": unsupported dtype " + descr);
        };
    int dataStart = start + headerLength;
    long expected = dataStart + count * itemSize;
    if (bytes.length != expected) {
      throw new IOException(
          name + ": " + bytes.length + " bytes, expected " + expected + " for shape "
              + Arrays.toString(shape) + " " + descr + " (truncated or padded)");
    }
    double[] data = new double[(int) count];
    in.position(dataStart);
    for (int i = 0; i < data.length; i++) {
      data[i] =
          switch (itemSize) {
            case 4 -> in.getFloat();
            case 8 -> in.getDouble();
            default -> in.getShort();
          };
    }
    return new Array(shape, data);
  }

  private static byte[] header(String descr, int[] shape) {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      dims.append(d).append(", ");
    }
    if (shape.length > 1) {
      dims.setLength(dims.length() - 2);
    } else if (shape.length == 1) {
      dims.setLength(dims.length() - 1);
    }
    String dict =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims.toString().trim()
            + "), }";
    int total = 10 + dict.length() + 1;
    int padding = (64 - total % 64) % 64;
    String text = dict + " ".repeat(padding) + "\n";
    ByteBuffer out = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
    out.put(text.getBytes(StandardCharsets.ISO_8859_1));
    return out.array();
  }

  private static String group(Pattern p, String header, String name, String key)
      throws IOException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IOException(name + ": .npy header lacks '" + key + "': " + header.trim());
    }
    return m.group(1);
  }

  private static void checkShape(int length, int[] shape) {
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    if (count != length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + count + " values, got " + length);
    }
  }
}
