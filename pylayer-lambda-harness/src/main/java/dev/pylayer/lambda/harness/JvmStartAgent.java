package dev.pylayer.lambda.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent the launcher adds to the function's JVM: its {@code premain} runs once the JVM is up,
 * before the runtime interface client's {@code main}, and prints the time, which the harness reads to
 * split the init phase into JVM start and the rest. It loads nothing beyond {@code java.time}.
 */
public final class JvmStartAgent {
  /** The prefix of the line the agent prints on the function's standard output. */
  public static final String MARKER = "pylayer-harness: jvm started at epoch-us ";

  private JvmStartAgent() {}

  /** Prints {@link #MARKER} and the current time in microseconds since the epoch. */
  public static void premain(String args) {
    Instant now = Instant.now();
    System.out.println(MARKER + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
    System.out.flush();
  }

  /** Writes the agent's jar (this class and a Premain-Class manifest) into {@code dir}, for -javaagent. */
  static Path writeJar(Path dir) throws IOException {
    Path jar = dir.resolve("pylayer-harness-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), JvmStartAgent.class.getName());
    String entry = JvmStartAgent.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream in = JvmStartAgent.class.getClassLoader().getResourceAsStream(entry)) {
      if (in == null) {
        throw new IllegalStateException(entry + " is missing from the harness");
      }
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
