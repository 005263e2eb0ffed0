package org.voicegender.fuzz;

import java.nio.file.Path;
import java.util.List;

/**
 * A reader of one kind of file, with real files to damage.
 *
 * @param name what is read, as the table shows it ("FLAC recording", "SPEAKERS.TXT", ...)
 * @param seeds real files of that kind, whose mutations are tried
 * @param reader reads one (possibly damaged) file's bytes
 * @param refusal the project's own checked exception for a file it will not read
 * @param share this target's cases as a share of the campaign's (slow readers get fewer)
 */
public record FuzzTarget(
    String name, List<Path> seeds, Reader reader, Class<? extends Exception> refusal, double share) {
  public FuzzTarget {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(name + ": share must be in (0, 1], got " + share);
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException(name + ": no seed files to mutate");
    }
    seeds = List.copyOf(seeds);
  }

  /** Cases to try of the campaign's {@code cases}. */
  public int cases(int cases) {
    return Math.max(1, (int) Math.round(cases * share));
  }

  /** Reads a file's bytes the way the project does; {@code source} names the file in errors. */
  @FunctionalInterface
  public interface Reader {
    void read(byte[] bytes, Path source) throws Exception;
  }
}
