package org.voicegender.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {
  private static final String CPUINFO = """
      processor\t: 0
      vendor_id\t: AuthenticAMD
      model name\t: AMD EPYC 7B13
      cpu MHz\t\t: 2450.000
      flags\t\t: fpu sse2 avx avx2 fma
      """;

  @Test
  void namesCpuCoresWidthsAndLoadFromProcFiles() {
    Machine m = Machine.parse(CPUINFO, 2, 256, "1.25 0.80 0.40 3/200 1234\n");
    assertThat(m.cpuModel()).isEqualTo("AMD EPYC 7B13");
    assertThat(m.cpuVectorBits()).isEqualTo(256);
    assertThat(m.mhz()).isEqualTo(2450.0);
    assertThat(m.looksShared()).isTrue();
    assertThat(m.describe()).isEqualTo("AMD EPYC 7B13, 2 cores at 2450 MHz, 256-bit SIMD,"
        + " Vector API 256-bit, load average 1.25 at the start");
  }

  @Test
  void tellsAvx512AndSaysWhatIsUnknown() {
    assertThat(Machine.parse("flags : sse2 avx2 avx512f\n", 4, 512, "0.00 0 0").cpuVectorBits())
        .isEqualTo(512);
    Machine bare = Machine.parse("", 1, 0, "");
    assertThat(bare.looksShared()).isFalse();
    assertThat(bare.describe())
        .isEqualTo("unknown CPU, 1 cores, SIMD width unknown, Vector API not enabled (scalar loops)");
  }
}
