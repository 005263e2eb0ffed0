package org.voicegender.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.model.NetworkConfig;

/** Training side by side, against a stand-in PyTorch whose figures depend on its threads. */
class TrainingSpeedTest {
  @TempDir Path dir;

  @Test
  void setsOursAgainstThePeersBestThreadSettingForTimesAndThroughputs() throws IOException {
    // 1 thread: 0.2 s/epoch, 1,000 clips/s; 2 threads: 0.1 s/epoch but 500 clips/s.
    Files.writeString(dir.resolve(TrainingSpeed.SCRIPT), "if [ \"$OMP_NUM_THREADS\" = 1 ]; then\n"
        + "  echo '{\"epoch_s_median\": 0.2, \"infer_clips_s_batch256\": 1000, \"infer_clips_s_one\": 10}'\n"
        + "else\n"
        + "  echo '{\"epoch_s_median\": 0.1, \"infer_clips_s_batch256\": 500, \"infer_clips_s_one\": 20}'\n"
        + "fi\n");
    PythonPeer peer = new PythonPeer(PythonPeerTest.fakePython(dir, true), dir);
    TrainingSpeed.Result r = TrainingSpeed.run(NetworkConfig.shipped(),
        new TrainingSpeed.Options(new int[] {200}, 1, new int[] {1, 2}, peer));
    assertThat(r.rows()).extracting(TrainingSpeed.Row::work).containsExactly(
        "training, batch 200, s/epoch", "inference, batch 256, clips/s", "inference, one clip, clips/s");
    TrainingSpeed.Row train = r.rows().get(0);
    assertThat(train.peerBest().orElseThrow().values()).containsExactly(0.1);
    assertThat(train.speedUp().orElseThrow().median()).isEqualTo(0.1 / train.ours().median());
    TrainingSpeed.Row batch = r.rows().get(1);
    assertThat(batch.peerBest().orElseThrow().values()).containsExactly(1000.0);
    assertThat(batch.speedUp().orElseThrow().median()).isEqualTo(batch.ours().median() / 1000);
    assertThat(r.rows().get(2).peerBest().orElseThrow().values()).containsExactly(20.0);
    String md = TrainingSpeed.table(r).toMarkdown();
    assertThat(md).contains("PyTorch, 1 thread").contains("PyTorch, 2 threads")
        .contains("speed-up vs PyTorch's best");
  }
}
