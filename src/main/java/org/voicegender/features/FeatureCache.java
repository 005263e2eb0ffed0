package org.voicegender.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original project's {@code pkl_data/}, made automatic and safe. Layout: {@code
 * <dir>/<config fingerprint>/config.json} (the full {@link FeatureConfig}) and one NumPy file per
 * recording, {@code <speaker>/<utterance>.<identity>.npy}, float32 of shape {@code (windows,
 * nMfcc, frames)}, readable from Python with {@code numpy.load}.
 *
 * <p>A file's identity is a hash of its absolute path, size and modification time, so a changed
 * recording or config is never served stale. Entries are written to a temporary file and moved
 * into place atomically, so a crash leaves either the old entry or the new one. An entry that
 * does not parse, or has the wrong shape, is reported as corrupt, deleted and rebuilt.
 */
public final class FeatureCache {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);

  private final Path dir;
  private final FeatureConfig config;
  /** Speaker folder → the entry names in it (see {@link #siblings}). */
  private final ConcurrentHashMap<Path, Set<String>> folders = new ConcurrentHashMap<>();

  /** What a lookup found. */
  public enum Status {
    HIT,
    MISS,
    CORRUPT
  }

  /**
   * A lookup: the windows when it hit, for a corrupt entry what was wrong, and where the entry
   * lives (so that {@link #put(Lookup, String, float[][][])} need not hash the file's identity
   * again).
   */
  public record Lookup(Status status, float[][][] windows, String problem, Path entry) {}

  public FeatureCache(Path root, FeatureConfig config) throws IOException {
    this.config = config;
    this.dir = root.toAbsolutePath().normalize().resolve(config.fingerprint());
    Files.createDirectories(dir);
    Path configFile = dir.resolve("config.json");
    if (!Files.exists(configFile)) {
      writeAtomically(configFile, config.toJson().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The folder of this config's entries. */
  public Path directory() {
    return dir;
  }

  /** Where the entry for {@code recording} lives (whether or not it exists yet). */
  public Path entry(String utteranceId, Path recording) throws IOException {
    return dir.resolve(speakerFolder(utteranceId))
        .resolve(utteranceId + "." + identity(recording) + ".npy");
  }

  public Lookup get(String utteranceId, Path recording) throws IOException {
    Path entry = entry(utteranceId, recording);
    if (!Files.exists(entry)) {
      return new Lookup(Status.MISS, null, null, entry);
    }
    try {
      return new Lookup(Status.HIT, decode(NpyFile.read(entry)), null, entry);
    } catch (IOException e) {
      String problem = e.getMessage();
      LOG.warn("corrupt feature cache entry, rebuilding it: {}", problem);
      Files.deleteIfExists(entry);
      return new Lookup(Status.CORRUPT, null, problem, entry);
    }
  }

  /** Stores the windows atomically, and removes entries of earlier versions of the file. */
  public void put(String utteranceId, Path recording, float[][][] windows) throws IOException {
    put(entry(utteranceId, recording), utteranceId, windows);
  }

  /** As {@link #put(String, Path, float[][][])} at the entry a lookup of the same file found. */
  public void put(Lookup lookup, String utteranceId, float[][][] windows) throws IOException {
    put(lookup.entry(), utteranceId, windows);
  }

  private void put(Path entry, String utteranceId, float[][][] windows) throws IOException {
    Set<String> siblings = siblings(entry.getParent());
    int frames = config.frames();
    int n = config.nMfcc();
    float[] flat = new float[windows.length * n * frames];
    for (int w = 0; w < windows.length; w++) {
      for (int c = 0; c < n; c++) {
        System.arraycopy(windows[w][c], 0, flat, (w * n + c) * frames, frames);
      }
    }
    String name = entry.getFileName().toString();
    writeAtomically(entry, NpyFile.float32Bytes(flat, windows.length, n, frames));
    removeStaleVersions(entry.getParent(), siblings, name, utteranceId);
  }

  /**
   * The entry names in a speaker's folder, listed once per cache object (and kept up to date by
   * its own writes), so that a write need not list the folder again: a folder of a LibriSpeech
   * reader holds ~100 entries, and listing it on every write made a cold run quadratic in them.
   * A folder this object creates starts empty. Entries another process writes meanwhile are not
   * seen, so their stale versions are left for a later run to remove.
   */
  private Set<String> siblings(Path folder) throws IOException {
    Set<String> names = folders.get(folder);
    if (names != null) {
      return names;
    }
    Set<String> found = ConcurrentHashMap.newKeySet();
    if (Files.isDirectory(folder)) {
      try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder, FeatureCache::isEntry)) {
        for (Path p : listing) {
          found.add(p.getFileName().toString());
        }
      }
    } else {
      Files.createDirectories(folder);
    }
    Set<String> raced = folders.putIfAbsent(folder, found);
    return raced != null ? raced : found;
  }

  private static boolean isEntry(Path p) {
    return p.getFileName().toString().endsWith(".npy");
  }

  private float[][][] decode(NpyFile.Array a) throws IOException {
    int n = config.nMfcc();
    int frames = config.frames();
    int[] s = a.shape();
    if (s.length != 3 || s[0] < 1 || s[1] != n || s[2] != frames) {
      throw new IOException(
          "shape " + java.util.Arrays.toString(s) + ", expected (windows >= 1, " + n + ", "
              + frames + ")");
    }
    float[][][] out = new float[s[0]][n][frames];
    double[] data = a.data();
    for (int w = 0; w < s[0]; w++) {
      for (int c = 0; c < n; c++) {
        for (int t = 0; t < frames; t++) {
          double v = data[(w * n + c) * frames + t];
          if (!Double.isFinite(v)) {
            throw new IOException("non-finite value at window " + w + ", coefficient " + c);
          }
          out[w][c][t] = (float) v;
        }
      }
    }
    return out;
  }

  private static void removeStaleVersions(Path folder, Set<String> siblings, String current,
      String utteranceId) throws IOException {
    String prefix = utteranceId + ".";
    for (String name : siblings) {
      if (!name.equals(current) && name.startsWith(prefix)) {
        Files.deleteIfExists(folder.resolve(name));
        siblings.remove(name);
      }
    }
    siblings.add(current);
  }

  /**
   * Writes to a temporary sibling, then renames it over the target, so a reader never sees a
   * half-written entry. There is no fsync (it tripled the cold extraction time): after a power
   * loss an entry may be empty or short, which {@link #get} detects as corrupt and rebuilds.
   */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    // One open of a name no other writer uses: Files.createTempFile's random name then
    // Files.write's second open cost a file creation each on a slow disk.
    Path tmp = temporaryFor(target);
    boolean moved = false;
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * The temporary sibling this thread writes {@code target} through: named by the process (its
   * pid and a random token drawn at start-up, so processes on hosts sharing the folder differ
   * too) and the thread, so concurrent writers never share one. A leftover of a crashed write
   * under the same name is truncated and reused.
   */
  static Path temporaryFor(Path target) {
    return target.resolveSibling(
        "." + target.getFileName() + "." + PROCESS + "-" + Thread.currentThread().getId() + ".tmp");
  }

  private static final String PROCESS =
      ProcessHandle.current().pid() + "-" + Long.toHexString(new java.security.SecureRandom().nextLong() >>> 16);

  private static String speakerFolder(String utteranceId) {
    int dash = utteranceId.indexOf('-');
    return dash > 0 ? utteranceId.substring(0, dash) : "_";
  }

  private static String identity(Path recording) throws IOException {
    Path abs = recording.toAbsolutePath().normalize();
    BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class);
    String key = abs + "|" + attrs.size() + "|" + attrs.lastModifiedTime().toMillis();
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
