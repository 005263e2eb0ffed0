package org.voicegender.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer runner against a stand-in interpreter (a shell script), so the behaviour is checked
 * without Python: what it passes, what it parses, what it says when something is wrong.
 */
class PythonPeerTest {
  @TempDir Path dir;

  /** A stand-in for python3: "-c CODE" succeeds (or fails with a message); a script is run by sh. */
  static Path fakePython(Path dir, boolean modulesPresent) throws IOException {
    Path python = dir.resolve("python3");
    Files.writeString(python, "#!/bin/sh\n"
        + "if [ \"$1\" = \"-c\" ]; then\n"
        + (modulesPresent
            ? "  echo 'Python 0.fake, numpy 0, torch 0'; exit 0\n"
            : "  echo \"ModuleNotFoundError: No module named 'torch'\" >&2; exit 1\n")
        + "fi\n"
        + "script=$1; shift; exec /bin/sh \"$script\" \"$@\"\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
    return python;
  }

  @Test
  void runsTheScriptWithItsThreadCountAndReadsItsLastJsonLine() throws IOException {
    Files.writeString(dir.resolve("peer.py"),
        "echo 'warming up'\necho \"{\\\"omp\\\": $OMP_NUM_THREADS, \\\"args\\\": \\\"$*\\\"}\"\n");
    PythonPeer peer = new PythonPeer(fakePython(dir, true), dir);
    JsonNode json = peer.run("peer.py", 2, "--batch", "64");
    assertThat(PythonPeer.number(json, "omp", "peer.py")).isEqualTo(2);
    assertThat(json.get("args").asText()).isEqualTo("--batch 64");
    assertThat(peer.unavailable("peer.py", List.of("torch"))).isEmpty();
  }

  @Test
  void reportsAFailingPeerWithItsScriptAndLastErrorLine() throws IOException {
    Files.writeString(dir.resolve("bad.py"), "echo 'Traceback' >&2\necho 'ValueError: boom' >&2\nexit 3\n");
    Files.writeString(dir.resolve("chatty.py"), "echo 'done, no figures'\n");
    PythonPeer peer = new PythonPeer(fakePython(dir, true), dir);
    assertThatThrownBy(() -> peer.run("bad.py", 1))
        .hasMessageContaining("bad.py").hasMessageContaining("exited with 3")
        .hasMessageContaining("ValueError: boom");
    assertThatThrownBy(() -> peer.run("chatty.py", 1))
        .hasMessageContaining("chatty.py").hasMessageContaining("no JSON object")
        .hasMessageContaining("done, no figures");
    JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"a\": 1}");
    assertThatThrownBy(() -> PythonPeer.number(json, "ms_per_file", "x.py"))
        .hasMessageContaining("x.py").hasMessageContaining("\"ms_per_file\"");
  }

  @Test
  void saysWhyThePeerCannotRunAndHowToInstallIt() throws IOException {
    Files.writeString(dir.resolve("peer.py"), "exit 0\n");
    assertThat(new PythonPeer(dir.resolve("no-python"), dir).unavailable("peer.py", List.of("torch")))
        .hasValueSatisfying(why -> assertThat(why).contains("no-python").contains("apt-get install"));
    assertThat(new PythonPeer(fakePython(dir, true), dir).unavailable("missing.py", List.of("torch")))
        .hasValueSatisfying(why -> assertThat(why).contains("missing.py").contains("not found"));
    assertThat(new PythonPeer(fakePython(dir, false), dir).unavailable("peer.py", List.of("torch")))
        .hasValueSatisfying(why -> assertThat(why)
            .contains("cannot import torch").contains("No module named 'torch'")
            .contains("python3-torch"));
  }
}
