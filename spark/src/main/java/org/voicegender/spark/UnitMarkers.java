package org.voicegender.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The feature job's record of finished work units: one small JSON file per unit, {@code
 * <output>/_markers/subset=S/speaker_shard=N.json}, written only after the unit's Parquet partition
 * was committed, holding the feature-config fingerprint it was made with and its counts. A unit
 * whose marker is missing or names another fingerprint is (re-)extracted and its partition
 * replaced. Works on any Hadoop file system (local, HDFS, S3A).
 */
final class UnitMarkers {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a marker says. */
  record Marker(
      String subset, int shard, String fingerprint, String featureConfig, long files, long windows,
      long errors, String finished) {}

  private final Path dir;
  private final Configuration conf;

  UnitMarkers(Path output, Configuration conf) {
    this.dir = new Path(output, "_markers");
    this.conf = conf;
  }

  Path path(WorkUnit unit) {
    return new Path(dir, "subset=" + unit.subset() + "/speaker_shard=" + unit.shard() + ".json");
  }

  /** The unit's marker, if it has a readable one. */
  Optional<Marker> read(WorkUnit unit) throws IOException {
    Path p = path(unit);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(p)) {
      return Optional.of(JSON.readValue(in, Marker.class));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // A marker torn by a crash while it was written: the unit is simply done again.
      return Optional.empty();
    }
  }

  /** Whether the unit was finished with these feature settings. */
  boolean isFinished(WorkUnit unit, String fingerprint) throws IOException {
    return read(unit).map(m -> m.fingerprint().equals(fingerprint)).orElse(false);
  }

  void write(WorkUnit unit, String fingerprint, String configJson, long files, long windows,
      long errors) throws IOException {
    Path p = path(unit);
    FileSystem fs = p.getFileSystem(conf);
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    byte[] text = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Marker(
        unit.subset(), unit.shard(), fingerprint, configJson, files, windows, errors,
        Instant.now().toString()));
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(text);
    }
    fs.delete(p, false);
    if (!fs.rename(tmp, p)) {
      throw new IOException("cannot move " + tmp + " to " + p);
    }
  }

  /** Writes a text file next to the output (reports), whole or not at all. */
  static void writeText(Path file, String text, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw new IOException("cannot move " + tmp + " to " + file);
    }
  }
}
