package org.voicegender.cli;

import java.nio.file.Path;
import org.voicegender.bench.PythonPeer;
import picocli.CommandLine.Option;

/** Where the Python peer of a bench command is, and how many rounds to alternate with it. */
final class PeerOptions {
  @Option(names = "--python", defaultValue = "/usr/bin/python3",
      description = "Python interpreter for the peer, with numpy, scipy, soundfile and torch"
          + " (default ${DEFAULT-VALUE}, Debian's)")
  Path python;

  @Option(names = "--peer-dir", defaultValue = "bench",
      description = "directory of the peer scripts (default ${DEFAULT-VALUE}, in the project root)")
  Path peerDir;

  @Option(names = "--rounds", defaultValue = "5",
      description = "rounds of ours then the peer (alternating order) per figure"
          + " (default ${DEFAULT-VALUE})")
  int rounds;

  PythonPeer peer() {
    return new PythonPeer(python, peerDir);
  }

  /** The command line's words for these options, for the "Made by" note. */
  String words() {
    return "--rounds " + rounds;
  }
}
