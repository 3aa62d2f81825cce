package dev.pylayer.runtime;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from text the JVM shows: the worker's stderr (forwarded to the log and kept for
 * {@link WorkerCrashedException}), error messages and the client's own log. Two kinds of rules:
 *
 * <ul>
 *   <li>secrets known by value: those of secret-named environment variables, and every secret a request
 *       carried ({@link #learn}): {@code api_key}, credential objects such as {@code vertex_credentials}
 *       (each secret-named member, and each line of a multi-line value such as a private key),
 *       secret-named headers, and {@code key=} or {@code token=} values in URLs;
 *   <li>patterns for secrets never seen by value: Authorization headers, bearer tokens, {@code
 *       api_key=...}, {@code sk-...} keys, {@code ?key=} in URLs, PEM private keys.
 * </ul>
 *
 * The worker applies the same rules to what it writes; this is the second line of defence for
 * whatever libraries print below Python (C extensions writing to fd 2). Thread-safe.
 */
final class Redactor {
  /** Names of variables, parameters, headers and JSON members whose values are secrets. */
  static final Pattern SECRET_NAME = Pattern.compile("(?i)(key|token|secret|password|authorization|credential|signature)");
  private static final int MIN_SECRET = 6;
  /** Top-level parameters that carry the conversation, not credentials: not walked (they can be large). */
  private static final Set<String> CONTENT_PARAMS =
      Set.of("messages", "input", "tools", "functions", "response_format", "prompt", "tool_choice");
  private static final int MAX_LEARNED = 1024;
  private static final Pattern AUTHORIZATION =
      Pattern.compile("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?)(?:bearer\\s+|basic\\s+)?[^\\s\"',}]+");
  private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+");
  private static final Pattern API_KEY = Pattern.compile("(?i)(api[_-]?key[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}&]+");
  private static final Pattern NAMED_SECRET = Pattern.compile(
      "(?i)((?:client_secret|secret_access_key|session_token|access_token|refresh_token|id_token|private_key|password)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}&]+");
  private static final Pattern URL_KEY = Pattern.compile("(?i)([?&](?:key|api[_-]?key|token|access_token|sig|signature|code)=)[^&\\s\"'#]+");
  private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)(?:bearer|basic|token|key)\\s+(\\S+)\\s*");
  private static final Pattern SK_TOKEN = Pattern.compile("\\bsk-[A-Za-z0-9_-]{6,}");
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)");

  private final Set<String> known = new LinkedHashSet<>();
  private volatile String[] secrets;

  private Redactor(Collection<String> secrets) {
    known.addAll(secrets);
    this.secrets = sortedLongestFirst(known);
  }

  /** Redacts the known patterns plus the values of secret-looking variables in {@code environments}. */
  @SafeVarargs
  static Redactor forEnvironments(Map<String, String>... environments) {
    List<String> values = new ArrayList<>();
    for (Map<String, String> env : environments) {
      for (Map.Entry<String, String> e : env.entrySet()) {
        if (SECRET_NAME.matcher(e.getKey()).find()) {
          collectValue(e.getValue(), values);
        }
      }
    }
    return new Redactor(values);
  }

  /**
   * Remembers the secrets in a request's parameters, so a library printing one later is redacted too.
   * Cheap when they are already known (the usual case: the same key on every call).
   */
  void learn(Collection<String> requestSecrets) {
    if (requestSecrets.isEmpty()) {
      return;
    }
    String[] current = secrets;
    boolean allKnown = true;
    for (String s : requestSecrets) {
      if (!contains(current, s)) {
        allKnown = false;
        break;
      }
    }
    if (allKnown) {
      return;
    }
    synchronized (known) {
      for (String s : requestSecrets) {
        known.remove(s);
        known.add(s); // most recent last
      }
      while (known.size() > MAX_LEARNED) {
        known.remove(known.iterator().next());
      }
      secrets = sortedLongestFirst(known);
    }
  }

  /**
   * The secrets in request parameters: string values of secret-named members at any depth (so a
   * credentials object's private key and a header's token count), every value of a member holding a
   * credentials JSON string, and key or token query values in URL strings.
   */
  static List<String> secretsIn(Map<String, ?> params) {
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, ?> e : params.entrySet()) {
      if (!CONTENT_PARAMS.contains(e.getKey())) {
        walk(e.getKey(), e.getValue(), false, found, 1);
      }
    }
    return found;
  }

  private static void walk(String name, Object value, boolean secretContext, List<String> found, int depth) {
    if (depth > 16 || value == null) {
      return;
    }
    boolean secret = secretContext || (name != null && SECRET_NAME.matcher(name).find());
    if (value instanceof String) {
      String text = (String) value;
      if (secret) {
        collectValue(text, found);
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
          // A credentials object passed as JSON text (vertex_credentials): its members too.
          try {
            walk(null, Json.parseObject(trimmed), false, found, depth + 1);
          } catch (IllegalArgumentException e) {
            // Not JSON: the whole value is already remembered.
          }
        }
      } else if (text.startsWith("http://") || text.startsWith("https://")) {
        collectUrlSecrets(text, found);
      }
    } else if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        // Members are judged by their own names: a credentials object's private_key counts, its
        // project_id does not (redacting it everywhere would only garble logs).
        walk(String.valueOf(e.getKey()), e.getValue(), false, found, depth + 1);
      }
    } else if (value instanceof Iterable) {
      for (Object element : (Iterable<?>) value) {
        walk(name, element, secret, found, depth + 1);
      }
    }
  }

  private static void collectUrlSecrets(String url, List<String> found) {
    String query;
    try {
      query = URI.create(url).getRawQuery();
    } catch (IllegalArgumentException e) {
      int q = url.indexOf('?');
      query = q < 0 ? null : url.substring(q + 1);
    }
    if (query == null) {
      return;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && SECRET_NAME.matcher(pair.substring(0, eq)).find()) {
        collectValue(pair.substring(eq + 1), found);
      }
    }
  }

  /** A secret value, plus each long line of a multi-line one (a PEM key printed line by line). */
  private static void collectValue(String value, List<String> out) {
    if (value == null || value.length() < MIN_SECRET) {
      return;
    }
    out.add(value);
    java.util.regex.Matcher scheme = AUTH_SCHEME.matcher(value);
    if (scheme.matches() && scheme.group(1).length() >= MIN_SECRET) {
      out.add(scheme.group(1)); // "Bearer abc": a provider may quote abc alone
    }
    if (value.indexOf('\n') >= 0) {
      for (String line : value.split("\\r?\\n")) {
        if (line.strip().length() >= 16 && !line.startsWith("-----")) {
          out.add(line.strip());
        }
      }
    }
    // As JSON or Python's repr would print it: newlines escaped.
    if (value.indexOf('\n') >= 0) {
      out.add(value.replace("\n", "\\n"));
    }
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, "[REDACTED]");
      }
    }
    out = PRIVATE_KEY.matcher(out).replaceAll("[REDACTED $1PRIVATE KEY]");
    out = AUTHORIZATION.matcher(out).replaceAll("$1[REDACTED]");
    out = BEARER.matcher(out).replaceAll("Bearer [REDACTED]");
    out = API_KEY.matcher(out).replaceAll("$1[REDACTED]");
    out = NAMED_SECRET.matcher(out).replaceAll("$1[REDACTED]");
    out = URL_KEY.matcher(out).replaceAll("$1[REDACTED]");
    return SK_TOKEN.matcher(out).replaceAll("sk-[REDACTED]");
  }

  private static boolean contains(String[] values, String value) {
    for (String v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** Longest first, so a secret that contains another is replaced whole. */
  private static String[] sortedLongestFirst(Collection<String> values) {
    String[] array = new LinkedHashSet<>(values).toArray(new String[0]);
    java.util.Arrays.sort(array, (a, b) -> Integer.compare(b.length(), a.length()));
    return array;
  }
}
