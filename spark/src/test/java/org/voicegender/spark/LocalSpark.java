package org.voicegender.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: local mode on two threads, no web UI, few shuffle partitions. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession session() {
    return SparkSessions.start("local[2]", 2);
  }
}
