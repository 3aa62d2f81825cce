package dev.pylayer.interpreter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 text validation and file digests. */
final class Sha256 {

  private Sha256() {}

  /** Validates and lower-cases a hex digest; {@code of} names what it belongs to. */
  static String check(String sha256, String of) {
    if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("sha256 of " + of + " must be 64 hex digits, got '"
          + sha256 + "'");
    }
    return sha256.toLowerCase(Locale.ROOT);
  }

  /** The SHA-256 of a file's bytes, lower-case hex. */
  static String of(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
