package dev.pylayer.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 helpers: hashing files, streams and bytes to lower-case hex, and hash validation. */
public final class Sha256 {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Sha256() {}

  /** The lower-case hex SHA-256 of a file's content. */
  public static String of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in);
    }
  }

  /** The lower-case hex SHA-256 of everything left in the stream (which it does not close). */
  public static String of(InputStream in) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
    }
    return hex(digest.digest());
  }

  /** The lower-case hex SHA-256 of the bytes. */
  public static String of(byte[] bytes) {
    return hex(newDigest().digest(bytes));
  }

  /** A fresh SHA-256 {@link MessageDigest}. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Lower-case hex of a digest. */
  public static String hex(byte[] digest) {
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }

  /** Whether the text is a SHA-256 in hex (64 hex digits, any case). */
  public static boolean isValid(String hex) {
    return hex != null && HEX64.matcher(hex).matches();
  }

  /**
   * The hash in lower case, checked.
   *
   * @throws IllegalArgumentException naming the value if it is not 64 hex digits
   */
  public static String requireValid(String hex, String what) {
    if (!isValid(hex)) {
      throw new IllegalArgumentException(
          what + ": '" + hex + "' is not a SHA-256 hash (expected 64 hex digits)");
    }
    return hex.toLowerCase(Locale.ROOT);
  }
}
