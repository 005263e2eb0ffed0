package org.voicegender.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicegender.audio.AudioFormatException;
import org.voicegender.features.FeatureConfig;

/**
 * The feature job's {@code mapPartitions} step: one extractor per partition, each {@code
 * binaryFile} row (path, length, content) to its window rows, or to one error row when the file
 * cannot be used (a name or folder that does not fit LibriSpeech's layout, a reader missing from
 * SPEAKERS.TXT, audio that does not decode). Never throws for a file.
 */
final class PartitionExtractor implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PartitionExtractor.class);
  private static final Pattern UTTERANCE = Pattern.compile("(\\d+)-(\\d+)-(\\d+)\\.flac");

  private final String root;
  private final Broadcast<? extends Map<Integer, String>> genders;
  private final String configJson;
  private final int shards;

  /**
   * @param root the LibriSpeech root as Spark qualifies paths (e.g. {@code file:/data/LibriSpeech})
   * @param genders reader id to SPEAKERS.TXT's F or M
   */
  PartitionExtractor(
      String root, Broadcast<? extends Map<Integer, String>> genders, FeatureConfig config,
      int shards) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.genders = genders;
    this.configJson = config.toJson();
    this.shards = shards;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> files) {
    FeatureConfig config = FeatureConfig.fromJson(configJson);
    String fingerprint = config.fingerprint();
    List<Row> out = new ArrayList<>();
    RecordingFeatures extractor = new RecordingFeatures(config);
    while (files.hasNext()) {
      Row f = files.next();
      out.addAll(rows(f.getString(0), f.getLong(1), (byte[]) f.get(2), extractor, fingerprint));
    }
    return out.iterator();
  }

  private List<Row> rows(
      String path, long bytes, byte[] content, RecordingFeatures extractor, String fingerprint) {
    String[] rel = relative(path);
    WorkUnit unit = new WorkUnit(rel[0], WorkUnit.shardOf(rel.length > 1 ? rel[1] : rel[0], shards));
    String name = rel[rel.length - 1];
    Matcher m = UTTERANCE.matcher(name);
    if (rel.length != 4 || !m.matches()) {
      return List.of(FeatureRows.error(source(path, bytes, unit, null, null, null, null, fingerprint),
          "not <subset>/<speaker>/<chapter>/<speaker>-<chapter>-<nnnn>.flac"));
    }
    int speaker = Integer.parseInt(m.group(1));
    int chapter = Integer.parseInt(m.group(2));
    String id = m.group(1) + "-" + m.group(2) + "-" + m.group(3);
    String gender = genders.value().get(speaker);
    FeatureRows.Source s = source(path, bytes, unit, id, speaker, chapter, gender, fingerprint);
    if (!rel[1].equals(m.group(1)) || !rel[2].equals(m.group(2))) {
      return List.of(FeatureRows.error(s, "file name does not match its folders " + rel[1] + "/" + rel[2]));
    }
    if (gender == null) {
      return List.of(FeatureRows.error(s, "reader " + speaker
          + " is not listed in SPEAKERS.TXT (or its line there is malformed), so its gender is unknown"));
    }
    try {
      RecordingFeatures.Extracted e = extractor.extract(content, path);
      return FeatureRows.windows(s, e.windows(), e.durationSeconds());
    } catch (AudioFormatException e) {
      return List.of(FeatureRows.error(s, RecordingFeatures.problem(e, path)));
    } catch (RuntimeException e) {
      // A decoder bug on hostile bytes: recorded against the file, the job goes on.
      LOG.warn("{}: {}", path, e.toString(), e);
      return List.of(FeatureRows.error(s, "internal error: " + e));
    }
  }

  private static FeatureRows.Source source(String path, long bytes, WorkUnit unit, String id,
      Integer speaker, Integer chapter, String gender, String fingerprint) {
    return new FeatureRows.Source(path, bytes, unit, id, speaker, chapter, gender, fingerprint);
  }

  /** The path's folders and name below the root. */
  private String[] relative(String path) {
    if (!path.startsWith(root + "/")) {
      throw new IllegalStateException(path + " is not under the corpus root " + root);
    }
    return path.substring(root.length() + 1).split("/");
  }
}
