package dev.pylayer.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes API keys and tokens from text the JVM shows (the worker's stderr in logs and exceptions).
 * The worker applies the same rules to its error messages; this is the second line of defence for
 * whatever libraries print.
 */
final class Redactor {
  private static final Pattern SECRET_NAME = Pattern.compile("(?i)(key|token|secret|password|authorization)");
  private static final Pattern AUTHORIZATION =
      Pattern.compile("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?)(?:bearer\\s+|basic\\s+)?[^\\s\"',}]+");
  private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+");
  private static final Pattern API_KEY = Pattern.compile("(?i)(api[_-]?key[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}]+");
  private static final Pattern SK_TOKEN = Pattern.compile("\\bsk-[A-Za-z0-9_-]{6,}");

  private final List<String> secrets;

  private Redactor(Collection<String> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** Redacts the known patterns plus the values of secret-looking variables in {@code environments}. */
  @SafeVarargs
  static Redactor forEnvironments(Map<String, String>... environments) {
    List<String> values = new ArrayList<>();
    for (Map<String, String> env : environments) {
      for (Map.Entry<String, String> e : env.entrySet()) {
        String value = e.getValue();
        if (value != null && value.length() >= 6 && SECRET_NAME.matcher(e.getKey()).find()) {
          values.add(value);
        }
      }
    }
    return new Redactor(values);
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, "[REDACTED]");
    }
    out = AUTHORIZATION.matcher(out).replaceAll("$1[REDACTED]");
    out = BEARER.matcher(out).replaceAll("Bearer [REDACTED]");
    out = API_KEY.matcher(out).replaceAll("$1[REDACTED]");
    return SK_TOKEN.matcher(out).replaceAll("sk-[REDACTED]");
  }
}
