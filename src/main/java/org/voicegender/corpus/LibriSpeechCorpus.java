package org.voicegender.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.AudioInfo;

/**
 * A LibriSpeech root: {@code SPEAKERS.TXT} and {@code <subset>/<speaker>/<chapter>/
 * <speaker>-<chapter>-<nnnn>.flac}. Opening it scans the chosen subsets (all by default) and
 * reads each file's header for its duration; files that do not fit (unknown reader, a name that
 * does not match its folders, an unreadable header) are listed in {@link #skipped()} and left
 * out, so one bad file never stops a corpus. Transcripts are not needed.
 */
public final class LibriSpeechCorpus {
  private static final Pattern UTTERANCE = Pattern.compile("(\\d+)-(\\d+)-(\\d+)\\.flac");

  private final Path root;
  private final SpeakersFile speakers;
  private final List<Utterance> utterances;
  private final List<SkippedFile> skipped;

  private LibriSpeechCorpus(
      Path root, SpeakersFile speakers, List<Utterance> utterances, List<SkippedFile> skipped) {
    this.root = root;
    this.speakers = speakers;
    this.utterances = List.copyOf(utterances);
    this.skipped = List.copyOf(skipped);
  }

  /** Opens every subset under {@code dir} (the LibriSpeech root, or the folder holding it). */
  public static LibriSpeechCorpus open(Path dir) throws CorpusException {
    return open(dir, List.of());
  }

  /** Opens the named subsets (all when {@code subsets} is empty). */
  public static LibriSpeechCorpus open(Path dir, Collection<String> subsets)
      throws CorpusException {
    Path root = locateRoot(dir);
    SpeakersFile speakers = SpeakersFile.read(root.resolve(SpeakersFile.FILE_NAME));
    List<Path> subsetDirs = subsetDirectories(root, subsets);
    List<Path> files = new ArrayList<>();
    List<SkippedFile> unreadable = new ArrayList<>();
    for (Path subsetDir : subsetDirs) {
      flacFiles(subsetDir, files, unreadable);
    }
    if (files.isEmpty()) {
      throw new CorpusException(
          "no .flac files under " + root + " in " + names(subsetDirs)
              + ": expected <subset>/<speaker>/<chapter>/<speaker>-<chapter>-<nnnn>.flac");
    }
    files.sort(Comparator.naturalOrder());
    List<Scanned> scanned = files.parallelStream().map(f -> scan(root, f, speakers)).toList();
    List<Utterance> utterances = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>(speakers.problems());
    skipped.addAll(unreadable);
    for (Scanned s : scanned) {
      if (s.utterance() != null) {
        utterances.add(s.utterance());
      } else {
        skipped.add(s.skipped());
      }
    }
    utterances.sort(Comparator.comparing(Utterance::id));
    return new LibriSpeechCorpus(root, speakers, utterances, skipped);
  }

  /** A scanned file: its utterance, or the reason it is skipped. */
  private record Scanned(Utterance utterance, SkippedFile skipped) {
    static Scanned skip(Path file, String reason) {
      return new Scanned(null, new SkippedFile(file, reason));
    }
  }

  private static Scanned scan(Path root, Path file, SpeakersFile speakers) {
    Matcher m = UTTERANCE.matcher(file.getFileName().toString());
    Path rel = root.relativize(file);
    if (!m.matches() || rel.getNameCount() != 4) {
      return Scanned.skip(file, "not <subset>/<speaker>/<chapter>/<speaker>-<chapter>-<nnnn>.flac");
    }
    int speaker = Integer.parseInt(m.group(1));
    int chapter = Integer.parseInt(m.group(2));
    if (!rel.getName(1).toString().equals(m.group(1))
        || !rel.getName(2).toString().equals(m.group(2))) {
      return Scanned.skip(
          file, "file name does not match its folders " + rel.getName(1) + "/" + rel.getName(2));
    }
    Optional<Speaker> s = speakers.speaker(speaker);
    if (s.isEmpty()) {
      return Scanned.skip(
          file, "reader " + speaker + " is not listed in " + speakers.file()
              + " (or its line there is malformed), so its gender is unknown");
    }
    AudioInfo info;
    try {
      info = AudioDecoder.probe(file);
    } catch (IOException e) {
      return Scanned.skip(file, e.getMessage().replace(file + ": ", ""));
    }
    String id = m.group(1) + "-" + m.group(2) + "-" + m.group(3);
    return new Scanned(
        new Utterance(id, speaker, chapter, rel.getName(0).toString(), s.get().gender(), file,
            info.durationSeconds()),
        null);
  }

  private static Path locateRoot(Path dir) throws CorpusException {
    Path d = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(d)) {
      throw new CorpusException("corpus directory " + d + " does not exist");
    }
    if (Files.isRegularFile(d.resolve(SpeakersFile.FILE_NAME))) {
      return d;
    }
    if (Files.isRegularFile(d.resolve("LibriSpeech").resolve(SpeakersFile.FILE_NAME))) {
      return d.resolve("LibriSpeech");
    }
    throw new CorpusException(
        "missing " + d.resolve(SpeakersFile.FILE_NAME) + ": " + d
            + " is not a LibriSpeech root (the folder holding SPEAKERS.TXT and subsets such as"
            + " dev-clean/); get one with: bin/voicegender download dev-clean");
  }

  private static List<Path> subsetDirectories(Path root, Collection<String> subsets)
      throws CorpusException {
    if (!subsets.isEmpty()) {
      List<Path> dirs = new ArrayList<>();
      for (String s : subsets) {
        Path d = root.resolve(s);
        if (!Files.isDirectory(d)) {
          throw new CorpusException("subset " + s + " not found: no folder " + d);
        }
        dirs.add(d);
      }
      return dirs;
    }
    try (Stream<Path> list = Files.list(root)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new CorpusException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds the .flac files under {@code dir} to {@code files}, following symbolic links (a corpus
   * assembled with {@code ln -s} reads as one); a link back to a folder above it, or a folder that
   * cannot be read, is reported in {@code skipped} and the walk goes on.
   */
  private static void flacFiles(Path dir, List<Path> files, List<SkippedFile> skipped) throws CorpusException {
    try {
      Files.walkFileTree(dir, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && file.getFileName().toString().toLowerCase().endsWith(".flac")) {
                files.add(file);
              }
              return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
              skipped.add(new SkippedFile(file, e instanceof java.nio.file.FileSystemLoopException
                  ? "symbolic link loop: it leads back to a folder above it; not followed"
                  : "cannot read: " + e));
              return java.nio.file.FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new CorpusException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String names(List<Path> dirs) {
    return dirs.isEmpty()
        ? "(no subset folders)"
        : dirs.stream().map(p -> p.getFileName().toString()).toList().toString();
  }

  public Path root() {
    return root;
  }

  public SpeakersFile speakers() {
    return speakers;
  }

  /** The usable utterances, sorted by id. */
  public List<Utterance> utterances() {
    return utterances;
  }

  /** Files and SPEAKERS.TXT lines left out, with reasons. */
  public List<SkippedFile> skipped() {
    return skipped;
  }

  public CorpusSummary summary() {
    return CorpusSummary.of(utterances);
  }

  @Override
  public String toString() {
    return "LibriSpeechCorpus[" + root + ", " + utterances.size() + " utterances, "
        + skipped.size() + " skipped]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LibriSpeechCorpus c && c.root.equals(root) && c.utterances.equals(utterances);
  }

  @Override
  public int hashCode() {
    return Objects.hash(root, utterances);
  }
}
