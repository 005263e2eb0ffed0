package org.voicegender.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.SyntheticCorpus;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.FeatureExtractor;
import org.voicegender.model.WindowDataset;

class SparkFeatureJobTest {
  /** Every 2 s window, so recordings have one to three windows. */
  static final FeatureConfig CONFIG = FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY);
  static final String CORRUPT = "9001-1-0099";

  @TempDir static Path dir;
  static SparkSession spark;
  static Path root;

  @BeforeAll
  static void corpus() throws IOException {
    spark = LocalSpark.session();
    // 4 readers (9000-9003), 2 recordings each, and one file of reader 9001 that is not audio.
    root = SyntheticCorpus.generate(dir.resolve("corpus"), 2, 2, 7);
    Files.writeString(root.resolve("synthetic/9001/1/" + CORRUPT + ".flac"), "not audio at all",
        StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static SparkFeatureJob.Options options(Path output) {
    // 3 shards: units synthetic/0 (9000, 9003), /1 (9001), /2 (9002); 2 units per Spark job.
    return SparkFeatureJob.Options.of(root.toString(), output.toString())
        .withFeatures(CONFIG).withShards(3).withUnitsPerJob(2).withMaxErrorRate(0.2);
  }

  static List<Row> rows(SparkFeatureJob.Result r) {
    return SparkFeatureJob.read(spark, new org.apache.hadoop.fs.Path(r.features()))
        .orderBy("source_path", "window").collectAsList();
  }

  @Test
  void sparkFeaturesEqualTheLocalExtractorsWithOneErrorRowForTheCorruptFile() throws Exception {
    SparkFeatureJob.Result r = SparkFeatureJob.run(spark, options(dir.resolve("out-equal")));

    assertThat(r.files()).isEqualTo(9);
    assertThat(r.errors()).isEqualTo(1);
    assertThat(r.extracted()).hasSize(3);
    List<Row> rows = rows(r);
    List<Row> errors = rows.stream().filter(x -> x.getAs("status").equals("error")).toList();
    assertThat(errors).hasSize(1);
    Row e = errors.get(0);
    assertThat((String) e.getAs("source_path")).endsWith(CORRUPT + ".flac");
    assertThat((String) e.getAs("utterance_id")).isEqualTo(CORRUPT);
    assertThat((String) e.getAs("error")).contains("not a FLAC or WAV file");
    assertThat((Object) e.getAs("mfcc")).isNull();
    assertThat(Files.readAllLines(dir.resolve("out-equal/errors.tsv")))
        .hasSize(2)
        .last().asString().contains(CORRUPT + ".flac").contains("not a FLAC or WAV file");

    FeatureExtractor local = new FeatureExtractor(CONFIG);
    List<Row> ok = rows.stream().filter(x -> x.getAs("status").equals("ok")).toList();
    int windows = 0;
    for (Path file : flacFiles()) {
      if (file.getFileName().toString().startsWith(CORRUPT)) {
        continue;
      }
      float[][][] expected = local.extract(file);
      List<Row> mine = ok.stream().filter(x -> path(x).equals(file)).toList();
      assertThat(mine).as(file.toString()).hasSize(expected.length);
      for (int w = 0; w < expected.length; w++) {
        Row row = mine.get(w);
        assertThat((int) row.getAs("window")).isEqualTo(w);
        assertThat(FeatureRows.window(row)).as(file + " window " + w).isDeepEqualTo(expected[w]);
        String speaker = file.getFileName().toString().split("-")[0];
        assertThat((int) row.getAs("speaker")).isEqualTo(Integer.parseInt(speaker));
        assertThat((String) row.getAs("gender")).isEqualTo(speaker.equals("9000")
            || speaker.equals("9001") ? "F" : "M");
        assertThat((int) row.getAs("speaker_shard")).isEqualTo(Integer.parseInt(speaker) % 3);
        assertThat((String) row.getAs("config_fingerprint")).isEqualTo(CONFIG.fingerprint());
        assertThat((long) row.getAs("source_bytes")).isEqualTo(Files.size(file));
      }
      windows += expected.length;
    }
    assertThat(ok).hasSize(windows);
    assertThat(r.windows()).isEqualTo(windows);
  }

  @Test
  void aRerunSkipsEveryFinishedUnitAndLeavesTheRowsAsTheyWere() throws Exception {
    Path out = dir.resolve("out-rerun");
    SparkFeatureJob.Result first = SparkFeatureJob.run(spark, options(out));
    List<Path> parquet = parquetFiles(out);
    List<Row> before = rows(first);

    SparkFeatureJob.Result second = SparkFeatureJob.run(spark, options(out));

    assertThat(second.extracted()).isEmpty();
    assertThat(second.skipped()).containsExactlyElementsOf(first.extracted());
    assertThat(second.files()).isZero();
    assertThat(parquetFiles(out)).isEqualTo(parquet);
    assertThat(rows(second)).hasSameSizeAs(before);
    assertThat(Files.readAllLines(out.resolve("errors.tsv"))).hasSize(2);
  }

  @Test
  void aResumedRunRedoesOnlyUnitsWithoutAMarkerAndAppendsNoDuplicates() throws Exception {
    Path out = dir.resolve("out-resume");
    SparkFeatureJob.Result first = SparkFeatureJob.run(spark, options(out));
    long rows = rows(first).size();
    // Unit 1 crashed after its Parquet was committed, unit 2 before: neither has a marker.
    Files.delete(out.resolve("_markers/subset=synthetic/speaker_shard=1.json"));
    Files.delete(out.resolve("_markers/subset=synthetic/speaker_shard=2.json"));
    deleteTree(out.resolve("features/subset=synthetic/speaker_shard=2"));
    List<Path> unit0 = parquetFiles(out.resolve("features/subset=synthetic/speaker_shard=0"));

    SparkFeatureJob.Result resumed = SparkFeatureJob.run(spark, options(out));

    assertThat(resumed.extracted())
        .containsExactly(new WorkUnit("synthetic", 1), new WorkUnit("synthetic", 2));
    assertThat(resumed.skipped()).containsExactly(new WorkUnit("synthetic", 0));
    assertThat(parquetFiles(out.resolve("features/subset=synthetic/speaker_shard=0")))
        .isEqualTo(unit0);
    assertThat(resumed.files()).isEqualTo(5); // 9001's two and the corrupt one, 9002's two
    List<Row> all = rows(resumed);
    assertThat(all).hasSize((int) rows);
    assertThat(all.stream().map(x -> x.getAs("source_path") + "#" + x.getAs("window")).distinct())
        .hasSize((int) rows);
  }

  @Test
  void changedFeatureSettingsReExtractEveryUnit() throws Exception {
    Path out = dir.resolve("out-config");
    SparkFeatureJob.run(spark, options(out).withFeatures(FeatureConfig.seed()));

    SparkFeatureJob.Result r = SparkFeatureJob.run(spark, options(out));

    assertThat(r.extracted()).hasSize(3);
    assertThat(rows(r)).allSatisfy(x ->
        assertThat((String) x.getAs("config_fingerprint")).isEqualTo(CONFIG.fingerprint()));
  }

  @Test
  void failsWhenUnusableFilesExceedTheErrorRateLimitAndListsThem() {
    Path out = dir.resolve("out-limit");
    assertThatThrownBy(() -> SparkFeatureJob.run(spark, options(out).withMaxErrorRate(0)))
        .isInstanceOf(TooManyErrorsException.class)
        .hasMessageContaining("could not be used, over the limit of 0.0 %")
        .hasMessageContaining("errors.tsv");
    assertThat(out.resolve("errors.tsv")).content().contains(CORRUPT + ".flac");
  }

  @Test
  void parquetFeaturesAreTheLocalCachesWindows() throws Exception {
    SparkFeatureJob.Result r = SparkFeatureJob.run(spark, options(dir.resolve("out-dataset")));
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(root);
    CorpusFeatures.Result local = CorpusFeatures.run(corpus.utterances(), CONFIG,
        new CorpusFeatures.Options(dir.resolve("cache"), 2, false));
    WindowDataset expected = WindowDataset.load(local, corpus.utterances());

    WindowDataset fromParquet = ParquetFeatures.load(spark, r.features(), CONFIG, List.of());

    assertThat(fromParquet.utterances()).isEqualTo(expected.utterances());
    assertThat(fromParquet.preparation()).isEqualTo(expected.preparation());
    assertThat(fromParquet.size()).isEqualTo(expected.size()).isPositive();
    for (int i = 0; i < expected.size(); i++) {
      assertThat(fromParquet.window(i)).isDeepEqualTo(expected.window(i));
      assertThat(fromParquet.label(i)).isEqualTo(expected.label(i));
      assertThat(fromParquet.utteranceIndex(i)).isEqualTo(expected.utteranceIndex(i));
    }
    assertThatThrownBy(() -> ParquetFeatures.load(spark, r.features(), FeatureConfig.seed(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other feature settings");
  }

  static Path path(Row r) {
    return Path.of(URI.create((String) r.getAs("source_path")));
  }

  static List<Path> flacFiles() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".flac")).sorted().toList();
    }
  }

  static List<Path> parquetFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  static void deleteTree(Path d) throws IOException {
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
