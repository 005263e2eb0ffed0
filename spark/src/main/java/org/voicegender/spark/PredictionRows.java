package org.voicegender.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The batch-inference job's Parquet rows: one per utterance. */
public final class PredictionRows {
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("utterance_id", DataTypes.StringType, false),
            DataTypes.createStructField("speaker", DataTypes.IntegerType, false),
            DataTypes.createStructField("subset", DataTypes.StringType, false),
            DataTypes.createStructField("gender", DataTypes.StringType, false),
            DataTypes.createStructField("predicted", DataTypes.StringType, false),
            DataTypes.createStructField("p_male", DataTypes.DoubleType, false),
            DataTypes.createStructField("windows", DataTypes.IntegerType, false),
            DataTypes.createStructField(
                "window_p_male", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
            DataTypes.createStructField("source_path", DataTypes.StringType, false)
          });

  private PredictionRows() {}
}
