package dev.pylayer.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * pylayer's own version (the Maven project version, written into the jar at build time): it goes
 * into published layer descriptions and the Maven plugin's up-to-date check.
 */
public final class PylayerVersion {

  private static final String VERSION = load();

  private PylayerVersion() {}

  /** E.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = PylayerVersion.class.getResourceAsStream("pylayer-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("pylayer-version.properties is missing from the jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
