package org.voicegender.corpus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Fetches a LibriSpeech archive over HTTP(S), verifies its SHA-256, and unpacks it under a data
 * folder (giving {@code <data>/LibriSpeech/<subset>/...}). The download goes to {@code
 * <archive>.part} and resumes with an HTTP range request when interrupted; the archive is renamed
 * into place only once complete and verified; unpacking goes to a staging folder first, so a
 * crash never leaves a half-unpacked subset that looks complete.
 */
public final class CorpusDownloader {
  private final HttpClient http;
  private final boolean progressBar;

  /**
   * The job's request.
   *
   * @param baseUrl folder URL the archive is fetched from (the official one by default)
   * @param fileName archive name, e.g. dev-clean.tar.gz
   * @param sha256 expected checksum (hex), or null to skip verification
   * @param subset the subset folder the archive holds
   * @param dataDir where the archive is stored and unpacked
   */
  public record Request(String baseUrl, String fileName, String sha256, String subset, Path dataDir) {
    public static Request official(LibriSpeechArchive archive, Path dataDir) {
      return new Request(
          LibriSpeechArchive.OFFICIAL_BASE_URL, archive.fileName(), archive.sha256(),
          archive.subset(), dataDir);
    }

    public Request withBaseUrl(String url) {
      return new Request(url.endsWith("/") ? url : url + "/", fileName, sha256, subset, dataDir);
    }
  }

  /** What happened: where the corpus now is and how many bytes were fetched this time. */
  public record Result(Path corpusRoot, Path archive, long bytesFetched, boolean alreadyPresent) {}

  public CorpusDownloader(boolean progressBar) {
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    this.progressBar = progressBar;
  }

  public Result run(Request request) throws IOException {
    Path dataDir = request.dataDir().toAbsolutePath().normalize();
    Path corpusRoot = dataDir.resolve("LibriSpeech");
    Path subsetDir = corpusRoot.resolve(request.subset());
    Path archive = dataDir.resolve(request.fileName());
    if (Files.isDirectory(subsetDir) && Files.exists(corpusRoot.resolve(SpeakersFile.FILE_NAME))) {
      return new Result(corpusRoot, archive, 0, true);
    }
    Files.createDirectories(dataDir);
    long fetched = 0;
    if (!Files.exists(archive)) {
      fetched = fetch(URI.create(request.baseUrl() + request.fileName()), archive);
    }
    verify(archive, request.sha256());
    unpack(archive, dataDir, request.subset());
    return new Result(corpusRoot, archive, fetched, false);
  }

  private long fetch(URI uri, Path archive) throws IOException {
    Path part = archive.resolveSibling(archive.getFileName() + ".part");
    long have = Files.exists(part) ? Files.size(part) : 0;
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET();
    if (have > 0) {
      req.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("download of " + uri + " interrupted", e);
    } catch (IOException e) {
      throw new IOException("cannot reach " + uri + ": " + e, e);
    }
    int status = resp.statusCode();
    boolean resumed = status == 206;
    if (status != 200 && !resumed) {
      resp.body().close();
      throw new IOException("GET " + uri + " answered HTTP " + status);
    }
    long start = resumed ? have : 0;
    long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
    long total = length < 0 ? -1 : start + length;
    long fetched = 0;
    try (InputStream in = resp.body();
        OutputStream out =
            Files.newOutputStream(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        ProgressBar bar = progressBar ? bar(archive.getFileName().toString(), total, start) : null) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        fetched += n;
        if (bar != null) {
          bar.stepBy(n);
        }
      }
    }
    if (total >= 0 && Files.size(part) != total) {
      throw new IOException(
          "download of " + uri + " stopped at " + Files.size(part) + " of " + total
              + " bytes; run the command again to resume");
    }
    Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING);
    return fetched;
  }

  private static void verify(Path archive, String sha256) throws IOException {
    if (sha256 == null) {
      return;
    }
    String actual = sha256(archive);
    if (!actual.equalsIgnoreCase(sha256)) {
      Path bad = archive.resolveSibling(archive.getFileName() + ".bad");
      Files.move(archive, bad, StandardCopyOption.REPLACE_EXISTING);
      throw new IOException(
          archive + ": SHA-256 is " + actual + ", expected " + sha256
              + "; moved it to " + bad + " (run again to download afresh)");
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(
            new BufferedInputStream(Files.newInputStream(file), 1 << 16),
            MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Unpacks into a staging folder, then moves the subset (and SPEAKERS.TXT etc. when the root
   * lacks them) into {@code <dataDir>/LibriSpeech}.
   */
  private static void unpack(Path archive, Path dataDir, String subset) throws IOException {
    Path staging = dataDir.resolve(".unpack-" + subset);
    deleteTree(staging);
    Files.createDirectories(staging);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(archive), 1 << 16)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = staging.resolve(e.getName()).normalize();
        if (!target.startsWith(staging)) {
          throw new IOException(archive + ": entry " + e.getName() + " escapes the target folder");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new IOException(archive + ": cannot unpack: " + e.getMessage(), e);
    }
    Path unpackedRoot = staging.resolve("LibriSpeech");
    if (!Files.isDirectory(unpackedRoot.resolve(subset))) {
      throw new IOException(archive + ": holds no LibriSpeech/" + subset + "/ folder");
    }
    Path root = dataDir.resolve("LibriSpeech");
    Files.createDirectories(root);
    try (Stream<Path> top = Files.list(unpackedRoot)) {
      for (Path p : top.toList()) {
        Path dest = root.resolve(p.getFileName().toString());
        if (p.getFileName().toString().equals(subset)) {
          deleteTree(dest);
          Files.move(p, dest);
        } else if (!Files.exists(dest)) {
          Files.move(p, dest);
        }
      }
    }
    deleteTree(staging);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static ProgressBar bar(String name, long total, long start) {
    return new ProgressBarBuilder()
        .setTaskName(name)
        .setInitialMax(total)
        .startsFrom(start, Duration.ZERO)
        .setUnit(" MB", 1 << 20)
        .setStyle(ProgressBarStyle.ASCII)
        .showSpeed()
        .build();
  }
}
