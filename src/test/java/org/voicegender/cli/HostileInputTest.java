package org.voicegender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.SharedData;
import org.voicegender.TestCorpus;
import org.voicegender.audio.FlacWriter;

/** Damaged recordings among good ones, and silence, through the commands a user runs. */
class HostileInputTest {
  @TempDir Path dir;
  private final CommandRunner cli = new CommandRunner();

  /** A real recording with its STREAMINFO's sample count set to 2^36 - 1 (jflac ran out of memory on such files). */
  private static byte[] hugeClaim(byte[] flac) {
    byte[] b = flac.clone();
    b[8 + 13] |= 0x0f;
    for (int i = 0; i < 4; i++) {
      b[8 + 14 + i] = (byte) 0xff;
    }
    return b;
  }

  @Test
  void aCorpusRunExtractsEveryGoodFileAndListsEachBadOneWithItsReason() throws Exception {
    TestCorpus c = new TestCorpus(dir.resolve("corpus"));
    c.copyReal("19-198-0000");
    c.copyReal("1034-121119-0000");
    byte[] real = Files.readAllBytes(c.copyReal("1447-130550-0000"));
    c.write("1447-130550-0000", hugeClaim(real));
    byte[] crc = real.clone();
    crc[crc.length / 2] ^= 0x10; // a flipped bit in a frame's audio fails its CRC-16
    c.write("1447-130550-0001", crc);
    c.write("1447-130550-0002", java.util.Arrays.copyOf(real, real.length / 3));
    c.writeSpeakers();
    String[] args = {"features", "--data", c.root().toString(), "--windows", "every",
        "--cache", dir.resolve("cache").toString()};
    assertThat(cli.run(args)).isZero();
    assertThat(cli.out.toString())
        .containsPattern("Windows: \\d+ from 2 recordings \\(2 extracted")
        .contains("Skipped: 3")
        .contains("1447-130550-0000.flac: STREAMINFO claims 68719476735 samples")
        .containsPattern("1447-130550-0001.flac: corrupt FLAC: frame \\d+")
        .contains("1447-130550-0002.flac: truncated FLAC");
    assertThat(cli.out.toString()).doesNotContain("readResidual");
    CommandRunner strict = new CommandRunner();
    assertThat(strict.run(append(args, "--fail-on-skip"))).isEqualTo(SkipPolicy.SKIPPED);
    assertThat(strict.err.toString()).contains("3 recording(s) skipped");
  }

  @Test
  void silenceIsNoSpeechNotAGender() throws Exception {
    Path silence = dir.resolve("silence.flac");
    FlacWriter.write(silence, 16_000, new short[][] {new short[48_000]});
    Path speech = SharedData.recording("19-198-0000");
    Path model = Path.of("artifacts/run/model.zip");
    assertThat(cli.run("predict", model.toString(), speech.toString(), silence.toString()))
        .as("%s%s", cli.out, cli.err)
        .isZero();
    assertThat(cli.out.toString())
        .containsPattern("19-198-0000.flac\tfemale\t")
        .contains("silence.flac\tno speech\t-\t0 of 2 windows hold speech");
    assertThat(new CommandRunner().run("predict", "--fail-on-skip", model.toString(), silence.toString()))
        .isEqualTo(SkipPolicy.SKIPPED);
  }

  private static String[] append(String[] args, String more) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = more;
    return out;
  }
}
