package org.voicegender.model.layers;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between INDArrays and Java arrays in bulk. ND4J's own ways cost more than this
 * network's layers: {@code Nd4j.create(float[], ...)} writes element by element, and reading
 * through {@code toFlattened}, {@code castTo} and {@code dup} runs a native op and allocates an
 * array at each step. Float arrays laid out densely in C order are read and written through
 * their native buffer; anything else (other types, views with strides) takes ND4J's path, with
 * the same values.
 */
public final class NdArrays {
  private NdArrays() {}

  /** A new float array of {@code shape} (C order) holding {@code values}. */
  public static INDArray floats(float[] values, long... shape) {
    if (values.length != Shape.lengthOf(shape)) {
      throw new IllegalArgumentException(values.length + " values for shape " + java.util.Arrays.toString(shape));
    }
    INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    buffer(a).put(values);
    return a;
  }

  /** The elements of {@code a} in C order, as floats. */
  public static float[] toFloats(INDArray a) {
    return toFloats(a, null);
  }

  /** The elements of {@code a} in C order, as floats, in {@code into} when it has their number. */
  public static float[] toFloats(INDArray a, float[] into) {
    int n = Math.toIntExact(a.length());
    float[] out = reuse(into, n);
    switch (layout(a)) {
      case DENSE_C -> buffer(a).get(out);
      case DENSE_F -> {
        float[] columnMajor = new float[n];
        buffer(a).get(columnMajor);
        fortranToC(columnMajor, a.shape(), out, true);
      }
      default -> buffer(a.dataType() == DataType.FLOAT ? a.dup('c') : a.castTo(DataType.FLOAT).dup('c')).get(out);
    }
    return out;
  }

  /** The elements of {@code a} in C order, as doubles (float elements widened exactly). */
  public static double[] toDoubles(INDArray a) {
    return toDoubles(a, null);
  }

  /**
   * The elements of {@code a} in C order, as doubles (float elements widened exactly), in {@code
   * into} when it has their number.
   */
  public static double[] toDoubles(INDArray a, double[] into) {
    int n = Math.toIntExact(a.length());
    double[] out = reuse(into, n);
    if (a.dataType() != DataType.FLOAT) {
      INDArray d = a.castTo(DataType.DOUBLE).dup('c');
      d.data().asNioDouble().position(Math.toIntExact(d.offset())).get(out);
      return out;
    }
    if (layout(a) == Layout.DENSE_C) {
      FloatBuffer b = buffer(a);
      for (int i = 0; i < n; i++) {
        out[i] = b.get();
      }
      return out;
    }
    float[] f = toFloats(a, null);
    for (int i = 0; i < n; i++) {
      out[i] = f[i];
    }
    return out;
  }

  /**
   * Writes {@code values} (C order) into {@code target} in place, rounded to its data type;
   * {@code target} may be a view (a gradient view of the flattened gradients, say).
   */
  public static void assign(INDArray target, double[] values) {
    checkLength(target, values.length);
    if (layout(target) == Layout.DENSE_C) {
      FloatBuffer b = buffer(target);
      for (double v : values) {
        b.put((float) v);
      }
      return;
    }
    if (target.dataType() == DataType.FLOAT) {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      assign(target, f);
      return;
    }
    target.assign(Nd4j.createFromArray(values).reshape('c', target.shape()).castTo(target.dataType()));
  }

  /** {@code buffer} when it has {@code length} elements (its old values stay), else a new array. */
  public static float[] reuse(float[] buffer, int length) {
    return buffer != null && buffer.length == length ? buffer : new float[length];
  }

  /** {@code buffer} when it has {@code length} elements (its old values stay), else a new array. */
  public static double[] reuse(double[] buffer, int length) {
    return buffer != null && buffer.length == length ? buffer : new double[length];
  }

