package org.voicegender.features;

import java.net.URI;
import org.datavec.api.records.metadata.RecordMetaData;

/**
 * Where a record came from: the utterance, the index of its 2 s window, and the recording.
 * {@link MfccRecordReader#loadFromMetaData} gives the same record back from it.
 */
public record WindowMetaData(String utteranceId, int window, URI uri) implements RecordMetaData {
  @Override
  public String getLocation() {
    return uri + "#window=" + window;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public Class<?> getReaderClass() {
    return MfccRecordReader.class;
  }
}
