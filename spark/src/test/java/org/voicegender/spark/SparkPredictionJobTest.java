package org.voicegender.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.corpus.SyntheticCorpus;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.Predictor;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.train.TrainingJobs;

/** A model trained on the Spark job's Parquet, then run over it by Spark and by predict. */
class SparkPredictionJobTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Path root;
  static Path modelFile;
  static TrainedModel model;
  static SparkFeatureJob.Result features;

  @BeforeAll
  static void trainOnParquet() throws IOException {
    spark = LocalSpark.session();
    root = SyntheticCorpus.generate(dir.resolve("corpus"), 2, 2, 11);
    TrainingConfig recipe = TrainingConfig.defaults().withEpochs(1);
    FeatureConfig config = TrainingJobs.featuresFor(recipe);
    features = SparkFeatureJob.run(spark, SparkFeatureJob.Options.of(root.toString(),
        dir.resolve("out").toString()).withFeatures(config).withShards(2));
    WindowDataset data = ParquetFeatures.load(spark, features.features(), config, List.of());
    // Readers 9000 (F) and 9002 (M) train it; 9001 and 9003 stay unseen (the golden model's test).
    List<org.voicegender.corpus.Utterance> train = data.utterances().stream()
        .filter(u -> u.speaker() == 9000 || u.speaker() == 9002).toList();
    model = TrainingJobs.train(data, train, NetworkConfig.shipped(), recipe, null).model();
    modelFile = dir.resolve("model.zip");
    model.save(modelFile);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void sparkPredictionsAreTheModelsPredictionsOfEachFile() throws IOException {
    SparkPredictionJob.Result r = SparkPredictionJob.run(spark, new SparkPredictionJob.Options(
        features.features(), modelFile.toString(), dir.resolve("predicted").toString(), List.of()));

    assertThat(r.utterances()).isEqualTo(8);
    assertThat(r.windows()).isEqualTo(features.windows());
    List<Row> rows = spark.read().parquet(r.predictions()).orderBy("utterance_id").collectAsList();
    assertThat(rows).hasSize(8);
    Predictor local = new Predictor(TrainedModel.load(modelFile));
    long correct = 0;
    for (Row row : rows) {
      Path file = ParquetFeatures.localPath(row.getAs("source_path"));
      Predictor.Prediction p = local.predict(file);
      double male = p.gender().code().equals("M") ? p.probability() : 1 - p.probability();
      assertThat((double) row.getAs("p_male")).as(file.toString()).isCloseTo(male, within(1e-6));
      assertThat((String) row.getAs("predicted")).isEqualTo(p.gender().code());
      assertThat((int) row.getAs("windows")).isEqualTo(p.windows());
      assertThat((int) row.getAs("all_windows")).isEqualTo(p.allWindows());
      List<Double> windows = row.getList(row.fieldIndex("window_p_male"));
      assertThat(windows).hasSize(p.windows());
      for (int w = 0; w < p.windows(); w++) {
        assertThat(windows.get(w)).isCloseTo(p.windowMale()[w], within(1e-6));
      }
      correct += row.getAs("predicted").equals(row.getAs("gender")) ? 1 : 0;
    }
    assertThat(r.accuracy()).isEqualTo(correct / 8.0);
  }

  @Test
  void goldenModelPredictionsAreTheLocalGoldenModelsOnEveryWindow() throws IOException {
    SparkPredictionJob.Options o = new SparkPredictionJob.Options(features.features(),
        modelFile.toString(), dir.resolve("golden").toString(), List.of(), 8);

    SparkPredictionJob.Result r = SparkPredictionJob.run(spark, o);

    TrainedModel local = TrainedModel.load(modelFile);
    WindowDataset data = ParquetFeatures.load(spark, features.features(), local.features(), List.of());
    var setup = org.voicegender.quant.QuantizationJobs.prepare(local, data, local.training().seed());
    var golden = UtterancePredictor.golden(local, 8, setup.ranges());
    var normalizer = org.voicegender.quant.NetworkWeights.of(local).normalizer();
    List<Row> rows = spark.read().parquet(r.predictions()).collectAsList();
    assertThat(rows).hasSize(8);
    for (Row row : rows) {
      int[] windows = java.util.stream.IntStream.range(0, setup.data().size())
          .filter(i -> setup.data().utteranceOf(i).id().equals(row.getAs("utterance_id"))).toArray();
      List<Double> p = row.getList(row.fieldIndex("window_p_male"));
      assertThat(p).hasSize(windows.length);
      for (int w = 0; w < windows.length; w++) {
        float[][] prepared = setup.data().window(windows[w]);
        assertThat(p.get(w)).isEqualTo(
            golden.maleProbability(golden.scores(golden.inputCodes(prepared, normalizer))));
      }
      double male = local.training().utteranceScore().combine(
          p.stream().mapToDouble(Double::doubleValue).toArray());
      assertThat((double) row.getAs("p_male")).isEqualTo(male);
    }
  }

  @Test
  void refusesFeaturesExtractedWithOtherSettingsThanTheModels() throws IOException {
    SparkFeatureJob.Result other = SparkFeatureJob.run(spark, SparkFeatureJob.Options.of(
        root.toString(), dir.resolve("out-first").toString()).withShards(2));

    assertThatThrownBy(() -> SparkPredictionJob.run(spark, new SparkPredictionJob.Options(
            other.features(), modelFile.toString(), dir.resolve("p2").toString(), List.of())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds no windows extracted with the model's feature settings "
            + model.features().fingerprint());
  }
}