  /** Writes {@code values} (C order) into {@code target} in place, converted to its data type. */
  /**
   * {@code target}'s rows of {@code stride} floats, {@code target[i] = from[idx[i]]} (a gather of
   * examples), copied straight into its buffer when it is a dense float array in C order.
   */
  public static void gatherRows(INDArray target, float[] from, int stride, int[] idx) {
    checkLength(target, idx.length * stride);
    if (layout(target) != Layout.DENSE_C) {
      float[] rows = new float[idx.length * stride];
      for (int i = 0; i < idx.length; i++) {
        System.arraycopy(from, idx[i] * stride, rows, i * stride, stride);
      }
      assign(target, rows);
      return;
    }
    FloatBuffer b = buffer(target);
    int at = b.position();
    for (int i = 0; i < idx.length; i++) {
      b.put(at + i * stride, from, idx[i] * stride, stride);
    }
  }

  public static void assign(INDArray target, float[] values) {
    checkLength(target, values.length);
    switch (layout(target)) {
      case DENSE_C -> buffer(target).put(values);
      case DENSE_F -> {
        float[] columnMajor = new float[values.length];
        fortranToC(columnMajor, target.shape(), values, false);
        buffer(target).put(columnMajor);
      }
      default -> target.assign(Nd4j.createFromArray(values).reshape('c', target.shape()).castTo(target.dataType()));
    }
  }

  /**
   * The elements of a rank-3 array {@code a [outer, inner, n]} into rows of {@code rowLength}
   * floats: {@code a[e][r][t]} at {@code into[(e·innerPadded + r)·rowLength + rowOffset + t]}; the
   * rest of {@code into} is left as it is.
   */
  public static void toRows(INDArray a, float[] into, int outer, int inner, int innerPadded, int rowLength,
      int rowOffset) {
    int n = (int) a.size(2);
    checkRows(a, outer, inner, n, into.length, innerPadded, rowLength, rowOffset);
    FloatBuffer b;
    if (layout(a) == Layout.DENSE_C && a.ordering() == 'c') {
      b = buffer(a);
    } else {
      b = FloatBuffer.wrap(toFloats(a));
    }
    for (int e = 0; e < outer; e++) {
      for (int r = 0; r < inner; r++) {
        b.get(into, (e * innerPadded + r) * rowLength + rowOffset, n);
      }
    }
  }

  /**
   * Writes rows of {@code rowLength} floats into a rank-3 array {@code target [outer, inner, n]}:
   * {@code target[e][r][t] = from[(e·innerPadded + r)·rowLength + t]}.
   */
  public static void fromRows(INDArray target, float[] from, int outer, int inner, int innerPadded, int rowLength) {
    int n = (int) target.size(2);
    checkRows(target, outer, inner, n, from.length, innerPadded, rowLength, 0);
    if (layout(target) == Layout.DENSE_C && target.ordering() == 'c') {
      FloatBuffer b = buffer(target);
      for (int e = 0; e < outer; e++) {
        for (int r = 0; r < inner; r++) {
          b.put(from, (e * innerPadded + r) * rowLength, n);
        }
      }
      return;
    }
    float[] values = new float[outer * inner * n];
    for (int e = 0; e < outer; e++) {
      for (int r = 0; r < inner; r++) {
        System.arraycopy(from, (e * innerPadded + r) * rowLength, values, (e * inner + r) * n, n);
      }
    }
    assign(target, values);
  }

  private static void checkRows(INDArray a, int outer, int inner, int n, int rows, int innerPadded, int rowLength,
      int rowOffset) {
    if (a.rank() != 3 || a.size(0) != outer || a.size(1) != inner || innerPadded < inner
        || rowOffset + n > rowLength || (long) outer * innerPadded * rowLength > rows) {
      throw new IllegalArgumentException("array of shape " + java.util.Arrays.toString(a.shape()) + " for rows of "
          + rowLength + " floats (from " + rowOffset + ") of [" + outer + ", " + innerPadded + "] in " + rows);
    }
  }

