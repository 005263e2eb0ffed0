package org.voicegender.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
      CommandLine.HelpCommand.class
    })
public final class VoiceGender {
  public static void main(String[] args) {
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
