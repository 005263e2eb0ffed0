package org.voicegender.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LibriSpeech's SPEAKERS.TXT: {@code ;} comments, then {@code ID | SEX | SUBSET | MINUTES | NAME}
 * per reader. The name may itself contain {@code |} (reader 60 is "|CBW|Simon"), so a line is
 * split into at most five fields. A malformed line is kept as a problem naming the file and line
 * number, and its reader is left out; the other readers are still read.
 */
public final class SpeakersFile {
  public static final String FILE_NAME = "SPEAKERS.TXT";

  private final Path file;
  private final Map<Integer, Speaker> speakers;
  private final List<SkippedFile> problems;

  private SpeakersFile(Path file, Map<Integer, Speaker> speakers, List<SkippedFile> problems) {
    this.file = file;
    this.speakers = Collections.unmodifiableMap(speakers);
    this.problems = List.copyOf(problems);
  }

  public static SpeakersFile read(Path file) throws CorpusException {
    if (!Files.isRegularFile(file)) {
      throw new CorpusException(
          "missing " + file + ": a LibriSpeech root holds SPEAKERS.TXT next to its subset"
              + " folders (e.g. dev-clean/)");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CorpusException("cannot read " + file + ": not UTF-8 text (" + e + ")", e);
    } catch (IOException e) {
      throw new CorpusException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<Integer, Speaker> speakers = new LinkedHashMap<>();
    List<SkippedFile> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith(";")) {
        continue;
      }
      try {
        Speaker s = parseLine(line);
        if (speakers.putIfAbsent(s.id(), s) != null) {
          throw new IllegalArgumentException("reader " + s.id() + " is listed twice");
        }
      } catch (IllegalArgumentException e) {
        problems.add(
            new SkippedFile(file, "line " + (i + 1) + ": " + e.getMessage() + " in \"" + line + "\""));
      }
    }
    if (speakers.isEmpty()) {
      throw new CorpusException(file + " lists no readers" + describe(problems));
    }
    return new SpeakersFile(file, speakers, problems);
  }

  private static Speaker parseLine(String line) {
    String[] f = line.split("\\|", 5);
    if (f.length < 5) {
      throw new IllegalArgumentException(
          "expected 5 |-separated fields (ID|SEX|SUBSET|MINUTES|NAME), found " + f.length);
    }
    int id;
    try {
      id = Integer.parseInt(f[0].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("reader id '" + f[0].trim() + "' is not a number");
    }
    double minutes;
    try {
      minutes = Double.parseDouble(f[3].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("minutes '" + f[3].trim() + "' is not a number");
    }
    return new Speaker(id, Gender.fromCode(f[1]), f[2].trim(), minutes, f[4].trim());
  }

  private static String describe(List<SkippedFile> problems) {
    return problems.isEmpty() ? "" : "; first problem: " + problems.get(0).reason();
  }

  public Path file() {
    return file;
  }

  public Optional<Speaker> speaker(int id) {
    return Optional.ofNullable(speakers.get(id));
  }

  public Map<Integer, Speaker> speakers() {
    return speakers;
  }

  /** Lines that could not be read, each naming the file and line. */
  public List<SkippedFile> problems() {
    return problems;
  }
}
