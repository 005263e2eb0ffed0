package org.voicegender.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;
import org.voicegender.TestCorpus;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.corpus.Utterance;

class FeatureCacheTest {
  @TempDir Path dir;

  private CorpusFeatures.Result run(List<Utterance> utterances, FeatureConfig config)
      throws IOException {
    return CorpusFeatures.run(
        utterances, config, new CorpusFeatures.Options(dir.resolve("cache"), 2, false));
  }

  private List<Utterance> corpus(String... ids) throws IOException {
    TestCorpus c = new TestCorpus(dir.resolve("corpus"));
    for (String id : ids) {
      c.copyReal(id);
    }
    c.writeSpeakers();
    return LibriSpeechCorpus.open(c.root()).utterances();
  }

  @Test
  void secondRunLoadsFromTheCacheTheSameFeatures() throws IOException {
    List<Utterance> u = corpus("19-198-0000", "1034-121119-0000");
    CorpusFeatures.Result cold = run(u, FeatureConfig.seed());
    CorpusFeatures.Result warm = run(u, FeatureConfig.seed());
    assertThat(cold.extracted()).isEqualTo(2);
    assertThat(warm.extracted()).isZero();
    assertThat(warm.fromCache()).isEqualTo(2);
    FeatureCache cache = warm.cache();
    float[][][] cached = cache.get(u.get(0).id(), u.get(0).path()).windows();
    assertThat(cached).isDeepEqualTo(new FeatureExtractor(FeatureConfig.seed()).extract(u.get(0).path()));
    // numpy-readable layout: (windows, 40, 87) float32
    Path entry = cache.entry(u.get(0).id(), u.get(0).path());
    assertThat(NpyFile.read(entry).shape()).containsExactly(1, 40, 87);
    assertThat(Files.readString(cache.directory().resolve("config.json")))
        .isEqualTo(FeatureConfig.seed().toJson());
  }

  @Test
  void changedRecordingOrConfigIsNeverServedStale() throws IOException {
    List<Utterance> u = corpus("19-198-0000");
    Path file = u.get(0).path();
    run(u, FeatureConfig.seed());

    assertThat(run(u, FeatureConfig.seed().withWindowPolicy(WindowPolicy.EVERY)).extracted())
        .isEqualTo(1);

    Files.copy(SharedData.recording("1034-121119-0000"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    CorpusFeatures.Result after = run(u, FeatureConfig.seed());
    assertThat(after.extracted()).isEqualTo(1);
    assertThat(after.cache().get(u.get(0).id(), file).windows())
        .isDeepEqualTo(new FeatureExtractor(FeatureConfig.seed()).extract(SharedData.recording("1034-121119-0000")));
    try (Stream<Path> entries = Files.list(after.cache().entry(u.get(0).id(), file).getParent())) {
      assertThat(entries.toList()).as("the stale version is removed").hasSize(1);
    }
  }

  @Test
  void oneCacheObjectReplacesTheVersionItWroteAndKeepsOtherUtterances() throws IOException {
    List<Utterance> u = corpus("19-198-0000");
    Path file = u.get(0).path();
    FeatureCache cache = new FeatureCache(dir.resolve("cache"), FeatureConfig.seed());
    float[][][] windows = new FeatureExtractor(FeatureConfig.seed()).extract(file);
    cache.put("19-198-0000", file, windows);
    // Another utterance whose id begins with this one's shares the folder and the prefix.
    cache.put("19-198-00001", file, windows);
    Path first = cache.entry("19-198-0000", file);
    Path other = cache.entry("19-198-00001", file);

    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    cache.put("19-198-0000", file, windows);

    Path second = cache.entry("19-198-0000", file);
    assertThat(second).isNotEqualTo(first);
    try (Stream<Path> entries = Files.list(second.getParent())) {
      assertThat(entries.toList()).containsExactlyInAnyOrder(second, other);
    }
  }

  @Test
  void aTemporaryFileLeftByACrashedWriteIsOverwritten() throws IOException {
    List<Utterance> u = corpus("19-198-0000");
    FeatureCache cache = new FeatureCache(dir.resolve("cache"), FeatureConfig.seed());
    Path entry = cache.entry(u.get(0).id(), u.get(0).path());
    Files.createDirectories(entry.getParent());
    Path leftover = FeatureCache.temporaryFor(entry);
    Files.write(leftover, new byte[100_000]);

    float[][][] windows = new FeatureExtractor(FeatureConfig.seed()).extract(u.get(0).path());
    cache.put(u.get(0).id(), u.get(0).path(), windows);

    assertThat(cache.get(u.get(0).id(), u.get(0).path()).windows()).isDeepEqualTo(windows);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void corruptEntryIsReportedAndRebuilt() throws IOException {
    List<Utterance> u = corpus("19-198-0000", "1034-121119-0000");
    CorpusFeatures.Result first = run(u, FeatureConfig.seed());
    Path entry = first.cache().entry(u.get(1).id(), u.get(1).path());
    byte[] bytes = Files.readAllBytes(entry);
    Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // as if cut by a crash

    CorpusFeatures.Result second = run(u, FeatureConfig.seed());
    assertThat(second.fromCache()).isEqualTo(1);
    assertThat(second.extracted()).isEqualTo(1);
    assertThat(second.rebuilt()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo(entry);
      assertThat(r.reason()).contains("truncated");
    });
    assertThat(NpyFile.read(entry).shape()).containsExactly(1, 40, 87);
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    CorpusFeatures.Result r = run(corpus("19-198-0000", "1034-121119-0000"), FeatureConfig.seed());
    try (Stream<Path> all = Files.walk(r.cache().directory())) {
      assertThat(all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
    }
  }

  @Test
  void corpusRunSkipsBadFilesWithReasonsAndKeepsTheRest() throws IOException {
    TestCorpus c = new TestCorpus(dir.resolve("corpus"));
    c.copyReal("19-198-0000");
    c.copyReal("1034-121119-0000");
    byte[] real = Files.readAllBytes(SharedData.recording("7067-76047-0000"));
    c.copyReal("7067-76047-0000");
    Path truncated = c.write("7067-76047-0000", java.util.Arrays.copyOf(real, 20_000));
    c.copyReal("1447-130550-0000");
    c.writeSpeakers();
    List<Utterance> good = LibriSpeechCorpus.open(c.root()).utterances();
    CorpusFeatures.Result before = run(good, FeatureConfig.seed());
    Path cachedEntry = before.cache().entry("19-198-0000", c.file("19-198-0000"));
    byte[] cachedBytes = Files.readAllBytes(cachedEntry);

    Path text = c.write("1447-130550-0000", "not audio at all".getBytes());
    LibriSpeechCorpus corpus = LibriSpeechCorpus.open(c.root());
    CorpusFeatures.Result r = run(corpus.utterances(), FeatureConfig.seed());

    assertThat(corpus.skipped()).extracting(s -> s.path()).containsExactly(text);
    assertThat(corpus.skipped().get(0).reason()).contains("not a FLAC or WAV file");
    assertThat(r.skipped()).singleElement().satisfies(s -> {
      assertThat(s.path()).isEqualTo(truncated);
      assertThat(s.reason()).contains("truncated FLAC");
    });
    assertThat(r.entries()).extracting(e -> e.utterance().id())
        .containsExactly("1034-121119-0000", "19-198-0000");
    assertThat(Files.readAllBytes(cachedEntry)).as("cached entries are kept").isEqualTo(cachedBytes);
  }
}
