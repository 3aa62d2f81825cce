package dev.pylayer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes real wheel files for tests: a zip with {@code METADATA}, {@code WHEEL}, optional {@code
 * top_level.txt} and a {@code RECORD} whose sha256 hashes and sizes are computed from the content,
 * Unix modes on every entry, and a fixed timestamp (the same builder gives the same bytes). Options
 * break the wheel on purpose for negative tests.
 *
 * <pre>{@code
 * Path whl = WheelBuilder.wheel("demo-pkg", "1.0")
 *     .tag("py3-none-any")
 *     .file("demo_pkg/__init__.py", "x = 1\n")
 *     .requires("idna>=3")
 *     .data("data/share/demo/x.txt", "hello")
 *     .build(dir);
 * }</pre>
 */
public final class WheelBuilder {

  /** 2020-01-01T00:00:00Z: a sane fixed date for every entry. */
  private static final long FIXED_TIME_MILLIS = 1577836800000L;

  private final String name;
  private final String version;
  private String tag = "py3-none-any";
  private Boolean rootIsPurelib;
  private String wheelVersion = "1.0";
  private String requiresPython;
  private final List<String> requiresDist = new ArrayList<>();
  private final List<String[]> extraMetadata = new ArrayList<>();
  private String metadataName;
  private List<String> topLevel;
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, Integer> modes = new LinkedHashMap<>();
  private final Set<String> omitFromRecord = new HashSet<>();
  private final Set<String> corruptHash = new HashSet<>();
  private final Set<String> wrongSize = new HashSet<>();
  private final Set<String> unhashed = new HashSet<>();
  private final List<String> recordOnly = new ArrayList<>();
  private boolean hexDigests;
  private boolean writeWheelFile = true;
  private boolean writeMetadataFile = true;
  private String fileNameOverride;

  private WheelBuilder(String name, String version) {
    this.name = name;
    this.version = version;
  }

  /** A wheel of project {@code name} (as written, e.g. {@code Demo-Pkg}) at {@code version}. */
  public static WheelBuilder wheel(String name, String version) {
    return new WheelBuilder(name, version);
  }

  /** The escaped name used in file and directory names: {@code demo_pkg}. */
  public String escapedName() {
    return name.replaceAll("[-_.]+", "_").toLowerCase(Locale.ROOT);
  }

  /** {@code demo_pkg-1.0.dist-info}. */
  public String distInfo() {
    return escapedName() + "-" + version + ".dist-info";
  }

  /** {@code demo_pkg-1.0.data}. */
  public String dataDir() {
    return escapedName() + "-" + version + ".data";
  }

  /** The file name {@link #build} writes: {@code demo_pkg-1.0-py3-none-any.whl}. */
  public String fileName() {
    return fileNameOverride != null
        ? fileNameOverride
        : escapedName() + "-" + version + "-" + tag + ".whl";
  }

  /** The compatibility tag, e.g. {@code cp311-cp311-manylinux_2_17_x86_64}. */
  public WheelBuilder tag(String tag) {
    this.tag = tag;
    return this;
  }

  /** {@code Root-Is-Purelib}; by default true exactly when the ABI tag is {@code none}. */
  public WheelBuilder rootIsPurelib(boolean purelib) {
    this.rootIsPurelib = purelib;
    return this;
  }

  /** {@code Wheel-Version} in {@code WHEEL} ({@code 1.0} by default). */
  public WheelBuilder wheelVersion(String wheelVersion) {
    this.wheelVersion = wheelVersion;
    return this;
  }

  public WheelBuilder requires(String requirement) {
    requiresDist.add(requirement);
    return this;
  }

  public WheelBuilder requiresPython(String specifiers) {
    this.requiresPython = specifiers;
    return this;
  }

  /** Another METADATA header (repeatable). */
  public WheelBuilder metadata(String field, String value) {
    extraMetadata.add(new String[] {field, value});
    return this;
  }

  /** The {@code Name:} in METADATA, when it should differ from the project name. */
  public WheelBuilder metadataName(String metadataName) {
    this.metadataName = metadataName;
    return this;
  }

  /** Writes {@code top_level.txt} with these names. */
  public WheelBuilder topLevel(String... names) {
    this.topLevel = List.of(names);
    return this;
  }

  /** A regular file (mode 0644) at {@code path} in the wheel root. */
  public WheelBuilder file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public WheelBuilder file(String path, byte[] content) {
    return file(path, content, 0644);
  }

  /** A file with a Unix mode (e.g. {@code 0755}). */
  public WheelBuilder file(String path, byte[] content, int mode) {
    files.put(path, content.clone());
    modes.put(path, mode);
    return this;
  }

