package org.voicegender.kernel;

import com.google.gson.GsonBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * {@code java -cp ... org.voicegender.kernel.KernelMain <connection_file>} runs the kernel (Jupyter
 * starts it so); {@link #install} writes the kernelspec ({@code voicegender kernel install}).
 */
public final class KernelMain {

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: KernelMain <connection_file> (install with: voicegender kernel install)");
      System.exit(2);
    }
    runKernel(Path.of(args[0]));
  }

  static void runKernel(Path connectionFile) throws Exception {
    System.setProperty("java.awt.headless", "true");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");

    KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
    JupyterConnection connection = new JupyterConnection(props);

    JavaKernel kernel = new JavaKernel(); // creates the JShell (the slow part of the start-up)
    kernel.onStartup();                     // registers it as BaseKernel.notebookKernel() for magics/display
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
    System.exit(0); // JShell / ZeroMQ threads must not keep the JVM alive after shutdown_request
  }

  /**
   * Writes {@code kernelsDir/name/kernel.json}, which starts this kernel with the given classpath
   * (default: this JVM's own, made absolute), and returns the file.
   */
  public static Path install(String name, String displayName, Path kernelsDir, String classpath) throws Exception {
    Map<String, Object> spec = new LinkedHashMap<>();
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // maxphysicalbytes=0: no resident-size check per native pointer (see bin/voicegender)
    spec.put("argv", List.of(javaBin, "-Xmx6g", "--add-modules", "jdk.incubator.vector",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-cp", classpath != null ? classpath : absoluteClasspath(),
        KernelMain.class.getName(), "{connection_file}"));
    spec.put("display_name", displayName);
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    spec.put("env", Map.of("OMP_NUM_THREADS", "1"));
    Path dir = kernelsDir.resolve(name);
    Files.createDirectories(dir);
    Path file = dir.resolve("kernel.json");
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n");
    return file;
  }

  /** Jupyter's per-user kernels folder. */
  public static Path userKernelsDir() {
    return Path.of(System.getProperty("user.home"), ".local", "share", "jupyter", "kernels");
  }

  /** The installer's own classpath (the launcher has already expanded lib/* wildcards), made absolute. */
  public static String absoluteClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
