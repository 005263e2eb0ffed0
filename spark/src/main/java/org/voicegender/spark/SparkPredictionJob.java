package org.voicegender.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.WindowDataset;
import org.voicegender.quant.QuantizationJobs;

/**
 * Batch inference on Spark: a trained model (its file's bytes broadcast) over the feature job's
 * Parquet, one prediction per utterance (gender, P(male), each window's P(male)) written as
 * Parquet under {@code <output>/predictions}; or the integer golden model of it ({@link
 * Options#goldenBits()}). Only rows extracted with the model's own feature
 * settings are used; the model removes each recording's mean and standardises as its training did.
 */
public final class SparkPredictionJob {
  private SparkPredictionJob() {}

  /**
   * @param features the feature job's {@code <output>/features}
   * @param model a model file ({@code voicegender train}); any Hadoop URI
   * @param output folder of the predictions (replaced)
   * @param subsets subsets to predict (empty: all)
   * @param goldenBits 0: the trained float network; N: the integer golden model with N-bit
   *     weights and activations, calibrated on the driver on the model's training readers
   */
  public record Options(String features, String model, String output, List<String> subsets,
      int goldenBits) {
    public Options {
      if (features == null || model == null || output == null) {
        throw new IllegalArgumentException("spark-predict needs features, a model and an output");
      }
      if (goldenBits < 0 || goldenBits == 1 || goldenBits > 16) {
        throw new IllegalArgumentException("golden-model bits must be 0 (float) or 2 to 16, got "
            + goldenBits);
      }
      subsets = List.copyOf(subsets);
    }

    /** The trained float network. */
    public Options(String features, String model, String output, List<String> subsets) {
      this(features, model, output, subsets, 0);
    }
  }

  /**
   * What a run did.
   *
   * @param accuracy share of utterances whose predicted gender is SPEAKERS.TXT's
   */
  public record Result(String predictions, long utterances, long windows, double accuracy,
      Duration elapsed) {}

  public static Result run(SparkSession spark, Options o) throws IOException {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    byte[] bytes = readAll(new Path(o.model()), conf);
    TrainedModel model = UtterancePredictor.load(bytes);
    String fingerprint = model.features().fingerprint();
    Dataset<Row> rows = SparkFeatureJob.read(spark, new Path(o.features()))
        .where(col("status").equalTo(FeatureRows.OK));
    if (!o.subsets().isEmpty()) {
      rows = rows.where(col("subset").isin(o.subsets().toArray()));
    }
    rows = rows.where(col("config_fingerprint").equalTo(fingerprint));
    long windows = rows.count();
    if (windows == 0) {
      throw new IOException(o.features() + " holds no windows extracted with the model's feature"
          + " settings " + fingerprint + " (" + model.features().toJson() + "); run spark-features"
          + " with them first");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> shared = jsc.broadcast(bytes);
    Broadcast<HashMap<String, Double>> ranges = o.goldenBits() == 0 ? null
        : jsc.broadcast(calibrationRanges(spark, o, model));
    JavaRDD<Row> predicted = rows
        .select("utterance_id", "window", "speaker", "subset", "gender", "n_mfcc", "frames", "mfcc",
            "source_path")
        .repartition(col("utterance_id"))
        .sortWithinPartitions("utterance_id", "window")
        .javaRDD()
        .mapPartitions(new UtterancePredictor(shared, o.goldenBits(), ranges));
    Path out = new Path(new Path(o.output()), "predictions");
    spark.createDataFrame(predicted, PredictionRows.SCHEMA)
        .write().mode(SaveMode.Overwrite).parquet(out.toString());
    Dataset<Row> written = spark.read().parquet(out.toString());
    long utterances = written.count();
    long correct = written.where(col("predicted").equalTo(col("gender"))).count();
    return new Result(out.toString(), utterances, windows, (double) correct / utterances,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The golden model's calibration ranges, measured on the driver as {@code voicegender quantize}
   * measures them: on the windows of the readers the model trained on (all of the features' usable
   * windows are loaded for it).
   */
  static HashMap<String, Double> calibrationRanges(SparkSession spark, Options o, TrainedModel model) {
    WindowDataset data = ParquetFeatures.load(spark, o.features(), model.features(), o.subsets());
    return new HashMap<>(QuantizationJobs.prepare(model, data, model.training().seed()).ranges());
  }

  private static byte[] readAll(Path file, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.isFile(file)) {
      throw new IOException(file + ": no such model file");
    }
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    }
  }
}
