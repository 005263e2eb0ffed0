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
import org.voicegender.features.NoSpeechException;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.Predictor;
import org.voicegender.model.TrainedModel;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.QuantizationSpec;

/**
 * The batch-inference job's {@code mapPartitions} step: the model file's broadcast bytes loaded
 * once per partition, then each utterance's windows (rows sorted by utterance and window) through
 * {@link TrainedModel#maleProbabilities(float[][][])} and {@link Predictor#vote} (the windows with
 * speech, the recipe's utterance score), as {@code voicegender predict} does for a file; or through the integer golden model at {@code bits}-bit
 * weights and activations, its formats calibrated from the driver's ranges exactly as {@code
 * voicegender quantize} calibrates them.
 */
final class UtterancePredictor implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;
  private final Broadcast<byte[]> modelBytes;
  private final int goldenBits;
  private final Broadcast<java.util.HashMap<String, Double>> ranges;

  /**
   * @param goldenBits 0 for the trained float network, else the golden model's bits
   * @param ranges the golden model's calibration ranges (null for the float network)
   */
  UtterancePredictor(Broadcast<byte[]> modelBytes, int goldenBits,
      Broadcast<java.util.HashMap<String, Double>> ranges) {
    this.modelBytes = modelBytes;
    this.goldenBits = goldenBits;
    this.ranges = ranges;
  }

  /** P(male) of each window of one recording as extracted. */
  interface Engine {
    double[] maleProbabilities(float[][][] recording);
  }

  /** The engine the job asked for, built once per partition. */
  private Engine engine(TrainedModel model) {
    if (goldenBits == 0) {
      return model::maleProbabilities;
    }
    GoldenModel golden = golden(model, goldenBits, ranges.value());
    NetworkWeights weights = NetworkWeights.of(model);
    return recording -> {
      float[][][] prepared = model.prepare(recording);
      double[] p = new double[prepared.length];
      for (int w = 0; w < p.length; w++) {
        p[w] = golden.maleProbability(golden.scores(golden.inputCodes(prepared[w], weights.normalizer())));
      }
      return p;
    };
  }

  /** The golden model at {@code bits}-bit weights and activations for calibration {@code ranges}. */
  static GoldenModel golden(TrainedModel model, int bits, java.util.Map<String, Double> ranges) {
    NetworkWeights weights = NetworkWeights.of(model);
    QuantizationPlan plan = QuantizationPlan.calibrate(QuantizationSpec.of(bits, bits), weights, ranges);
    return new GoldenModel(weights, plan, GenderNetwork.lstmFunctions(model.graph()));
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) throws IOException {
    if (!rows.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    TrainedModel model = load(modelBytes.value());
    Engine engine = engine(model);
    List<Row> out = new ArrayList<>();
    List<Row> utterance = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      if (!utterance.isEmpty() && !id(utterance.get(0)).equals(id(r))) {
        out.add(predict(model, engine, utterance));
        utterance.clear();
      }
      utterance.add(r);
    }
    out.add(predict(model, engine, utterance));
    return out.iterator();
  }

  private static String id(Row r) {
    return r.getString(r.fieldIndex("utterance_id"));
  }

  private static Row predict(TrainedModel model, Engine engine, List<Row> windows) {
    float[][][] x = new float[windows.size()][][];
    for (int w = 0; w < x.length; w++) {
      x[w] = FeatureRows.window(windows.get(w));
    }
    Row first = windows.get(0);
    String source = first.getString(first.fieldIndex("source_path"));
    String predicted = null;
    Double male = null;
    double[] voting = new double[0];
    try {
      // The windows with speech vote, as in voicegender predict (one code path: Predictor.vote).
      Predictor.Prediction p =
          Predictor.vote(model, Path.of(source), x, engine.maleProbabilities(x));
      predicted = p.gender().code();
      male = p.gender() == Gender.MALE ? p.probability() : 1 - p.probability();
      voting = p.windowMale();
    } catch (NoSpeechException e) {
      // No window holds speech: no answer, and the row says so by its nulls.
    }
    return RowFactory.create(id(first), first.getInt(first.fieldIndex("speaker")),
        first.getString(first.fieldIndex("subset")), first.getString(first.fieldIndex("gender")),
        predicted, male, voting.length, x.length, voting, source);
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
