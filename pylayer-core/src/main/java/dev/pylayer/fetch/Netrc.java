package dev.pylayer.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code .netrc} file: {@code machine}/{@code login}/{@code password} entries and an
 * optional {@code default} entry, as curl, requests and pip read them. {@code account} is read and
 * ignored, {@code macdef} bodies are skipped, {@code #} starts a comment, tokens may be quoted.
 */
public final class Netrc {

  /** A login from a netrc entry. */
  public static final class Login {
    private final String user;
    private final String password;

    Login(String user, String password) {
      this.user = user;
      this.password = password;
    }

    public String user() {
      return user;
    }

    public String password() {
      return password;
    }
  }

  private final Map<String, Login> machines;
  private final Login defaultLogin;

  private Netrc(Map<String, Login> machines, Login defaultLogin) {
    this.machines = machines;
    this.defaultLogin = defaultLogin;
  }

  /** A netrc with no entries. */
  public static Netrc empty() {
    return new Netrc(Map.of(), null);
  }

  /**
   * Where netrc lives as requests (and so pip) looks: {@code $NETRC} if set, else
   * {@code ~/.netrc}, else {@code ~/_netrc}; empty if none exists.
   */
  public static Optional<Path> locate(Map<String, String> env, Path home) {
    String explicit = env.get("NETRC");
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }
    if (home == null) {
      return Optional.empty();
    }
    for (String name : List.of(".netrc", "_netrc")) {
      Path path = home.resolve(name);
      if (Files.isRegularFile(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  /** Reads the netrc the environment points to, or an empty one if there is none. */
  public static Netrc load(Map<String, String> env, Path home) throws IOException {
    Optional<Path> path = locate(env, home);
    return path.isPresent() ? load(path.get()) : empty();
  }

  /** Reads and parses one netrc file. */
  public static Netrc load(Path file) throws IOException {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses netrc text.
   *
   * @throws IllegalArgumentException if a keyword lacks its value
   */
  public static Netrc parse(String text) {
    List<String> tokens = tokenize(text);
    Map<String, Login> machines = new LinkedHashMap<>();
    Login defaultLogin = null;
    int i = 0;
    while (i < tokens.size()) {
      String token = tokens.get(i++);
      if (token.equals("machine") || token.equals("default")) {
        String machine = null;
        if (token.equals("machine")) {
          machine = valueAt(tokens, i++, "machine");
        }
        String login = "";
        String password = "";
        while (i < tokens.size()) {
          String key = tokens.get(i);
          if (key.equals("login") || key.equals("user")) {
            login = valueAt(tokens, i + 1, key);
          } else if (key.equals("password")) {
            password = valueAt(tokens, i + 1, key);
          } else if (key.equals("account")) {
            valueAt(tokens, i + 1, key);
          } else {
            break;
          }
          i += 2;
        }
        Login entry = new Login(login, password);
        if (machine == null) {
          defaultLogin = entry;
        } else {
          // The first entry for a host wins, as in curl and Python's netrc.
          machines.putIfAbsent(machine.toLowerCase(Locale.ROOT), entry);
        }
      }
      // Anything else (a stray token) is skipped, as Python's netrc does for unknown keywords.
    }
    return new Netrc(machines, defaultLogin);
  }

  /** The login for a host name (no port), falling back to the {@code default} entry. */
  public Optional<Login> forHost(String host) {
    if (host == null) {
      return Optional.empty();
    }
    Login login = machines.get(host.toLowerCase(Locale.ROOT));
    return Optional.ofNullable(login != null ? login : defaultLogin);
  }

  private static String valueAt(List<String> tokens, int index, String keyword) {
    if (index >= tokens.size()) {
      throw new IllegalArgumentException("netrc keyword '" + keyword + "' has no value");
    }
    return tokens.get(index);
  }

  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int l = 0; l < lines.length; l++) {
      String line = lines[l];
      int i = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#') {
          break;
        } else {
          StringBuilder token = new StringBuilder();
          if (c == '"') {
            i++;
            while (i < line.length() && line.charAt(i) != '"') {
              if (line.charAt(i) == '\\' && i + 1 < line.length()) {
                i++;
              }
              token.append(line.charAt(i++));
            }
            i++;
          } else {
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
              if (line.charAt(i) == '\\' && i + 1 < line.length()) {
                i++;
              }
              token.append(line.charAt(i++));
            }
          }
          String value = token.toString();
          if (value.equals("macdef") && (tokens.isEmpty() || !isValueKeyword(tokens))) {
            // A macro body runs to the next empty line; it holds no credentials.
            while (l + 1 < lines.length && !lines[l + 1].isBlank()) {
              l++;
            }
            break;
          }
          tokens.add(value);
        }
      }
    }
    return tokens;
  }

  private static boolean isValueKeyword(List<String> tokens) {
    String last = tokens.get(tokens.size() - 1);
    return last.equals("machine") || last.equals("login") || last.equals("user")
        || last.equals("password") || last.equals("account");
  }
}
