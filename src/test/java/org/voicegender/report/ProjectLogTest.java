package org.voicegender.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLogTest {
  @TempDir Path dir;

  @Test
  void putsTheNewestEntryFirstAndKeepsTheOthers() throws Exception {
    Path log = dir.resolve("PROJECT_LOG.md");
    ProjectLog.prepend(log, new ProjectLog.Entry(ZonedDateTime.parse("2026-01-01T10:00Z"), "first",
        "mini", "{}", Map.of("accuracy per utterance", "90.0 %")));
    ProjectLog.prepend(log, new ProjectLog.Entry(ZonedDateTime.parse("2026-01-02T10:00Z"), "second",
        "mini", "{}", Map.of("accuracy per utterance", "95.0 %")));
    String text = Files.readString(log);
    assertThat(text).startsWith("# Project log");
    assertThat(text.indexOf("· second")).isLessThan(text.indexOf("· first"));
    assertThat(text).contains("- accuracy per utterance: 90.0 %").contains("- accuracy per utterance: 95.0 %");
    assertThat(text).contains("## 2026-01-02 10:00 Z · second");
  }
}
