package org.voicegender.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;

class FuzzCampaignTest {
  @TempDir Path dir;

  @Test
  void everyDamagedFileIsReadOrRefusedWithTheProjectsCheckedExceptionInTime() throws IOException {
    Path model = Path.of("artifacts/run/model.zip");
    List<FuzzTarget> targets = FuzzTargets.standard(SharedData.miniCorpus(), model, 24, dir);
    FuzzCampaign.Result result =
        FuzzCampaign.run(targets, new FuzzCampaign.Config(2000, 20261202L, Duration.ofSeconds(60)), i -> {});
    assertThat(result.failures()).as("unchecked exceptions and hangs").isEmpty();
    assertThat(result.rows().stream().filter(r -> r.target().equals("FLAC recording"))
        .mapToInt(FuzzCampaign.Row::tried).sum()).isEqualTo(2000);
    assertThat(result.count(FuzzCampaign.Outcome.REFUSED)).isGreaterThan(1000);
    assertThat(result.tried()).isEqualTo(2000 + 4 * 200 - 200 + 60);
  }

  @Test
  void countsWhatAReaderThrowsBesidesItsRefusalAsAFailureAndAHangAsAHang() throws IOException {
    Path seed = java.nio.file.Files.writeString(dir.resolve("seed.txt"), "some bytes to damage");
    FuzzTarget broken = new FuzzTarget("broken", List.of(seed), (bytes, source) -> {
      if (bytes.length % 2 == 0) {
        throw new IllegalStateException("a bug");
      }
      throw new IOException(source + ": refused");
    }, IOException.class, 1.0);
    FuzzTarget hangs = new FuzzTarget("hangs", List.of(seed), (bytes, source) -> {
      while (true) {
        Thread.onSpinWait();
      }
    }, IOException.class, 1.0);
    FuzzCampaign.Result result =
        FuzzCampaign.run(List.of(broken, hangs), new FuzzCampaign.Config(12, 1L, Duration.ofMillis(200)), i -> {});
    assertThat(result.count(FuzzCampaign.Outcome.UNCHECKED) + result.count(FuzzCampaign.Outcome.REFUSED)).isEqualTo(12);
    assertThat(result.count(FuzzCampaign.Outcome.UNCHECKED)).isPositive();
    assertThat(result.count(FuzzCampaign.Outcome.HUNG)).isEqualTo(12);
    assertThat(result.failures()).hasSize(12 + result.count(FuzzCampaign.Outcome.UNCHECKED));
  }

  @Test
  void theSameSeedDamagesAFileTheSameWay() {
    byte[] original = new byte[1000];
    new SplittableRandom(3).nextBytes(original);
    for (Mutation m : Mutation.values()) {
      assertThat(m.apply(original, new SplittableRandom(9))).isEqualTo(m.apply(original, new SplittableRandom(9)));
      assertThat(m.apply(original, new SplittableRandom(9))).as(m.name()).isNotEqualTo(original);
    }
  }
}
