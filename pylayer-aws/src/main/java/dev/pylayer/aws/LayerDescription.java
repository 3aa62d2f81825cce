package dev.pylayer.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The description pylayer gives a layer version: its tool and version and the zip's sha256. The
 * hash is how a later publish recognizes identical content (layer versions are immutable, and
 * ListLayerVersions returns descriptions but no code hash).
 */
final class LayerDescription {

  private static final Pattern SHA256 = Pattern.compile("\\bsha256:([0-9a-f]{64})\\b");

  private LayerDescription() {}

  static String of(String sha256, String pylayerVersion, String zipName) {
    String text = zipName + " built by pylayer " + pylayerVersion + " sha256:" + sha256;
    return text.length() <= 256 ? text : "pylayer " + pylayerVersion + " sha256:" + sha256;
  }

  static Optional<String> sha256(String description) {
    if (description == null) {
      return Optional.empty();
    }
    Matcher m = SHA256.matcher(description);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
