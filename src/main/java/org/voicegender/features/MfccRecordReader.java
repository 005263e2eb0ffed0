package org.voicegender.features;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.Utterance;

/**
 * A DataVec reader of MFCC windows: one record per 2 s window, {@code [NDArrayWritable of shape
 * (1, nMfcc, frames), IntWritable label]} with the label 0 = female, 1 = male, and a {@link
 * WindowMetaData} (utterance id, window index, file). With {@code
 * RecordReaderDataSetIterator(reader, batch, 1, 2)} it yields features {@code [batch, 40, 87]}
 * and one-hot labels {@code [batch, 2]}.
 *
 * <p>Build it over the result of {@link CorpusFeatures#run} (the usual way), or the DataVec way
 * with {@link #initialize(Configuration, InputSplit)} over a {@link FileSplit} of a LibriSpeech
 * root, which runs the feature job first. Windows are read from the feature cache one recording
 * at a time, so a corpus larger than memory can be streamed.
 */
public final class MfccRecordReader extends BaseRecordReader {
  /** Configuration key: the {@link FeatureConfig} as JSON (default: the seed's). */
  public static final String FEATURE_CONFIG = "voicegender.features.config";
  /** Configuration key: the feature cache directory (default data/cache/features). */
  public static final String CACHE_DIR = "voicegender.features.cache";

  private static final List<String> LABELS = List.of("female", "male");

  private List<CorpusFeatures.Entry> entries = List.of();
  private Map<String, CorpusFeatures.Entry> byId = Map.of();
  private FeatureCache cache;
  private FeatureExtractor extractor;
  private Configuration conf = new Configuration();

  private int entry;
  private int window;
  private float[][][] current;

  /** An uninitialised reader: call {@link #initialize(Configuration, InputSplit)}. */
  public MfccRecordReader() {}

  public MfccRecordReader(CorpusFeatures.Result features) {
    this(features.entries(), features.cache(), new FeatureExtractor(features.config()));
  }

  public MfccRecordReader(
      List<CorpusFeatures.Entry> entries, FeatureCache cache, FeatureExtractor extractor) {
    setSource(entries, cache, extractor);
  }

  private void setSource(
      List<CorpusFeatures.Entry> entries, FeatureCache cache, FeatureExtractor extractor) {
    this.entries = List.copyOf(entries);
    this.cache = cache;
    this.extractor = extractor;
    Map<String, CorpusFeatures.Entry> index = new HashMap<>();
    for (CorpusFeatures.Entry e : entries) {
      index.put(e.utterance().id(), e);
    }
    this.byId = index;
    reset();
  }

  @Override
  public void initialize(InputSplit split) throws IOException {
    initialize(conf, split);
  }

  @Override
  public void initialize(Configuration conf, InputSplit split) throws IOException {
    if (!(split instanceof FileSplit fs) || fs.getRootDir() == null) {
      throw new IllegalArgumentException(
          "MfccRecordReader reads a LibriSpeech root: pass new FileSplit(rootDir), got " + split);
    }
    this.conf = conf;
    this.inputSplit = split;
    String json = conf.get(FEATURE_CONFIG);
    FeatureConfig config = json == null ? FeatureConfig.seed() : FeatureConfig.fromJson(json);
    Path cacheDir = Path.of(conf.get(CACHE_DIR, "data/cache/features"));
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(fs.getRootDir().toPath());
    CorpusFeatures.Result result =
        CorpusFeatures.run(
            corpus.utterances(), config, new CorpusFeatures.Options(cacheDir, 0, false));
    setSource(result.entries(), result.cache(), new FeatureExtractor(config));
  }

  /** Number of records (windows) in one pass. */
  public int size() {
    return entries.stream().mapToInt(CorpusFeatures.Entry::windows).sum();
  }

  @Override
  public boolean hasNext() {
    return entry < entries.size();
  }

  @Override
  public List<Writable> next() {
    return nextRecord().getRecord();
  }

  @Override
  public Record nextRecord() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more windows: call reset()");
    }
    CorpusFeatures.Entry e = entries.get(entry);
    if (current == null) {
      current = load(e.utterance());
    }
    Record r = record(e.utterance(), window, current[window]);
    window++;
    if (window >= current.length) {
      entry++;
      window = 0;
      current = null;
    }
    invokeListeners(r);
    return r;
  }

  @Override
  public List<List<Writable>> next(int num) {
    List<List<Writable>> out = new ArrayList<>(num);
    while (out.size() < num && hasNext()) {
      out.add(next());
    }
    return out;
  }

  @Override
  public List<String> getLabels() {
    return LABELS;
  }

  @Override
  public void reset() {
    entry = 0;
    window = 0;
    current = null;
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  @Override
  public List<Writable> record(URI uri, DataInputStream dataInputStream) {
    throw new UnsupportedOperationException(
        "MfccRecordReader reads recordings of a corpus by path; a stream has no speaker label");
  }

  @Override
  public Record loadFromMetaData(RecordMetaData metaData) throws IOException {
    if (!(metaData instanceof WindowMetaData m)) {
      throw new IllegalArgumentException(
          "not metadata of an MfccRecordReader: " + metaData.getClass().getName());
    }
    CorpusFeatures.Entry e = byId.get(m.utteranceId());
    if (e == null) {
      throw new IllegalArgumentException("utterance " + m.utteranceId() + " is not in this reader");
    }
    float[][][] windows = load(e.utterance());
    if (m.window() < 0 || m.window() >= windows.length) {
      throw new IllegalArgumentException(
          m.utteranceId() + " has " + windows.length + " windows, asked for " + m.window());
    }
    return record(e.utterance(), m.window(), windows[m.window()]);
  }

  @Override
  public List<Record> loadFromMetaData(List<RecordMetaData> metaData) throws IOException {
    List<Record> out = new ArrayList<>(metaData.size());
    for (RecordMetaData m : metaData) {
      out.add(loadFromMetaData(m));
    }
    return out;
  }

  @Override
  public void close() {
    current = null;
  }

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  private float[][][] load(Utterance u) {
    try {
      FeatureCache.Lookup hit = cache.get(u.id(), u.path());
      if (hit.status() == FeatureCache.Status.HIT) {
        return hit.windows();
      }
      float[][][] windows = extractor.extract(u.path());
      cache.put(u.id(), u.path(), windows);
      return windows;
    } catch (IOException e) {
      throw new IllegalStateException("cannot load features of " + u.path() + ": " + e.getMessage(), e);
    }
  }

  private static Record record(Utterance u, int window, float[][] mfcc) {
    List<Writable> values = new ArrayList<>(2);
    values.add(new NDArrayWritable(Nd4j.create(new float[][][] {mfcc})));
    values.add(new IntWritable(u.gender().label()));
    return new org.datavec.api.records.impl.Record(
        values, new WindowMetaData(u.id(), window, u.path().toUri()));
  }
}
