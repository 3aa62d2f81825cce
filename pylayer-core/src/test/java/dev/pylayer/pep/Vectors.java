package dev.pylayer.pep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Locates and reads the pypa/packaging test vectors. The directory is the system property
 * {@code pylayer.vectors} when set (so another set with the same file names can be dropped in with
 * {@code -Dpylayer.vectors=DIR}), else the copy in this module's test resources.
 */
final class Vectors {

  static final String PROPERTY = "pylayer.vectors";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Vectors() {}

  static Path directory() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    URL url = Vectors.class.getClassLoader().getResource("vectors/packaging");
    if (url != null && "file".equals(url.getProtocol())) {
      try {
        return Paths.get(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return Paths.get("src/test/resources/vectors/packaging");
  }

  static JsonNode read(String fileName) {
    Path file = directory().resolve(fileName);
    try {
      return JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test vectors " + file, e);
    }
  }

  static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> out = new ArrayList<>(array.size());
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  /** A JSON true/false/null as a tri-state Boolean. */
  static Boolean triState(JsonNode node) {
    return node == null || node.isNull() ? null : node.asBoolean();
  }

  /** Shortens long inputs and makes control characters visible in test names. */
  static String label(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 90; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && Character.isWhitespace(c)) || c == 0xa0 || c == 0x202f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.length() < 90 ? sb.toString() : sb + "...";
  }
}
