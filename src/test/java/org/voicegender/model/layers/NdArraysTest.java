package org.voicegender.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NdArraysTest {
  private static INDArray counting(DataType type, long... shape) {
    return Nd4j.linspace(1, Math.toIntExact(org.nd4j.linalg.api.shape.Shape.lengthOf(shape)),
        Math.toIntExact(org.nd4j.linalg.api.shape.Shape.lengthOf(shape)), type).reshape('c', shape);
  }

  /** What ND4J's own (slow) path reads. */
  private static double[] reference(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  @Test
  void floatsHoldTheValuesInCOrder() {
    INDArray a = NdArrays.floats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertEquals(DataType.FLOAT, a.dataType());
    assertEquals(6f, a.getFloat(1, 2));
    assertEquals(2f, a.getFloat(0, 1));
    assertThrows(IllegalArgumentException.class, () -> NdArrays.floats(new float[5], 2, 3));
  }

  @Test
  void gathersRowsIntoDenseArraysViewsAndOtherLayouts() {
    float[] from = new float[5 * 3];
    for (int i = 0; i < from.length; i++) {
      from[i] = i;
    }
    int[] idx = {4, 0, 4, 2};
    float[] expected = {12, 13, 14, 0, 1, 2, 12, 13, 14, 6, 7, 8};
    INDArray dense = Nd4j.createUninitialized(DataType.FLOAT, new long[] {4, 3}, 'c');
    NdArrays.gatherRows(dense, from, 3, idx);
    assertArrayEquals(expected, dense.data().asFloat());
    INDArray m = Nd4j.zeros(DataType.FLOAT, 3, 4, 3);
    NdArrays.gatherRows(m.get(NDArrayIndex.point(1)), from, 3, idx); // a dense view at offset 12
    assertArrayEquals(expected, NdArrays.toFloats(m.get(NDArrayIndex.point(1))));
    assertEquals(0f, m.sumNumber().floatValue() - dense.sumNumber().floatValue());
    INDArray f = Nd4j.create(DataType.FLOAT, new long[] {4, 3}, 'f');
    NdArrays.gatherRows(f, from, 3, idx);
    assertArrayEquals(expected, NdArrays.toFloats(f));
    assertThrows(IllegalArgumentException.class, () -> NdArrays.gatherRows(dense, from, 3, new int[] {1}));
  }

  @Test
  void readsDenseArraysViewsWithOffsetsStridedViewsAndOtherTypes() {
    INDArray m = counting(DataType.FLOAT, 4, 3, 5);
    INDArray row = m.get(NDArrayIndex.point(2)); // dense, offset 30
    INDArray strided = m.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()); // not dense
    INDArray fOrder = m.dup('f');
    for (INDArray a : new INDArray[] {m, row, strided, fOrder, m.castTo(DataType.DOUBLE), m.permute(0, 2, 1)}) {
      assertArrayEquals(reference(a), NdArrays.toDoubles(a), 0.0, a.shapeInfoToString());
      float[] f = NdArrays.toFloats(a);
      double[] r = reference(a);
      for (int i = 0; i < f.length; i++) {
        assertEquals(r[i], f[i], 0.0);
      }
    }
  }

  @Test
  void assignsIntoViewsWithoutTouchingTheirNeighbours() {
    INDArray m = Nd4j.zeros(DataType.FLOAT, 4, 6);
    INDArray row = m.getRow(1); // dense view at offset 6
    NdArrays.assign(row, new double[] {1, 2, 3, 4, 5, 6});
    INDArray column = m.getColumn(4); // strided view
    NdArrays.assign(column, new double[] {-1, -2, -3, -4});
    assertArrayEquals(new float[] {0, 0, 0, 0, -1, 0}, m.getRow(0).toFloatVector());
    assertArrayEquals(new float[] {1, 2, 3, 4, -2, 6}, m.getRow(1).toFloatVector());
    assertArrayEquals(new float[] {0, 0, 0, 0, -4, 0}, m.getRow(3).toFloatVector());
    INDArray d = Nd4j.zeros(DataType.DOUBLE, 2, 2);
    NdArrays.assign(d, new double[] {0.1, 0.2, 0.3, 0.4});
    assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, d.data().asDouble(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> NdArrays.assign(m, new double[3]));
  }

  /** DL4J's parameter and gradient views: F-order matrices over a run of a flattened row vector. */
  @Test
  void readsAndWritesFOrderMatrixViewsOfAFlatVector() {
    INDArray flat = counting(DataType.FLOAT, 1, 40);
    INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(6, 30)).reshape('f', 4, 6);
    assertEquals('f', view.ordering());
    assertArrayEquals(reference(view), NdArrays.toDoubles(view), 0.0);
    double[] values = new double[24];
    for (int i = 0; i < values.length; i++) {
      values[i] = 100 + i;
    }
    NdArrays.assign(view, values);
    assertArrayEquals(values, reference(view), 0.0);
    assertEquals(6f, flat.getFloat(0, 5), 1e-4); // neighbours untouched
    assertEquals(31f, flat.getFloat(0, 30), 1e-4);
    assertEquals(100f, flat.getFloat(0, 6)); // element (0, 0) first, then (1, 0): column by column
    assertEquals(106f, flat.getFloat(0, 7));
    INDArray vector = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(30, 34)); // a bias view
    NdArrays.assign(vector, new double[] {-1, -2, -3, -4});
    assertArrayEquals(new double[] {-1, -2, -3, -4}, NdArrays.toDoubles(vector), 0.0);
    assertEquals(-1f, flat.getFloat(0, 30));
  }

  @Test
  void readsAndWritesFOrderArraysOfHigherRank() {
    // as the flatten vertex's 'f' reshape hands the LSTM its epsilon: [batch, units, steps]
    INDArray f = counting(DataType.FLOAT, 3, 40).reshape('f', 3, 8, 5);
    assertEquals('f', f.ordering());
    assertArrayEquals(reference(f), NdArrays.toDoubles(f), 0.0);
    float[] values = new float[120];
    for (int i = 0; i < values.length; i++) {
      values[i] = -i;
    }
    INDArray target = Nd4j.create(DataType.FLOAT, new long[] {2, 3, 4, 5}, 'f');
    NdArrays.assign(target, java.util.Arrays.copyOf(values, 120));
    assertArrayEquals(reference(Nd4j.createFromArray(values).reshape('c', 2, 3, 4, 5)), reference(target), 0.0);
  }

  @Test
  void worksOnWorkspaceArrays() {
    WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "NdArraysTest")) {
      Nd4j.createUninitialized(DataType.FLOAT, 7); // something before, so the next array starts inside the workspace
      INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 2, 3);
      NdArrays.assign(a, new double[] {6, 5, 4, 3, 2, 1});
      assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, a.reshape(6).toFloatVector());
      assertArrayEquals(new double[] {6, 5, 4, 3, 2, 1}, NdArrays.toDoubles(a), 0.0);
    }
  }
}
