package org.voicegender.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.voicegender.SharedData;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.Utterance;

/** The DataVec contract, after DL4J's CSVSequenceRecordReaderTest, on 12 real recordings. */
class MfccRecordReaderTest {
  @TempDir static Path cacheDir;
  static CorpusFeatures.Result every;
  static List<Utterance> sample;

  @BeforeAll
  static void extract() throws IOException {
    List<Utterance> all = LibriSpeechCorpus.open(SharedData.miniCorpus()).utterances();
    sample = all.subList(0, 12);
    every =
        CorpusFeatures.run(
            sample,
            FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY),
            new CorpusFeatures.Options(cacheDir, 2, false));
  }

  @Test
  void givesOneRecordPerWindowWithFeaturesLabelAndMetadata() {
    MfccRecordReader reader = new MfccRecordReader(every);
    List<Record> records = new ArrayList<>();
    while (reader.hasNext()) {
      records.add(reader.nextRecord());
    }
    assertThat(records).hasSize(every.windows()).hasSize(reader.size());
    assertThat(every.windows()).isGreaterThan(sample.size());
    Record first = records.get(0);
    assertThat(((NDArrayWritable) first.getRecord().get(0)).get().shape())
        .containsExactly(1, 40, 87);
    assertThat(first.getRecord().get(1).toInt()).isEqualTo(sample.get(0).gender().label());
    WindowMetaData meta = (WindowMetaData) first.getMetaData();
    assertThat(meta.utteranceId()).isEqualTo(sample.get(0).id());
    assertThat(meta.window()).isZero();
    assertThat(((WindowMetaData) records.get(1).getMetaData()).window()).isEqualTo(1);
  }

  @Test
  void resetRepeatsTheSameRecords() {
    MfccRecordReader reader = new MfccRecordReader(every);
    List<Record> firstPass = new ArrayList<>();
    while (reader.hasNext()) {
      firstPass.add(reader.nextRecord());
    }
    reader.reset();
    for (Record expected : firstPass) {
      assertThat(reader.hasNext()).isTrue();
      assertThat(reader.nextRecord()).isEqualTo(expected);
    }
    assertThat(reader.hasNext()).isFalse();
  }

  @Test
  void loadFromMetaDataReturnsTheSameRecord() throws IOException {
    MfccRecordReader reader = new MfccRecordReader(every);
    List<Record> records = new ArrayList<>();
    List<RecordMetaData> metas = new ArrayList<>();
    while (reader.hasNext()) {
      Record r = reader.nextRecord();
      records.add(r);
      metas.add(r.getMetaData());
    }
    assertThat(reader.loadFromMetaData(metas)).isEqualTo(records);
    assertThat(reader.loadFromMetaData(metas.get(5))).isEqualTo(records.get(5));
  }

  @Test
  void feedsDl4jIteratorWithBatchOfMatricesAndOneHotLabels() {
    var iterator = new RecordReaderDataSetIterator(new MfccRecordReader(every), 8, 1, 2);
    DataSet batch = iterator.next();
    assertThat(batch.getFeatures().shape()).containsExactly(8, 40, 87);
    assertThat(batch.getLabels().shape()).containsExactly(8, 2);
    assertThat(batch.getLabels().sumNumber().intValue()).isEqualTo(8);
    int label = sample.get(0).gender().label();
    assertThat(batch.getLabels().getDouble(0, label)).isEqualTo(1.0);
    int total = 8;
    while (iterator.hasNext()) {
      total += (int) iterator.next().getFeatures().size(0);
    }
    assertThat(total).isEqualTo(every.windows());
  }

  @Test
  void initialisesTheDataVecWayFromAFileSplitOfTheCorpusRoot() throws Exception {
    MfccRecordReader reader = new MfccRecordReader();
    Configuration conf = new Configuration();
    conf.set(MfccRecordReader.CACHE_DIR, cacheDir.toString());
    reader.initialize(conf, new FileSplit(SharedData.miniCorpus().toFile()));
    assertThat(reader.size()).isEqualTo(200); // first 2 s of each of the 200 recordings
  }
}
