package org.voicegender.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The batch-inference job's Parquet rows: one per utterance. {@code windows} and {@code
 * window_p_male} are the windows with speech, which vote (as {@code voicegender predict}); {@code
 * all_windows} counts every window; {@code predicted} and {@code p_male} are null when no window
 * holds speech.
 */
public final class PredictionRows {
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("utterance_id", DataTypes.StringType, false),
            DataTypes.createStructField("speaker", DataTypes.IntegerType, false),
            DataTypes.createStructField("subset", DataTypes.StringType, false),
            DataTypes.createStructField("gender", DataTypes.StringType, false),
            DataTypes.createStructField("predicted", DataTypes.StringType, true),
            DataTypes.createStructField("p_male", DataTypes.DoubleType, true),
            DataTypes.createStructField("windows", DataTypes.IntegerType, false),
            DataTypes.createStructField("all_windows", DataTypes.IntegerType, false),
            DataTypes.createStructField(
                "window_p_male", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
            DataTypes.createStructField("source_path", DataTypes.StringType, false)
          });

  private PredictionRows() {}
}
