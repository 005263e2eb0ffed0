package org.voicegender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package list reads as the pipeline: each package of {@code src/main/java} uses only the
 * packages before it in {@link #ORDER} (README's layout section lists them so), and each has a
 * {@code package-info.java}.
 */
class PackageLayeringTest {
  static final List<String> ORDER = List.of("audio", "corpus", "output", "features", "activation",
      "model.layers", "model", "evaluate", "train", "quant", "export", "approx", "compress", "robust", "bench",
      "report", "jobs", "fuzz", "kernel", "cli");
  static final Path SOURCES = Path.of("src/main/java/org/voicegender");
  static final Pattern PACKAGE = Pattern.compile("^package org\\.voicegender\\.([\\w.]+);", Pattern.MULTILINE);
  static final Pattern USE = Pattern.compile("org\\.voicegender\\.([a-z.]+?)\\.[A-Z]");

  @Test
  void everyPackageUsesOnlyThePackagesAboveIt() throws IOException {
    List<String> upward = new ArrayList<>();
    for (Path file : javaFiles()) {
      String text = Files.readString(file);
      Matcher p = PACKAGE.matcher(text);
      assertThat(p.find()).as(file + " declares a package").isTrue();
      String own = p.group(1);
      assertThat(ORDER).as("package of " + file).contains(own);
      String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
      Matcher m = USE.matcher(code);
      while (m.find()) {
        String used = m.group(1);
        if (!used.equals(own) && ORDER.indexOf(used) > ORDER.indexOf(own)) {
          upward.add(file.getFileName() + " (" + own + ") uses " + used);
        }
      }
    }
    assertThat(upward).isEmpty();
  }

  @Test
  void everyPackageSaysWhatItDoes() throws IOException {
    for (String pkg : ORDER) {
      Path dir = SOURCES.resolve(pkg.replace('.', '/'));
      if (Files.isDirectory(dir)) {
        assertThat(dir.resolve("package-info.java")).exists();
      }
    }
  }

  private static List<Path> javaFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      return walk.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).toList();
    }
  }
}
