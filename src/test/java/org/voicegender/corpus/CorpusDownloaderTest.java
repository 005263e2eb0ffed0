package org.voicegender.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;

/** Downloads a small LibriSpeech-shaped archive from an HTTP server on loopback. */
class CorpusDownloaderTest {
  @TempDir Path dir;
  HttpServer server;
  byte[] archive;
  final List<String> ranges = new ArrayList<>();

  @BeforeEach
  void serve() throws Exception {
    archive = tarGz();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/12/dev-clean.tar.gz", ex -> {
      String range = ex.getRequestHeaders().getFirst("Range");
      ranges.add(String.valueOf(range));
      int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
      ex.sendResponseHeaders(range == null ? 200 : 206, archive.length - from);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(archive, from, archive.length - from);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/12/";
  }

  private CorpusDownloader.Request request(String sha) {
    return new CorpusDownloader.Request(baseUrl(), "dev-clean.tar.gz", sha, "dev-clean", dir.resolve("data"));
  }

  @Test
  void downloadsVerifiesAndUnpacksIntoAReadableCorpus() throws Exception {
    var result = new CorpusDownloader(false).run(request(sha256(archive)));
    assertThat(result.corpusRoot()).isEqualTo(dir.resolve("data/LibriSpeech"));
    assertThat(result.bytesFetched()).isEqualTo(archive.length);
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(result.corpusRoot());
    assertThat(corpus.utterances()).extracting(Utterance::id)
        .containsExactly("1034-121119-0000", "19-198-0000");
    assertThat(corpus.utterances()).extracting(Utterance::subset).containsOnly("dev-clean");
    try (var leftovers = Files.list(dir.resolve("data"))) {
      assertThat(leftovers.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("LibriSpeech", "dev-clean.tar.gz");
    }
    assertThat(new CorpusDownloader(false).run(request(sha256(archive))).alreadyPresent()).isTrue();
  }

  @Test
  void resumesAnInterruptedDownloadWithARangeRequest() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    int half = archive.length / 2;
    Files.write(data.resolve("dev-clean.tar.gz.part"), java.util.Arrays.copyOf(archive, half));
    var result = new CorpusDownloader(false).run(request(sha256(archive)));
    assertThat(ranges).containsExactly("bytes=" + half + "-");
    assertThat(result.bytesFetched()).isEqualTo(archive.length - half);
    assertThat(Files.readAllBytes(data.resolve("dev-clean.tar.gz"))).isEqualTo(archive);
  }

  @Test
  void refusesAnArchiveWithTheWrongChecksumAndKeepsNoCorpus() {
    String wrong = "0".repeat(64);
    assertThatThrownBy(() -> new CorpusDownloader(false).run(request(wrong)))
        .hasMessageContaining("dev-clean.tar.gz: SHA-256 is " + sha256(archive))
        .hasMessageContaining("expected " + wrong);
    assertThat(dir.resolve("data/LibriSpeech/dev-clean")).doesNotExist();
    assertThat(dir.resolve("data/dev-clean.tar.gz.bad")).exists();
  }

  @Test
  void knowsTheOfficialArchives() {
    var req = CorpusDownloader.Request.official(LibriSpeechArchive.of("dev-clean"), dir);
    assertThat(req.baseUrl() + req.fileName())
        .isEqualTo("https://www.openslr.org/resources/12/dev-clean.tar.gz");
    assertThat(req.sha256()).hasSize(64);
    assertThatThrownBy(() -> LibriSpeechArchive.of("dev-dirty")).hasMessageContaining("dev-clean");
  }

  private static byte[] tarGz() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      add(tar, "LibriSpeech/SPEAKERS.TXT", Files.readAllBytes(SharedData.miniCorpus().resolve("SPEAKERS.TXT")));
      for (String id : List.of("1034-121119-0000", "19-198-0000")) {
        String[] p = id.split("-");
        add(tar, "LibriSpeech/dev-clean/" + p[0] + "/" + p[1] + "/" + id + ".flac",
            Files.readAllBytes(SharedData.recording(id)));
      }
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
