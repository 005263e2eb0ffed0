package org.voicegender.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code voicegender spark-*}: the Spark jobs; also the shaded jar's main class for spark-submit. */
@Command(
    name = "voicegender",
    mixinStandardHelpOptions = true,
    version = "voicegender-spark 0.1.0",
    description = "voicegender's jobs on Apache Spark: features to Parquet, batch inference.",
    subcommands = {
      SparkFeaturesCommand.class,
      SparkPredictCommand.class,
      BenchSparkCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SparkMain {
  public static void main(String[] args) {
    CommandLine cli = commandLine();
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(code);
  }

  /** The command line with the project's error handling: one clear line, no stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SparkMain());
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
