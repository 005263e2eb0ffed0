package org.voicegender.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The feature job's Parquet rows: one per MFCC window of a usable recording ({@code status =
 * "ok"}), one per recording that could not be used ({@code status = "error"}, no MFCC, the reason
 * in {@code error}). {@code mfcc} is the window's {@code n_mfcc x frames} matrix row by row
 * (coefficient-major), as float32.
 */
public final class FeatureRows {
  public static final String OK = "ok";
  public static final String ERROR = "error";

  /** Every column, the two partition columns last. */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("utterance_id", DataTypes.StringType, true),
            DataTypes.createStructField("speaker", DataTypes.IntegerType, true),
            DataTypes.createStructField("chapter", DataTypes.IntegerType, true),
            DataTypes.createStructField("gender", DataTypes.StringType, true),
            DataTypes.createStructField("window", DataTypes.IntegerType, true),
            DataTypes.createStructField("n_mfcc", DataTypes.IntegerType, true),
            DataTypes.createStructField("frames", DataTypes.IntegerType, true),
            DataTypes.createStructField(
                "mfcc", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            DataTypes.createStructField("duration_seconds", DataTypes.DoubleType, true),
            DataTypes.createStructField("source_path", DataTypes.StringType, false),
            DataTypes.createStructField("source_bytes", DataTypes.LongType, false),
            DataTypes.createStructField("config_fingerprint", DataTypes.StringType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("error", DataTypes.StringType, true),
            DataTypes.createStructField("subset", DataTypes.StringType, false),
            DataTypes.createStructField("speaker_shard", DataTypes.IntegerType, false)
          });

  private FeatureRows() {}

  /** What is known of a file before it is decoded. */
  public record Source(
      String path,
      long bytes,
      WorkUnit unit,
      String utteranceId,
      Integer speaker,
      Integer chapter,
      String gender,
      String fingerprint) {}

  /** The rows of a recording's windows {@code [window][n_mfcc][frames]}. */
  public static List<Row> windows(Source s, float[][][] windows, double durationSeconds) {
    List<Row> rows = new ArrayList<>(windows.length);
    for (int w = 0; w < windows.length; w++) {
      rows.add(row(s, w, windows[w].length, windows[w][0].length, flatten(windows[w]),
          durationSeconds, OK, null));
    }
    return rows;
  }

  /** The one row of a recording that could not be used. */
  public static Row error(Source s, String problem) {
    return row(s, null, null, null, null, null, ERROR, problem);
  }

  private static Row row(Source s, Integer window, Integer nMfcc, Integer frames, float[] mfcc,
      Double duration, String status, String error) {
    return RowFactory.create(s.utteranceId(), s.speaker(), s.chapter(), s.gender(), window, nMfcc,
        frames, mfcc, duration, s.path(), s.bytes(), s.fingerprint(), status, error,
        s.unit().subset(), s.unit().shard());
  }

  static float[] flatten(float[][] m) {
    int cols = m[0].length;
    float[] out = new float[m.length * cols];
    for (int r = 0; r < m.length; r++) {
      System.arraycopy(m[r], 0, out, r * cols, cols);
    }
    return out;
  }

  /** The window of a row, {@code [n_mfcc][frames]}, from its flat {@code mfcc} column. */
  public static float[][] window(Row row) {
    int n = row.getInt(row.fieldIndex("n_mfcc"));
    int frames = row.getInt(row.fieldIndex("frames"));
    List<Object> flat = row.getList(row.fieldIndex("mfcc"));
    if (flat.size() != n * frames) {
      throw new IllegalArgumentException("row of " + row.getString(row.fieldIndex("source_path"))
          + " window " + row.get(row.fieldIndex("window")) + " holds " + flat.size()
          + " MFCC values, not n_mfcc x frames = " + n + " x " + frames);
    }
    float[][] out = new float[n][frames];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < frames; c++) {
        out[r][c] = (Float) flat.get(r * frames + c);
      }
    }
    return out;
  }
}