  /** An executable file (mode 0755). */
  public WheelBuilder executable(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8), 0755);
  }

  /**
   * A file under the {@code .data} directory: {@code path} starts with the category, e.g. {@code
   * scripts/demo}, {@code data/share/x.txt}, {@code purelib/extra.py}.
   */
  public WheelBuilder data(String path, String content) {
    return data(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public WheelBuilder data(String path, byte[] content) {
    int mode = path.startsWith("scripts/") ? 0755 : 0644;
    return file(dataDir() + "/" + path, content, mode);
  }

  /** Leaves {@code path} out of RECORD. */
  public WheelBuilder omitFromRecord(String path) {
    omitFromRecord.add(path);
    return this;
  }

  /** Writes a wrong hash for {@code path} in RECORD. */
  public WheelBuilder corruptHash(String path) {
    corruptHash.add(path);
    return this;
  }

  /** Writes a size one byte too large for {@code path} in RECORD. */
  public WheelBuilder wrongSize(String path) {
    wrongSize.add(path);
    return this;
  }

  /** Writes {@code path} to RECORD without hash and size. */
  public WheelBuilder unhashed(String path) {
    unhashed.add(path);
    return this;
  }

  /** Lists {@code path} in RECORD (with some hash) although the wheel does not contain it. */
  public WheelBuilder recordOnly(String path) {
    recordOnly.add(path);
    return this;
  }

  /** Writes RECORD digests in hex, as a few non-conforming published wheels do. */
  public WheelBuilder hexDigests() {
    this.hexDigests = true;
    return this;
  }

  /** Leaves out {@code .dist-info/WHEEL}. */
  public WheelBuilder withoutWheelFile() {
    this.writeWheelFile = false;
    return this;
  }

  /** Leaves out {@code .dist-info/METADATA}. */
  public WheelBuilder withoutMetadataFile() {
    this.writeMetadataFile = false;
    return this;
  }

  /** Writes the wheel under another file name. */
  public WheelBuilder fileName(String fileName) {
    this.fileNameOverride = fileName;
    return this;
  }

  /** Writes the wheel into {@code directory} and returns its path. */
  public Path build(Path directory) {
    Map<String, byte[]> entries = new LinkedHashMap<>(files);
    Map<String, Integer> entryModes = new LinkedHashMap<>(modes);
    if (writeMetadataFile) {
      entries.put(distInfo() + "/METADATA", utf8(metadataText()));
    }
    if (writeWheelFile) {
      entries.put(distInfo() + "/WHEEL", utf8(wheelText()));
    }
    if (topLevel != null) {
      entries.put(distInfo() + "/top_level.txt", utf8(String.join("\n", topLevel) + "\n"));
    }
    String recordPath = distInfo() + "/RECORD";
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      String path = entry.getKey();
      if (omitFromRecord.contains(path)) {
        continue;
      }
      if (unhashed.contains(path)) {
        record.append(csv(path)).append(",,\n");
        continue;
      }
      byte[] content = entry.getValue();
      byte[] hashed = corruptHash.contains(path) ? utf8("not the content of " + path) : content;
      String hash = hexDigests ? sha256Hex(hashed) : sha256(hashed);
      long size = content.length + (wrongSize.contains(path) ? 1 : 0);
      record
          .append(csv(path))
          .append(",sha256=")
          .append(hash)
          .append(',')
          .append(size)
          .append('\n');
    }
    for (String path : recordOnly) {
      record.append(csv(path)).append(",sha256=").append(sha256(utf8(path))).append(",1\n");
    }
    record.append(recordPath).append(",,\n");
    entries.put(recordPath, utf8(record.toString()));

    Path wheel = directory.resolve(fileName());
    try {
      Files.createDirectories(directory);
      try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(wheel))) {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
          ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.getKey());
          zipEntry.setUnixMode(entryModes.getOrDefault(entry.getKey(), 0644) | 0100000);
          zipEntry.setTime(FIXED_TIME_MILLIS);
          zip.putArchiveEntry(zipEntry);
          zip.write(entry.getValue());
          zip.closeArchiveEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + wheel, e);
    }
    return wheel;
  }

  private String metadataText() {
    StringBuilder text = new StringBuilder();
    text.append("Metadata-Version: 2.1\n");
    text.append("Name: ").append(metadataName != null ? metadataName : name).append('\n');
    text.append("Version: ").append(version).append('\n');
    if (requiresPython != null) {
      text.append("Requires-Python: ").append(requiresPython).append('\n');
    }
    for (String requirement : requiresDist) {
      text.append("Requires-Dist: ").append(requirement).append('\n');
    }
    for (String[] field : extraMetadata) {
      text.append(field[0]).append(": ").append(field[1]).append('\n');
    }
    text.append("\n").append(name).append(" is a wheel built by pylayer's tests.\n");
    text.append("Requires-Dist: not-a-header-this-is-the-description\n");
    return text.toString();
  }

  private String wheelText() {
    String[] parts = tag.split("-");
    boolean purelib =
        rootIsPurelib != null ? rootIsPurelib : parts.length == 3 && parts[1].equals("none");
    StringBuilder text = new StringBuilder();
    text.append("Wheel-Version: ").append(wheelVersion).append('\n');
    text.append("Generator: pylayer-tests (WheelBuilder)\n");
    text.append("Root-Is-Purelib: ").append(purelib).append('\n');
    if (parts.length == 3) {
      for (String python : parts[0].split("\\.")) {
        for (String abi : parts[1].split("\\.")) {
          for (String platform : parts[2].split("\\.")) {
            text.append("Tag: ")
                .append(python)
                .append('-')
                .append(abi)
                .append('-')
                .append(platform)
                .append('\n');
          }
        }
      }
    }
    return text.toString();
  }

  private static String csv(String field) {
    if (field.contains(",") || field.contains("\"")) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256Hex(byte[] content) {
    try {
      return java.util.HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The RECORD form of a sha256: urlsafe base64 without padding. */
  public static String sha256(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
