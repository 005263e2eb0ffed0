package org.voicegender.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.kernel.KernelMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "kernel", mixinStandardHelpOptions = true,
    description = "The Java notebook kernel.", subcommands = KernelCommand.Install.class)
final class KernelCommand {

  @Command(name = "install", mixinStandardHelpOptions = true,
      description = "Register the kernelspec 'voicegender' with Jupyter (this build's classpath).")
  static final class Install implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dir", description = "kernels folder (default: ~/.local/share/jupyter/kernels)")
    Path dir;

    @Option(names = "--name", defaultValue = "voicegender")
    String name;

    @Override
    public Integer call() throws Exception {
      Path file = KernelMain.install(name, "Java (voicegender)",
          dir != null ? dir : KernelMain.userKernelsDir(), null);
      spec.commandLine().getOut().println("installed kernelspec '" + name + "' in " + file);
      return 0;
    }
  }
}
