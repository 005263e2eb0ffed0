package org.voicegender.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.voicegender.corpus.Gender;
import org.voicegender.model.TrainedModel;

/**
 * The batch-inference job's {@code mapPartitions} step: the model file's broadcast bytes loaded
 * once per partition, then each utterance's windows (rows sorted by utterance and window) through
 * {@link TrainedModel#maleProbabilities(float[][][])} and the recipe's utterance score, as {@code
 * voicegender predict} does for a file.
 */
final class UtterancePredictor implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;
  private final Broadcast<byte[]> modelBytes;

  UtterancePredictor(Broadcast<byte[]> modelBytes) {
    this.modelBytes = modelBytes;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) throws IOException {
    if (!rows.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    TrainedModel model = load(modelBytes.value());
    List<Row> out = new ArrayList<>();
    List<Row> utterance = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      if (!utterance.isEmpty() && !id(utterance.get(0)).equals(id(r))) {
        out.add(predict(model, utterance));
        utterance.clear();
      }
      utterance.add(r);
    }
    out.add(predict(model, utterance));
    return out.iterator();
  }

  private static String id(Row r) {
    return r.getString(r.fieldIndex("utterance_id"));
  }

  private static Row predict(TrainedModel model, List<Row> windows) {
    float[][][] x = new float[windows.size()][][];
    for (int w = 0; w < x.length; w++) {
      x[w] = FeatureRows.window(windows.get(w));
    }
    double[] p = model.maleProbabilities(x);
    double male = model.training().utteranceScore().combine(p);
    Row first = windows.get(0);
    return RowFactory.create(id(first), first.getInt(first.fieldIndex("speaker")),
        first.getString(first.fieldIndex("subset")), first.getString(first.fieldIndex("gender")),
        (male >= 0.5 ? Gender.MALE : Gender.FEMALE).code(), male, x.length, p,
        first.getString(first.fieldIndex("source_path")));
  }

  /** A model file's bytes as a model (ModelSerializer reads files, so through a temporary one). */
  static TrainedModel load(byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile("voicegender-model", ".zip");
    try {
      Files.write(tmp, bytes);
      return TrainedModel.load(tmp);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
