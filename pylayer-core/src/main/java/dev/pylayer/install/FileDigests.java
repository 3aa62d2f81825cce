package dev.pylayer.install;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The hash algorithms RECORD files may use, and the digest encoding they use. */
final class FileDigests {

  // hashlib names → JDK names. md5 and sha1 are forbidden by the wheel spec ("sha256 or better").
  private static final Map<String, String> ALGORITHMS =
      Map.of(
          "sha224", "SHA-224",
          "sha256", "SHA-256",
          "sha384", "SHA-384",
          "sha512", "SHA-512",
          "sha3_256", "SHA3-256",
          "sha3_384", "SHA3-384",
          "sha3_512", "SHA3-512");

  private FileDigests() {}

  /** A new digest for a RECORD algorithm name, or empty when it is unknown or too weak. */
  static Optional<MessageDigest> forAlgorithm(String recordAlgorithm) {
    String jdkName = ALGORITHMS.get(recordAlgorithm.toLowerCase(Locale.ROOT));
    if (jdkName == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(MessageDigest.getInstance(jdkName));
    } catch (NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The RECORD encoding of a digest: urlsafe base64 without {@code =} padding. */
  static String encode(byte[] digest) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /**
   * Whether a RECORD digest value written in hex equals {@code digest}. The spec says urlsafe
   * base64, but some published wheels (gmsh 4.15.2) write hex; pip never checks, so they install
   * there.
   */
  static boolean matchesHex(String recordValue, byte[] digest) {
    return recordValue.strip().equalsIgnoreCase(java.util.HexFormat.of().formatHex(digest));
  }

  /** Whether a RECORD digest value (padding tolerated) equals {@code digest}. */
  static boolean matches(String recordValue, byte[] digest) {
    String trimmed = recordValue.strip();
    while (trimmed.endsWith("=")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return MessageDigest.isEqual(
        trimmed.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        encode(digest).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
