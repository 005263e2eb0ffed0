package org.voicegender.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Readers, utterances and minutes per subset and gender. */
public record CorpusSummary(List<Row> rows) {

  /** One subset × gender cell; {@code subset} is "all" in the totals. */
  public record Row(String subset, Gender gender, int readers, int utterances, double minutes) {}

  public static CorpusSummary of(Collection<Utterance> utterances) {
    Map<String, Map<Gender, List<Utterance>>> groups = new TreeMap<>();
    for (Utterance u : utterances) {
      groups
          .computeIfAbsent(u.subset(), k -> new TreeMap<>())
          .computeIfAbsent(u.gender(), k -> new ArrayList<>())
          .add(u);
      groups
          .computeIfAbsent("all", k -> new TreeMap<>())
          .computeIfAbsent(u.gender(), k -> new ArrayList<>())
          .add(u);
    }
    List<Row> rows = new ArrayList<>();
    groups.forEach(
        (subset, byGender) -> {
          if (subset.equals("all") && groups.size() == 2) {
            return; // one subset: its rows are the totals
          }
          byGender.forEach((g, list) -> rows.add(row(subset, g, list)));
        });
    return new CorpusSummary(List.copyOf(rows));
  }

  private static Row row(String subset, Gender gender, List<Utterance> list) {
    Set<Integer> readers = new HashSet<>();
    double seconds = 0;
    for (Utterance u : list) {
      readers.add(u.speaker());
      seconds += u.durationSeconds();
    }
    return new Row(subset, gender, readers.size(), list.size(), seconds / 60);
  }

  public int readers() {
    return totals().stream().mapToInt(Row::readers).sum();
  }

  public int utterances() {
    return totals().stream().mapToInt(Row::utterances).sum();
  }

  public double minutes() {
    return totals().stream().mapToDouble(Row::minutes).sum();
  }

  private List<Row> totals() {
    boolean several = rows.stream().anyMatch(r -> r.subset().equals("all"));
    return rows.stream().filter(r -> !several || r.subset().equals("all")).toList();
  }

  /** A plain-text table for the terminal. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(
        String.format("%-18s %-6s %8s %11s %9s%n", "subset", "gender", "readers", "utterances", "minutes"));
    for (Row r : rows) {
      out.append(String.format("%-18s %-6s %8d %11d %9.1f%n",
          r.subset(), r.gender().code(), r.readers(), r.utterances(), r.minutes()));
    }
    out.append(String.format("%-18s %-6s %8d %11d %9.1f%n", "total", "", readers(), utterances(), minutes()));
    return out.toString();
  }
}
