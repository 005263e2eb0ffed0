package org.voicegender.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.FeatureExtractor;
import org.voicegender.model.Predictor;
import org.voicegender.model.TrainedModel;
import org.voicegender.spark.SparkSessions;

/**
 * The Spark jobs as a cluster runs them: the shaded jar, {@code spark-submit} to a standalone
 * master, executors in their own JVMs on a worker, on the 200 real recordings of the shared
 * LibriSpeech sample plus one truncated file. What comes back must be what the core computes
 * locally: every window bit for bit, every prediction of the shipped model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSubmitClusterTest {
  static final String TRUNCATED = "-9999.flac";
  static final Path SPARK_HOME = Path.of(System.getProperty("spark.home"));
  static final Path JOBS_JAR = Path.of(System.getProperty("voicegender.jobs.jar"));
  static final Path WORK = Path.of(System.getProperty("voicegender.work"));
  static final Path SHARED = Path.of(System.getProperty("voicegender.shared"));
  static final Path MODEL = Path.of(System.getProperty("voicegender.model"));
  /** What the launcher does not know the core needs: the Vector API and ND4J's memory limit. */
  static final String JAVA_OPTIONS =
      "--add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.maxphysicalbytes=0";

  /**
   * Spark's --add-opens list for Java 17 (JavaModuleOptions, spark-launcher 3.5.9). spark-submit
   * adds it to its own JVM and to executors, but not to a driver a standalone worker starts in
   * cluster mode (that driver fails with "cannot access class sun.nio.ch.DirectBuffer").
   */
  static final String SPARK_OPENS = "-XX:+IgnoreUnrecognizedVMOptions"
      + " --add-opens=java.base/java.lang=ALL-UNNAMED"
      + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
      + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
      + " --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"
      + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED"
      + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
      + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
      + " --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED"
      + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
      + " --add-opens=java.base/sun.security.action=ALL-UNNAMED"
      + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
      + " -Djdk.reflect.useDirectMethodHandle=false";

  static StandaloneCluster cluster;
  static Path corpus;
  static TrainedModel model;

  @BeforeAll
  static void startCluster() throws Exception {
    Path source = SHARED.resolve("data/librispeech-mini/LibriSpeech");
    // As the core's SharedData: skipped without the sample, a failure under CI.
    boolean present = Files.isDirectory(source);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("shared data missing under CI: " + source
          + " (set -Dvoicegender.shared=DIR)");
    }
    if (!present) {
      // Surefire reports a class aborted in @BeforeAll as 0 tests run, without the reason.
      System.err.println("SparkSubmitClusterTest skipped: shared LibriSpeech sample not found at "
          + source);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(present,
        "shared LibriSpeech sample not found at " + source + "; spark-submit tests skipped");
    deleteTree(WORK);
    corpus = copyCorpus(source, WORK.resolve("corpus/LibriSpeech"));
    model = TrainedModel.load(MODEL);
    cluster = StandaloneCluster.start(SPARK_HOME, WORK, 2, "6g");
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  static StandaloneCluster.Submission submit(String log, String... jobArgs) throws Exception {
    return submit(log, DeployMode.CLIENT, jobArgs);
  }

  /**
   * spark-submit of the shaded jar: in client mode the driver is the submitting JVM; in cluster
   * mode the master starts it on the worker, and spark-submit waits for it to finish.
   */
  enum DeployMode { CLIENT, CLUSTER }

  static StandaloneCluster.Submission submit(String log, DeployMode mode, String... jobArgs)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(
        "--master", cluster.masterUrl(), "--deploy-mode", mode.name().toLowerCase(java.util.Locale.ROOT), "--name", "voicegender " + log,
        "--conf", "spark.standalone.submit.waitAppCompletion=true",
        "--executor-cores", "1", "--executor-memory", "2g", "--total-executor-cores", "2",
        "--driver-java-options",
        mode == DeployMode.CLUSTER ? JAVA_OPTIONS + " " + SPARK_OPENS : JAVA_OPTIONS,
        "--conf", "spark.executor.extraJavaOptions=" + JAVA_OPTIONS,
        "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
        "--class", "org.voicegender.spark.cli.SparkMain", JOBS_JAR.toString()));
    args.addAll(List.of(jobArgs));
    StandaloneCluster.Submission s = cluster.submit(log + ".log", Duration.ofMinutes(8), args);
    assertThat(s.exitCode()).as("spark-submit %s, output:%n%s", log, s.output()).isZero();
    return s;
  }

  /** The feature job over the copied corpus into the one output both feature tests read. */
  static StandaloneCluster.Submission submitFeatureJob(String log) throws Exception {
    return submit(log, "spark-features", "--input", corpus.toString(),
        "--output", WORK.resolve("out").toString(), "--recipe", "default", "--shards", "4");
  }

  @Test
  @Order(1)
  void submittedFeatureJobEqualsTheLocalExtractorWindowForWindow() throws Exception {
    StandaloneCluster.Submission s = submitFeatureJob("features");

    assertThat(s.output()).contains("Units: 4 extracted, 0 already finished")
        .contains("This run: 201 files").contains("1 unusable files");
    // Two executors on the worker, each its own JVM, did the work.
    assertThat(s.output()).containsPattern("Granted executor ID app-\\S+/0")
        .containsPattern("Granted executor ID app-\\S+/1");
    FeatureConfig config = model.features();
    FeatureExtractor local = new FeatureExtractor(config);
    try (SparkSession spark = SparkSessions.start("local[2]", 2)) {
      List<Row> rows = spark.read().parquet(WORK.resolve("out/features").toString())
          .orderBy("source_path", "window").collectAsList();
      List<Row> errors = rows.stream().filter(r -> "error".equals(r.getAs("status"))).toList();
      assertThat(errors).singleElement()
          .satisfies(r -> assertThat((String) r.getAs("source_path")).endsWith(TRUNCATED))
          .satisfies(r -> assertThat((String) r.getAs("error")).contains("truncated"));
      List<Path> files;
      try (Stream<Path> walk = Files.walk(corpus)) {
        files = walk.filter(p -> p.toString().endsWith(".flac"))
            .filter(p -> !p.toString().endsWith(TRUNCATED)).sorted().toList();
      }
      assertThat(files).hasSize(200);
      int checked = 0;
      for (Path file : files) {
        float[][][] windows = local.extract(file);
        List<Row> mine = rows.stream()
            .filter(r -> Path.of(java.net.URI.create(r.getAs("source_path"))).equals(file))
            .toList();
        assertThat(mine).as(file.toString()).hasSize(windows.length);
        for (int w = 0; w < windows.length; w++) {
          assertThat((int) mine.get(w).getAs("window")).isEqualTo(w);
          assertThat(floats(mine.get(w).getList(mine.get(w).fieldIndex("mfcc"))))
              .as("%s window %d", file, w).containsExactly(flatten(windows[w]));
          checked++;
        }
      }
      assertThat(checked).isEqualTo(rows.size() - 1);
    }
  }

  @Test
  @Order(2)
  void resubmittingTheFeatureJobSkipsEveryFinishedUnit() throws Exception {
    StandaloneCluster.Submission s = submitFeatureJob("features-again");

    assertThat(s.output()).contains("Units: 0 extracted, 4 already finished")
        .contains("This run: 0 files");
  }

  @Test
  @Order(3)
  void predictionJobSubmittedInClusterModeGivesTheShippedModelsPredictionOfEveryFile()
      throws Exception {
    StandaloneCluster.Submission s = submit("predict", DeployMode.CLUSTER, "spark-predict", MODEL.toString(),
        "--features", WORK.resolve("out/features").toString(),
        "--output", WORK.resolve("predicted").toString());

    // The driver ran on the worker (its output is in the worker's driver folder), not here.
    // spark-submit exits 0 even when such a driver fails: its state is what tells.
    assertThat(s.output()).containsPattern("State of driver driver-\\S+ is FINISHED")
        .doesNotContain("FAILED");
    assertThat(driverOutput()).contains("200 utterances (2397 windows)");

    Predictor local = new Predictor(model);
    try (SparkSession spark = SparkSessions.start("local[2]", 2)) {
      List<Row> rows = spark.read().parquet(WORK.resolve("predicted/predictions").toString())
          .orderBy("utterance_id").collectAsList();
      assertThat(rows).hasSize(200);
      for (Row row : rows) {
        Path file = Path.of(java.net.URI.create(row.getAs("source_path")));
        Predictor.Prediction p = local.predict(file);
        double male = p.gender().code().equals("M") ? p.probability() : 1 - p.probability();
        assertThat((double) row.getAs("p_male")).as(file.toString()).isCloseTo(male, within(1e-6));
        assertThat((String) row.getAs("predicted")).isEqualTo(p.gender().code());
      }
    }
  }

  /** What the drivers the worker started printed. */
  static String driverOutput() throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> dirs = Files.list(WORK.resolve("worker"))) {
      for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("driver-")).toList()) {
        out.append(Files.readString(d.resolve("stdout")));
      }
    }
    return out.toString();
  }

  static float[] floats(List<Float> list) {
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  static float[] flatten(float[][] m) {
    float[] out = new float[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
    }
    return out;
  }

  /** The sample's SPEAKERS.TXT and recordings, plus a copy of one cut in half. */
  static Path copyCorpus(Path from, Path to) throws IOException {
    List<Path> flacs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          if (p.toString().endsWith(".flac")) {
            flacs.add(target);
          }
        }
      }
    }
    flacs.sort(Comparator.naturalOrder());
    Path first = flacs.get(0);
    String name = first.getFileName().toString();
    Path cut = first.resolveSibling(name.substring(0, name.lastIndexOf('-')) + TRUNCATED);
    byte[] bytes = Files.readAllBytes(first);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    return to;
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