  /**
   * The elements of a dense float array in its buffer's order (C or Fortran as the array has
   * it): a parameter view read the way DL4J's native ops read it.
   */
  public static float[] bufferFloats(INDArray a, float[] into) {
    requireDense(a);
    float[] out = reuse(into, Math.toIntExact(a.length()));
    buffer(a).get(out);
    return out;
  }

  /** Writes a dense float array's buffer range: the inverse of {@link #bufferFloats}. */
  public static void assignBuffer(INDArray a, float[] values) {
    requireDense(a);
    checkLength(a, values.length);
    buffer(a).put(values);
  }

  /**
   * Whether {@code a}'s elements fill its buffer from its offset without gaps, in C order ({@code
   * c}) or Fortran order, axes of size 1 whatever their stride (DL4J's weight views have some).
   */
  private static boolean contiguous(INDArray a, boolean c) {
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expected = 1;
    for (int k = 0; k < shape.length; k++) {
      int d = c ? shape.length - 1 - k : k;
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  private static void requireDense(INDArray a) {
    if (a.dataType() != DataType.FLOAT || !(contiguous(a, true) || contiguous(a, false))) {
      throw new IllegalArgumentException("not a dense float array: " + a.shapeInfoToString());
    }
  }

  private static void checkLength(INDArray target, int values) {
    if (values != target.length()) {
      throw new IllegalArgumentException(values + " values for an array of " + target.length());
    }
  }

  /**
   * Moves elements between an array's Fortran-order buffer ({@code f}) and its C-order elements
   * ({@code c}) for the given shape: {@code f → c} when {@code toC}, else {@code c → f}.
   */
  private static void fortranToC(float[] f, long[] shape, float[] c, boolean toC) {
    int rank = shape.length;
    if (rank == 2) { // a transpose: the flatten vertex's [batch, features], the dense weights
      int rows = (int) shape[0];
      int cols = (int) shape[1];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          if (toC) {
            c[i * cols + j] = f[j * rows + i];
          } else {
            f[j * rows + i] = c[i * cols + j];
          }
        }
      }
      return;
    }
    int[] fStride = new int[rank];
    for (int d = 0, s = 1; d < rank; d++) {
      fStride[d] = s;
      s *= (int) shape[d];
    }
    int[] index = new int[rank];
    int fi = 0;
    for (int ci = 0; ci < c.length; ci++) {
      if (toC) {
        c[ci] = f[fi];
      } else {
        f[fi] = c[ci];
      }
      // next C-order index: the last axis runs fastest
      for (int d = rank - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          fi += fStride[d];
          break;
        }
        fi -= (index[d] - 1) * fStride[d];
        index[d] = 0;
      }
    }
  }

  /** How an array's elements lie in its buffer, as far as bulk copies care. */
  private enum Layout {
    /** Float, C order, default strides: one run of the buffer from the array's offset, in C order. */
    DENSE_C,
    /**
     * Float, F order, default strides (DL4J's weight views, its 'f' reshapes): one run, the first
     * axis fastest.
     */
    DENSE_F,
    /** Anything else: copied through ND4J. */
    OTHER
  }

  private static Layout layout(INDArray a) {
    if (a.dataType() != DataType.FLOAT || a.isEmpty() || a.length() == 0 || !Shape.hasDefaultStridesForShape(a)) {
      return Layout.OTHER;
    }
    if (a.ordering() == 'c' || a.rank() <= 1) {
      return Layout.DENSE_C;
    }
    return Layout.DENSE_F;
  }

  /** The array's elements as a float buffer positioned at its first one, limited to its length. */
  private static FloatBuffer buffer(INDArray a) {
    FloatBuffer b = a.data().asNioFloat();
    int from = Math.toIntExact(a.offset());
    b.position(from);
    b.limit(from + Math.toIntExact(a.length()));
    return b;
  }
}
