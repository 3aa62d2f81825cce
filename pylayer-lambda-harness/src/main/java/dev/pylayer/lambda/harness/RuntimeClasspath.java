package dev.pylayer.lambda.harness;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The jars of AWS's Java runtime interface client and its dependencies, found where this JVM loaded
 * them from (the harness depends on {@code com.amazonaws:aws-lambda-java-runtime-interface-client}),
 * to put on the function JVM's class path as Lambda's {@code /var/runtime/lib} is.
 */
final class RuntimeClasspath {
  /** The runtime interface client's main class, which Lambda's Java runtimes start. */
  static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /** One class from each jar: the client, aws-lambda-java-core, -serialization, AWS SDK utils-lite and annotations. */
  private static final List<String> MARKERS = List.of(
      MAIN_CLASS,
      "com.amazonaws.services.lambda.runtime.Context",
      "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
      "software.amazon.awssdk.utilslite.SdkInternalThreadLocal",
      "software.amazon.awssdk.annotations.SdkProtectedApi");

  private RuntimeClasspath() {}

  /**
   * The jars.
   *
   * @throws IllegalStateException naming the class whose jar is missing from this JVM's class path
   */
  static List<Path> jars() {
    Set<Path> jars = new LinkedHashSet<>();
    for (String marker : MARKERS) {
      Class<?> type;
      try {
        type = Class.forName(marker, false, RuntimeClasspath.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(marker + " is not on the class path: pylayer-lambda-harness needs"
            + " com.amazonaws:aws-lambda-java-runtime-interface-client and its dependencies beside it", e);
      }
      CodeSource source = type.getProtectionDomain().getCodeSource();
      if (source == null) {
        throw new IllegalStateException("cannot tell which jar " + marker + " was loaded from");
      }
      try {
        Path path = Path.of(source.getLocation().toURI());
        if (!Files.isRegularFile(path)) {
          throw new IllegalStateException(marker + " was loaded from " + path + ", not a jar");
        }
        jars.add(path);
      } catch (URISyntaxException e) {
        throw new IllegalStateException("unreadable location of " + marker + ": " + source.getLocation(), e);
      }
    }
    return new ArrayList<>(jars);
  }
}
