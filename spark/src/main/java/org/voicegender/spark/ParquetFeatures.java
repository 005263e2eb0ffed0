package org.voicegender.spark;

import static org.apache.spark.sql.functions.col;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.voicegender.corpus.Gender;
import org.voicegender.corpus.Utterance;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.WindowDataset;

/**
 * The Spark job's Parquet as a feature source for training and evaluation on one machine: the
 * usable recordings' windows as a {@link WindowDataset}, utterances in id order and windows in
 * order, as the local feature job gives them, so a model takes them through {@code
 * TrainedModel.inputs} like any others.
 */
public final class ParquetFeatures {
  private ParquetFeatures() {}

  /**
   * The windows under {@code featuresDir} (the job's {@code <output>/features}) of the given
   * subsets (all when empty).
   *
   * @throws IllegalArgumentException when rows were extracted with other feature settings than
   *     {@code config} (a rerun with other settings that did not finish)
   */
  public static WindowDataset load(SparkSession spark, String featuresDir, FeatureConfig config,
      Collection<String> subsets) {
    Dataset<Row> rows = SparkFeatureJob.read(spark, new org.apache.hadoop.fs.Path(featuresDir))
        .where(col("status").equalTo(FeatureRows.OK));
    if (!subsets.isEmpty()) {
      rows = rows.where(col("subset").isin(subsets.toArray()));
    }
    String fingerprint = config.fingerprint();
    long other = rows.where(col("config_fingerprint").notEqual(fingerprint)).count();
    if (other > 0) {
      throw new IllegalArgumentException(featuresDir + ": " + other + " windows were extracted with"
          + " other feature settings than " + fingerprint + " (" + config.toJson() + "); run"
          + " spark-features with these settings to finish the output");
    }
    List<Utterance> utterances = new ArrayList<>();
    List<float[][][]> windows = new ArrayList<>();
    List<float[][]> current = new ArrayList<>();
    Iterator<Row> it = rows.orderBy("utterance_id", "window").toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      String id = r.getString(r.fieldIndex("utterance_id"));
      if (utterances.isEmpty() || !utterances.get(utterances.size() - 1).id().equals(id)) {
        if (!utterances.isEmpty()) {
          windows.add(current.toArray(new float[0][][]));
          current = new ArrayList<>();
        }
        utterances.add(utterance(r));
      }
      current.add(FeatureRows.window(r));
    }
    if (!utterances.isEmpty()) {
      windows.add(current.toArray(new float[0][][]));
    }
    return WindowDataset.of(utterances, windows, config);
  }

  private static Utterance utterance(Row r) {
    return new Utterance(r.getString(r.fieldIndex("utterance_id")), r.getInt(r.fieldIndex("speaker")),
        r.getInt(r.fieldIndex("chapter")), r.getString(r.fieldIndex("subset")),
        Gender.fromCode(r.getString(r.fieldIndex("gender"))),
        localPath(r.getString(r.fieldIndex("source_path"))),
        r.getDouble(r.fieldIndex("duration_seconds")));
  }

  /** A {@code file:} URI as a local path; any other URI as its text. */
  static Path localPath(String uri) {
    URI u = URI.create(uri.replace(" ", "%20"));
    return "file".equals(u.getScheme()) ? Path.of(u) : Path.of(uri);
  }
}
