package org.voicegender.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code voicegender}: the toolkit's command line. */
@Command(
    name = "voicegender",
    mixinStandardHelpOptions = true,
    version = "voicegender 0.1.0",
    description = "Speaker-gender CNN-LSTM toolkit: LibriSpeech features, training, golden model.",
    subcommands = {
      RunCommand.class,
      KernelCommand.class,
      FeaturesCommand.class,
      FuzzCommand.class,
      MfccCommand.class,
      DownloadCommand.class,
      GoldenCommand.class,
      BenchFeaturesCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      CrossValidateCommand.class,
      PredictCommand.class,
      BenchTrainingCommand.class,
      QuantizeCommand.class,
      BenchGoldenCommand.class,
      ExportCommand.class,
      ApproxCommand.class,
      CompressCommand.class,
      VoicesCommand.class,
      RobustnessCommand.class,
      CommandLine.HelpCommand.class
    })
public final class VoiceGender {
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "also show ND4J's and DL4J's start-up messages (backend, OpenMP, build flags)")
  boolean verbose;

  public static void main(String[] args) {
    // Before any logger exists: slf4j-simple reads its levels once (simplelogger.properties keeps
    // ND4J and DL4J at WARN; system properties win over it).
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      for (String logger : new String[] {"org.nd4j", "org.deeplearning4j", "org.bytedeco",
          "org.voicegender.audio.LibFlac"}) {
        System.setProperty("org.slf4j.simpleLogger.log." + logger, "info");
      }
    }
    CommandLine cli = commandLine();
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(code);
  }

  /** The command line with the project's error handling: one clear line, no stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new VoiceGender());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("voicegender " + cmd.getCommandName() + ": " + e.getMessage());
          if (Boolean.getBoolean("voicegender.debug")) {
            e.printStackTrace(cmd.getErr());
          }
          return 1;
        });
    return cli;
  }
}
