package org.voicegender.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.output.FigureTable;

/** The side-by-side plumbing, with a stand-in peer whose figure is known. */
class GoldenSpeedTest {
  @TempDir Path dir;

  @Test
  void setsOursBesideThePeerRoundByRoundAtEachThreadCount() throws IOException {
    // The stand-in "PyTorch" reports 1,000 clips/s per thread it was given.
    Files.writeString(dir.resolve(TrainingSpeed.SCRIPT),
        "echo \"{\\\"infer_clips_s_batch256\\\": $((OMP_NUM_THREADS * 1000))}\"\n");
    PythonPeer peer = new PythonPeer(PythonPeerTest.fakePython(dir, true), dir);
    GoldenSpeed.Result r = GoldenSpeed.run(new GoldenSpeed.Options(200, List.of(8), 2,
        new int[] {1, 2}, peer));
    assertThat(r.peerUnavailable()).isEmpty();
    assertThat(r.rows()).extracting(GoldenSpeed.Row::threads).containsExactly(1, 2);
    for (GoldenSpeed.Row row : r.rows()) {
      assertThat(row.peer().orElseThrow().values()).containsExactly(
          1000.0 * row.threads(), 1000.0 * row.threads());
      double[] ours = row.ours().values();
      assertThat(row.speedUp().orElseThrow().values()).containsExactly(
          ours[0] / (1000.0 * row.threads()), ours[1] / (1000.0 * row.threads()));
    }
    assertThat(r.multiplyAddsPerClip()).isBetween(240_000L, 260_000L);
    String md = GoldenSpeed.table(r).toMarkdown();
    assertThat(md).contains("Machine: ").contains("median (min-max) of 2 rounds")
        .contains("x on 2 threads").doesNotContain("not run");
  }

  @Test
  void measuresOursAloneAndSaysSoWithoutThePeer() throws IOException {
    PythonPeer peer = new PythonPeer(dir.resolve("no-python"), dir);
    GoldenSpeed.Result r = GoldenSpeed.run(new GoldenSpeed.Options(100, List.of(8), 1,
        new int[] {1}, peer));
    assertThat(r.rows()).singleElement().satisfies(row -> {
      assertThat(row.ours().median()).isPositive();
      assertThat(row.peer()).isEmpty();
    });
    FigureTable t = GoldenSpeed.table(r);
    assertThat(t.toMarkdown()).contains("Peer not run: ").contains("no-python")
        .contains("Ours only").contains("not run");
  }
}
