package org.voicegender.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Spark sessions for the jobs: the one spark-submit configured, or local mode. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session on {@code master} (e.g. {@code local[*]}), or on the master spark-submit set when
   * {@code master} is null (local[*] when nothing set one). The web UI stays off in local mode.
   */
  public static SparkSession start(String master, int shufflePartitions) {
    SparkConf conf = new SparkConf().setAppName("voicegender");
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions));
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
