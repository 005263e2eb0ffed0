package org.voicegender.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
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

/**
 * Batch inference on Spark: a trained model (its file's bytes broadcast) over the feature job's
 * Parquet, one prediction per utterance (gender, P(male), each window's P(male)) written as
 * Parquet under {@code <output>/predictions}. Only rows extracted with the model's own feature
 * settings are used; the model removes each recording's mean and standardises as its training did.
 */
public final class SparkPredictionJob {
  private SparkPredictionJob() {}

  /**
   * @param features the feature job's {@code <output>/features}
   * @param model a model file ({@code voicegender train}); any Hadoop URI
   * @param output folder of the predictions (replaced)
   * @param subsets subsets to predict (empty: all)
   */
  public record Options(String features, String model, String output, List<String> subsets) {
    public Options {
      if (features == null || model == null || output == null) {
        throw new IllegalArgumentException("spark-predict needs features, a model and an output");
      }
      subsets = List.copyOf(subsets);
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
    Broadcast<byte[]> shared =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
    JavaRDD<Row> predicted = rows
        .select("utterance_id", "window", "speaker", "subset", "gender", "n_mfcc", "frames", "mfcc",
            "source_path")
        .repartition(col("utterance_id"))
        .sortWithinPartitions("utterance_id", "window")
        .javaRDD()
        .mapPartitions(new UtterancePredictor(shared));
    Path out = new Path(new Path(o.output()), "predictions");
    spark.createDataFrame(predicted, PredictionRows.SCHEMA)
        .write().mode(SaveMode.Overwrite).parquet(out.toString());
    Dataset<Row> written = spark.read().parquet(out.toString());
    long utterances = written.count();
    long correct = written.where(col("predicted").equalTo(col("gender"))).count();
    return new Result(out.toString(), utterances, windows, (double) correct / utterances,
        Duration.ofNanos(System.nanoTime() - start));
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
