package org.voicegender.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A table says when a run capped either side's instruction sets, and only then. */
class SpeedNotesTest {
  @Test
  void namesTheVectorOptionsAndThePeersLimits() {
    assertThat(SpeedNotes.settings(List.of("-Xmx8g", "-XX:UseAVX=2", "--add-modules", "jdk.incubator.vector"),
        Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "ATEN_CPU_CAPABILITY", "avx2", "HOME", "/root",
            "NPY_DISABLE_CPU_FEATURES", "AVX512F AVX512_SKX")))
        .isEqualTo("ours -XX:UseAVX=2, ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2,"
            + " NPY_DISABLE_CPU_FEATURES=AVX512F AVX512_SKX");
    assertThat(SpeedNotes.settings(List.of("-Xmx8g", "-XX:+UseG1GC"), Map.of("PATH", "/usr/bin"))).isEmpty();
  }
}
