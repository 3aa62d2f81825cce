package dev.pylayer.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text files shipped inside pylayer's jar: scripts, rules, lists and templates. */
public final class BundledResources {

  private BundledResources() {}

  /**
   * The UTF-8 text of resource {@code name}, looked up as {@code owner.getResourceAsStream} does
   * (relative to {@code owner}'s package unless it starts with {@code /}).
   *
   * @throws IllegalStateException when the jar lacks it (a broken build of pylayer)
   */
  public static String text(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("pylayer is missing its resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pylayer's resource " + name, e);
    }
  }
}
