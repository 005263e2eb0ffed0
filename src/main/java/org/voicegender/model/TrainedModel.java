package org.voicegender.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.Utterance;
import org.voicegender.features.CorpusFeatures;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.SpeechGate;

/**
 * A trained network with everything needed to use it: the feature settings its inputs were made
 * with, the input normalisation, the network and training configs, and the readers it learnt
 * from (training and validation), so that later evaluations can keep to unseen readers. Saved as
 * DL4J's ModelSerializer zip with extra JSON entries, {@code voicegender-*.json} (at the zip's
 * root: ModelSerializer cannot read back a zip with folder entries).
 *
 * @param readers the LibriSpeech ids of the readers whose windows trained or validated the
 *     model, ascending; empty when unknown (models saved before this was recorded)
 */
public record TrainedModel(
    ComputationGraph graph,
    FeatureConfig features,
    FeatureNormalizer normalizer,
    NetworkConfig network,
    TrainingConfig training,
    List<Integer> readers,
    SpeechGate speechGate) {

  private static final String FEATURES = "voicegender-features.json";
  private static final String NORMALIZER = "voicegender-normalizer.json";
  private static final String NETWORK = "voicegender-network.json";
  private static final String TRAINING = "voicegender-training.json";
  private static final String READERS = "voicegender-readers.json";
  private static final String SPEECH_GATE = "voicegender-speech-gate.json";

  public TrainedModel {
    readers = readers.stream().distinct().sorted().toList();
    java.util.Objects.requireNonNull(speechGate, "speechGate (SpeechGate.off() for none)");
  }

  /** A model with the seed's speech gate ({@link SpeechGate#seed()}). */
  public TrainedModel(
      ComputationGraph graph,
      FeatureConfig features,
      FeatureNormalizer normalizer,
      NetworkConfig network,
      TrainingConfig training,
      List<Integer> readers) {
    this(graph, features, normalizer, network, training, readers, SpeechGate.seed());
  }

  /** This model, judging which windows hold speech by {@code gate} (the network is shared). */
  public TrainedModel withSpeechGate(SpeechGate gate) {
    return new TrainedModel(graph, features, normalizer, network, training, readers, gate);
  }

  /** Whether {@code reader} trained or validated this model. */
  public boolean sawReader(int reader) {
    return java.util.Collections.binarySearch(readers, reader) >= 0;
  }

  /** What the windows this model takes have had done to them: its feature config and recording mean. */
  public WindowDataset.Preparation preparation() {
    return new WindowDataset.Preparation(features, training.cepstralMean(), training.cepstralMeanFraction());
  }

  /**
   * {@code data} as this model's network was trained on it: windows as extracted get each
   * recording's mean removed as the recipe says; windows already prepared this way are returned
   * as they are. Every use of a model on a corpus (evaluation, quantization, approximation,
   * export, fine-tuning) goes through here.
   *
   * @throws IllegalArgumentException when the windows were extracted with another feature config
   *     or had another recording mean removed, naming both
   */
  public WindowDataset inputs(WindowDataset data) {
    WindowDataset.Preparation have = data.preparation();
    WindowDataset.Preparation want = preparation();
    if (!have.features().equals(features)) {
      requireFeatures(have.features());
    }
    if (have.equals(want)) {
      return data;
    }
    if (have.cepstralMean() != org.voicegender.features.CepstralMean.NONE) {
      throw new IllegalArgumentException("these windows were prepared with " + have.describe()
          + ", but this model (recipe " + training.recipe() + ") takes windows with " + want.describe()
          + "; give it the windows as extracted, or use model.inputs(corpus, options)");
    }
    return data.withCepstralMean(want.cepstralMean(), want.cepstralMeanFraction());
  }

  /** The windows of every recording of a feature job's result, prepared as {@link #inputs(WindowDataset)} says. */
  public WindowDataset inputs(CorpusFeatures.Result extracted) throws IOException {
    return inputs(WindowDataset.load(extracted, extracted.entries().stream().map(CorpusFeatures.Entry::utterance).toList()));
  }

  /**
   * The windows of {@code utterances} (a corpus' or a subset's), extracted with this model's
   * feature config (through the cache in {@code options}) and prepared as its training was: the
   * one path from recordings to this model's inputs.
   */
  public WindowDataset inputs(List<Utterance> utterances, CorpusFeatures.Options options) throws IOException {
    return inputs(CorpusFeatures.run(utterances, features, options));
  }

  /** {@link #inputs(List, CorpusFeatures.Options)} of every utterance of {@code corpus}. */
  public WindowDataset inputs(LibriSpeechCorpus corpus, CorpusFeatures.Options options) throws IOException {
    return inputs(corpus.utterances(), options);
  }

  /**
   * The network's input {@code [n, 40, 87]} for windows {@code rows} of a corpus: prepared as
   * {@link #inputs(WindowDataset)} says, then standardised.
   */
  public INDArray inputs(WindowDataset data, int[] rows) {
    return inputs(data).features(rows, normalizer);
  }

  /**
   * The network's input for the MFCC windows {@code [n][40][87]} of one recording as extracted,
   * made as {@link #inputs(WindowDataset, int[])} makes a corpus's: the same numbers for the same
   * recording.
   */
  public INDArray inputs(float[][][] recording) {
    return normalizer.apply(java.util.Arrays.asList(prepare(recording)));
  }

  /** The network's input for a recording file (FLAC or WAV, any rate): {@link Predictor#windows}, then {@link #inputs(float[][][])}. */
  public INDArray inputs(Path recording) throws IOException {
    return inputs(new Predictor(this).windows(recording));
  }

  /**
   * One recording's windows as extracted, with the recording mean removed as the recipe says (not
   * yet standardised: the golden model and the export take windows so, with the normaliser).
   */
  public float[][][] prepare(float[][][] recording) {
    return training.cepstralMean().subtract(recording, training.cepstralMeanFraction());
  }

  /** P(male) for each window of {@code rows}, in batches ({@link #forwardPass}). */
  public double[] maleProbabilities(WindowDataset data, int[] rows) {
    WindowDataset windows = inputs(data);
    double[] out = new double[rows.length];
    Optional<FloatInference> fast = forwardPass();
    int batch = 512;
    for (int from = 0; from < rows.length; from += batch) {
      int[] chunk = java.util.Arrays.copyOfRange(rows, from, Math.min(rows.length, from + batch));
      System.arraycopy(maleProbabilities(fast, inputs(windows, chunk)), 0, out, from, chunk.length);
    }
    return out;
  }

  /** P(male) of the MFCC windows {@code [n][40][87]} of one recording as extracted ({@link #forwardPass}). */
  public double[] maleProbabilities(float[][][] windows) {
    return maleProbabilities(forwardPass(), inputs(windows));
  }

  private double[] maleProbabilities(Optional<FloatInference> fast, INDArray x) {
    int n = (int) x.size(0);
    if (fast.isPresent()) {
      return fast.get().maleProbabilities(org.voicegender.model.layers.NdArrays.toFloats(x), n);
    }
    INDArray p = graph.outputSingle(false, x);
    double[] out = new double[n];
    for (int w = 0; w < n; w++) {
      out[w] = p.getDouble(w, 1);
    }
    return out;
  }

  /**
   * The forward pass inference uses: {@link FloatInference} of the graph's current parameters
   * when it supports the graph, else none (DL4J's {@code outputSingle} then). Built once per graph
   * and parameter values: a graph trained further, or given new parameters, gets a new one.
   */
  public Optional<FloatInference> forwardPass() {
    return FORWARD_PASSES.of(graph, network);
  }

  private static final ForwardPasses FORWARD_PASSES = new ForwardPasses();

  /**
   * The fast forward passes of the graphs in use, each with the parameter values it was built
   * from, compared with the graph's on every use (a bulk copy of the native buffer: ND4J's {@code
   * toFloatVector} took 25 µs for the shipped network's 11,770 values and {@code graph.params()}
   * 5 µs, longer than a window's forward pass; the flattened parameter array DL4J creates in {@code
   * init()} stays the graph's, as {@code setParams} assigns into it).
   */
  private static final class ForwardPasses {
    private record Built(java.lang.ref.WeakReference<ComputationGraph> graph, INDArray params, float[] values,
        Optional<FloatInference> pass) {}

    /** Whether the Vector API is there: FloatInference is not loaded without it. */
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** By graph identity (a WeakHashMap would call the graph's hashCode, which is slow); few graphs are in use. */
    private final List<Built> built = new java.util.ArrayList<>();

    synchronized Optional<FloatInference> of(ComputationGraph graph, NetworkConfig network) {
      if (!VECTOR) {
        return Optional.empty();
      }
      built.removeIf(e -> e.graph().get() == null);
      int at = 0;
      while (at < built.size() && built.get(at).graph().get() != graph) {
        at++;
      }
      Built b = at < built.size() ? built.get(at) : null;
      INDArray params = b == null ? graph.params() : b.params();
      float[] values = values(params);
      if (b == null || !java.util.Arrays.equals(b.values(), values)) {
        b = new Built(new java.lang.ref.WeakReference<>(graph), params, values, FloatInference.of(graph, network));
        if (at < built.size()) {
          built.set(at, b);
        } else {
          built.add(b);
        }
      }
      return b.pass();
    }

    private static float[] values(INDArray p) {
      if (p.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && p.offset() == 0 && p.isVectorOrScalar()
          && p.elementWiseStride() == 1 && p.data().length() >= p.length()) {
        float[] a = new float[(int) p.length()];
        new org.bytedeco.javacpp.FloatPointer(p.data().addressPointer()).get(a);
        return a;
      }
      return p.toFloatVector();
    }
  }

  /**
   * An independent copy (graph, parameters and updater state), made through ModelSerializer:
   * DL4J 1.0.0-M2.1's {@code ComputationGraph.clone()} loses the flatten vertex's reshape order
   * ({@code ReshapeVertex.clone()} drops it), which silently reorders the LSTM output.
   */
  public TrainedModel copy() {
    return new TrainedModel(copyOf(graph), features, normalizer, network, training, readers, speechGate);
  }

  /** A graph copied through ModelSerializer (see {@link #copy}). */
  public static ComputationGraph copyOf(ComputationGraph graph) {
    try {
      var bytes = new java.io.ByteArrayOutputStream();
      ModelSerializer.writeModel(graph, bytes, true);
      return ModelSerializer.restoreComputationGraph(new java.io.ByteArrayInputStream(bytes.toByteArray()), true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("copying the network in memory failed", e);
    }
  }

  /** Refuses features made with another config, naming what differs. */
  public void requireFeatures(FeatureConfig config) {
    if (!features.equals(config)) {
      throw new IllegalArgumentException(
          "the model was trained on features " + features.toJson() + " but these are "
              + config.toJson() + "; extract them with the model's feature config");
    }
  }

  public void save(Path file) throws IOException {
    save(file, Map.of());
  }

  /**
   * Saves the model with {@code extraEntries} (name → text) added at the zip's root, for what
   * later stages keep with a model (e.g. a compression's structure); {@link #entry} reads one back.
   */
  public void save(Path file, Map<String, String> extraEntries) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
    try {
      ModelSerializer.writeModel(graph, tmp.toFile(), true);
      ObjectMapper json = new ObjectMapper();
      try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + tmp.toUri()), Map.of())) {
        Files.writeString(zip.getPath(FEATURES), features.toJson());
        Files.writeString(zip.getPath(NORMALIZER), json.writeValueAsString(normalizer));
        Files.writeString(zip.getPath(NETWORK), network.toJson());
        Files.writeString(zip.getPath(TRAINING), training.toJson());
        Files.writeString(zip.getPath(READERS), json.writeValueAsString(readers));
        Files.writeString(zip.getPath(SPEECH_GATE), speechGate.toJson());
        for (Map.Entry<String, String> e : extraEntries.entrySet()) {
          Files.writeString(zip.getPath(e.getKey()), e.getValue());
        }
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a model file written by {@link #save}.
   *
   * @throws IOException naming the file and the problem, for a file that is missing, not a
   *     voicegender model, or damaged (whatever DL4J or Jackson throw on it)
   */
  public static TrainedModel load(Path file) throws IOException {
    try {
      return read(file);
    } catch (IOException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(file.toString())
          ? e
          : new IOException(file + ": damaged model file: " + e, e);
    } catch (RuntimeException | OutOfMemoryError e) {
      throw new IOException(file + ": damaged model file: " + e, e);
    }
  }

  private static TrainedModel read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such model file");
    }
    String features;
    String normalizer;
    String network;
    String training;
    String readers;
    String gate;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      features = entry(zip, file, FEATURES);
      normalizer = entry(zip, file, NORMALIZER);
      network = entry(zip, file, NETWORK);
      training = entry(zip, file, TRAINING);
      readers = zip.getEntry(READERS) == null ? "[]" : entry(zip, file, READERS);
      gate = zip.getEntry(SPEECH_GATE) == null ? SpeechGate.seed().toJson() : entry(zip, file, SPEECH_GATE);
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": not a model file (not a zip archive)", e);
    }
    ComputationGraph graph = restoreGraph(file);
    return new TrainedModel(
        graph,
        FeatureConfig.fromJson(features),
        new ObjectMapper().readValue(normalizer, FeatureNormalizer.class),
        NetworkConfig.fromJson(network),
        TrainingConfig.fromJson(training),
        List.of(new ObjectMapper().readValue(readers, Integer[].class)),
        SpeechGate.fromJson(gate));
  }

  /**
   * The graph of a model file. Files saved before the fast layers moved to {@code model.layers}
   * name them by their old package in DL4J's configuration JSON: those names are rewritten in a
   * temporary copy, so every model file saved by an earlier version still loads, unchanged.
   */
  private static ComputationGraph restoreGraph(Path file) throws IOException {
    String conf;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry e = zip.getEntry("configuration.json");
      if (e == null) {
        throw new IOException(file + ": not a DL4J model file (no configuration.json)");
      }
      try (var in = zip.getInputStream(e)) {
        conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    String current = LEGACY_LAYER_CLASS.matcher(conf).replaceAll("\"org.voicegender.model.layers.$1\"");
    if (current.equals(conf)) {
      return ModelSerializer.restoreComputationGraph(file.toFile(), false);
    }
    Path copy = Files.createTempFile("voicegender-model", ".zip");
    try {
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + copy.toUri()), Map.of())) {
        Files.writeString(zip.getPath("configuration.json"), current);
      }
      return ModelSerializer.restoreComputationGraph(copy.toFile(), false);
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** A layer or regulariser class of {@code model.layers} named by the package it had before. */
  private static final java.util.regex.Pattern LEGACY_LAYER_CLASS = java.util.regex.Pattern.compile(
      "\"org\\.voicegender\\.model\\.(Compact\\w+|UnscoredL2|CoalescedL2)\"");

  /** The text of entry {@code name} of a model file, if it has one (see {@link #save(Path, Map)}). */
  public static java.util.Optional<String> entry(Path file, String name) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry(name) == null ? java.util.Optional.empty() : java.util.Optional.of(entry(zip, file, name));
    }
  }

  private static String entry(ZipFile zip, Path file, String name) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new IOException(file + ": not a voicegender model (no " + name + "); was it saved by"
          + " voicegender train?");
    }
    try (var in = zip.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Parameter count and a note on the difference with PyTorch. */
  public String summary() {
    long params = graph.numParams();
    return String.format(
        "%s network, %,d parameters (PyTorch's has %,d: DL4J's LSTM has one bias vector where"
            + " PyTorch has b_ih and b_hh); features %s; recipe %s",
        network.equals(NetworkConfig.shipped()) ? "shipped" : "custom", params,
        params + 4L * network.lstmUnits(), features.windowPolicy(), training.recipe());
  }
}
