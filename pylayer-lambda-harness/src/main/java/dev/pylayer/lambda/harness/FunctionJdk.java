package dev.pylayer.lambda.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds a JDK to run a function for a Lambda Java runtime (java21: a JDK 21 or newer). */
public final class FunctionJdk {
  private FunctionJdk() {}

  /**
   * A JDK home of at least {@code feature} (e.g. 21): {@code JAVA<feature>_HOME} if set, this JVM's
   * own, then the JDKs under /usr/lib/jvm, newest first.
   */
  public static Optional<Path> find(int feature) {
    List<Path> homes = new ArrayList<>();
    String explicit = System.getenv("JAVA" + feature + "_HOME");
    if (explicit != null && !explicit.isBlank()) {
      homes.add(Path.of(explicit));
    }
    homes.add(Path.of(System.getProperty("java.home")));
    try (var jvms = Files.list(Path.of("/usr/lib/jvm"))) {
      jvms.filter(Files::isDirectory).sorted((a, b) -> Integer.compare(release(b), release(a))).forEach(homes::add);
    } catch (IOException e) {
      // No /usr/lib/jvm: only the homes above.
    }
    for (Path home : homes) {
      if (Files.isExecutable(home.resolve("bin/java")) && Files.isExecutable(home.resolve("bin/javac")) && release(home) >= feature) {
        return Optional.of(home);
      }
    }
    return Optional.empty();
  }

  /** The feature version in a JDK's {@code release} file ({@code JAVA_VERSION="21.0.2"}), or 0. */
  static int release(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
