package org.voicegender.spark;

import java.io.Serializable;

/**
 * The unit the feature job finishes, marks and skips on a rerun: the readers of one subset whose
 * speaker shard ({@link #shardOf}) is {@code shard}; also the Parquet partition
 * {@code subset=S/speaker_shard=N}.
 */
public record WorkUnit(String subset, int shard) implements Serializable, Comparable<WorkUnit> {
  public WorkUnit {
    if (subset == null || subset.isEmpty() || subset.contains("/")) {
      throw new IllegalArgumentException("a subset is a folder name, got '" + subset + "'");
    }
    if (shard < 0) {
      throw new IllegalArgumentException("shard must be >= 0, got " + shard);
    }
  }

  /**
   * The shard of a reader's folder: the reader id modulo {@code shards} (LibriSpeech ids are
   * numbers); a folder whose name is not a number by its name's hash.
   */
  public static int shardOf(String speakerFolder, int shards) {
    try {
      return Math.floorMod(Long.parseLong(speakerFolder), shards);
    } catch (NumberFormatException e) {
      return Math.floorMod(speakerFolder.hashCode(), shards);
    }
  }

  /** The partition's path under the features folder. */
  public String partitionPath() {
    return "subset=" + subset + "/speaker_shard=" + shard;
  }

  @Override
  public int compareTo(WorkUnit o) {
    int c = subset.compareTo(o.subset);
    return c != 0 ? c : Integer.compare(shard, o.shard);
  }

  @Override
  public String toString() {
    return subset + "/" + shard;
  }
}
