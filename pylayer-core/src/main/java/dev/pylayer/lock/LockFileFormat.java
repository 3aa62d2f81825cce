package dev.pylayer.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pylayer.files.AtomicFiles;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.GlibcVersion;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes and reads {@code pylock.toml} (PEP 751, lock-version 1.0) with pylayer's table under
 * {@code [tool.pylayer]}. The writer is deterministic: the same lock gives the same bytes (sorted
 * packages and wheels, fixed key order, no timestamps), so a lock under version control only
 * changes when a version or file does.
 */
public final class LockFileFormat {

  private LockFileFormat() {}

  /** The TOML text of {@code lock}. */
  public static String write(LockFile lock) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by pylayer lock: do not edit; run `pylayer lock` to change it.\n");
    out.append("lock-version = ").append(str(LockFile.LOCK_VERSION)).append('\n');
    out.append("environments = ").append(array(lock.environments())).append('\n');
    out.append("requires-python = ").append(str(lock.requiresPython())).append('\n');
    out.append("created-by = ").append(str(lock.createdBy())).append('\n');
    for (LockedPackage p : lock.packages()) {
      out.append("\n[[packages]]\n");
      out.append("name = ").append(str(p.name().value())).append('\n');
      out.append("version = ").append(str(p.version())).append('\n');
      p.marker().ifPresent(m -> out.append("marker = ").append(str(m)).append('\n'));
      p.index().ifPresent(i -> out.append("index = ").append(str(i)).append('\n'));
      out.append("wheels = [\n");
      for (LockedWheel w : p.wheels()) {
        out.append("  { name = ").append(str(w.filename()))
            .append(", url = ").append(str(urlText(w.url())));
        if (w.size().isPresent()) {
          out.append(", size = ").append(w.size().getAsLong());
        }
        out.append(", hashes = { sha256 = ").append(str(w.sha256())).append(" } },\n");
      }
      out.append("]\n");
    }
    out.append("\n[tool.pylayer]\n");
    out.append("fingerprint = ").append(str(lock.fingerprint())).append('\n');
    out.append("requirements = ").append(array(lock.requirements())).append('\n');
    out.append("constraints = ").append(array(lock.constraints())).append('\n');
    for (Map.Entry<Arch, InterpreterArchive> e : lock.interpreters().entrySet()) {
      out.append("\n[tool.pylayer.interpreters.").append(e.getKey().wheelMachine()).append("]\n");
      out.append("url = ").append(str(e.getValue().url())).append('\n');
      out.append("sha256 = ").append(str(e.getValue().sha256())).append('\n');
    }
    for (LockedTarget t : lock.targets()) {
      out.append("\n[[tool.pylayer.targets]]\n");
      out.append("name = ").append(str(t.name())).append('\n');
      out.append("arch = ").append(str(t.arch().wheelMachine())).append('\n');
      out.append("python = ").append(str(t.python())).append('\n');
      out.append("glibc = ").append(str(t.glibc().toString())).append('\n');
      out.append("\n[tool.pylayer.targets.wheels]\n");
      t.wheels().forEach((name, file) ->
          out.append(key(name.value())).append(" = ").append(str(file)).append('\n'));
    }
    return out.toString();
  }

  /**
   * Writes {@code lock} to {@code file} atomically (a temporary file in the same directory, then
   * a move), so a failed write never leaves half a lock.
   */
  public static void write(LockFile lock, Path file) throws IOException {
    AtomicFiles.write(file, write(lock).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a lock file.
   *
   * @throws LockFileException naming the file and what is wrong with it
   */
  public static LockFile read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new LockFileException(file + " does not exist: run pylayer lock to write it");
    }
    return read(text, file.toString());
  }

  /** Reads lock text; {@code origin} names it in errors. */
  public static LockFile read(String text, String origin) throws LockFileException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new LockFileException(origin + " is not valid TOML (" + e.getOriginalMessage()
          + "): run pylayer lock to write it again");
    }
    Reader r = new Reader(origin);
    String version = r.text(root, "lock-version");
    if (!version.startsWith("1.")) {
      throw new LockFileException(origin + ": lock-version " + version + " is not supported"
          + " (pylayer reads 1.x): run pylayer lock to write it again");
    }
    List<LockedPackage> packages = new ArrayList<>();
    for (JsonNode p : r.list(root, "packages")) {
      List<LockedWheel> wheels = new ArrayList<>();
      for (JsonNode w : r.list(p, "wheels")) {
        String name = r.text(w, "name");
        OptionalLong size = w.has("size") ? OptionalLong.of(w.get("size").asLong())
            : OptionalLong.empty();
        JsonNode hashes = w.path("hashes");
        if (!hashes.has("sha256")) {
          throw new LockFileException(origin + ": wheel " + name + " has no sha256 hash; pylayer"
              + " installs only verified files: run pylayer lock to write the lock again");
        }
        URI url;
        try {
          url = URI.create(r.text(w, "url"));
        } catch (IllegalArgumentException e) {
          throw new LockFileException(origin + ": wheel " + name + " has an invalid url: "
              + e.getMessage());
        }
        wheels.add(new LockedWheel(name, url, size, hashes.get("sha256").asText()));
      }
      if (wheels.isEmpty()) {
        throw new LockFileException(origin + ": package " + r.text(p, "name") + " has no"
            + " wheels (pylayer installs wheels only): run pylayer lock to write it again");
      }
      packages.add(new LockedPackage(PackageName.of(r.text(p, "name")), r.text(p, "version"),
          optional(p, "marker"), optional(p, "index"), wheels));
    }
    JsonNode tool = root.path("tool").path("pylayer");
    if (tool.isMissingNode()) {
      throw new LockFileException(origin + " has no [tool.pylayer] table: it was not written by"
          + " pylayer lock, which records the targets it resolved for; run pylayer lock");
    }
    List<LockedTarget> targets = new ArrayList<>();
    for (JsonNode t : r.list(tool, "targets")) {
      Map<PackageName, String> wheels = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = t.path("wheels").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        wheels.put(PackageName.of(e.getKey()), e.getValue().asText());
      }
      try {
        targets.add(new LockedTarget(Arch.parse(r.text(t, "arch")), r.text(t, "python"),
            GlibcVersion.parse(r.text(t, "glibc")), wheels));
      } catch (IllegalArgumentException e) {
        throw new LockFileException(origin + ": a [[tool.pylayer.targets]] entry is invalid: "
            + e.getMessage());
      }
    }
    Map<Arch, InterpreterArchive> interpreters = new EnumMap<>(Arch.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = tool.path("interpreters").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      interpreters.put(Arch.parse(e.getKey()),
          new InterpreterArchive(r.text(e.getValue(), "url"), r.text(e.getValue(), "sha256")));
    }
    return new LockFile(optional(root, "created-by").orElse(""),
        optional(root, "requires-python").orElse(""), r.texts(root, "environments"), packages,
        r.text(tool, "fingerprint"), r.texts(tool, "requirements"), r.texts(tool, "constraints"),
        targets, interpreters);
  }

  private static Optional<String> optional(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  /** Field access with errors naming the file. */
  private static final class Reader {
    private final String origin;

    Reader(String origin) {
      this.origin = origin;
    }

    String text(JsonNode node, String key) throws LockFileException {
      JsonNode v = node.get(key);
      if (v == null || !v.isValueNode()) {
        throw new LockFileException(origin + ": missing or invalid '" + key + "': the lock is"
            + " damaged; run pylayer lock to write it again");
      }
      return v.asText();
    }

    List<JsonNode> list(JsonNode node, String key) throws LockFileException {
      JsonNode v = node.get(key);
      List<JsonNode> out = new ArrayList<>();
      if (v == null) {
        return out;
      }
      if (!v.isArray()) {
        throw new LockFileException(origin + ": '" + key + "' must be an array: the lock is"
            + " damaged; run pylayer lock to write it again");
      }
      v.forEach(out::add);
      return out;
    }

    List<String> texts(JsonNode node, String key) throws LockFileException {
      List<String> out = new ArrayList<>();
      for (JsonNode v : list(node, key)) {
        out.add(v.asText());
      }
      return out;
    }
  }

  // ------------------------------------------------------------------ TOML output

  /**
   * A URL as text, local files in the usual {@code file:///path} form (Java's own {@code
   * file:/path} is valid but surprises readers and other tools).
   */
  private static String urlText(URI url) {
    String text = url.toString();
    if ("file".equalsIgnoreCase(url.getScheme()) && url.getRawAuthority() == null
        && text.startsWith("file:/") && !text.startsWith("file://")) {
      return "file://" + text.substring("file:".length());
    }
    return text;
  }

  private static String array(List<String> values) {
    if (values.isEmpty()) {
      return "[]";
    }
    StringBuilder b = new StringBuilder("[\n");
    for (String v : values) {
      b.append("  ").append(str(v)).append(",\n");
    }
    return b.append(']').toString();
  }

  /** A bare key when it may be one, else a quoted key. */
  private static String key(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : str(key);
  }

  /** A TOML basic string. */
  static String str(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\r':
          b.append("\\r");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }
}
