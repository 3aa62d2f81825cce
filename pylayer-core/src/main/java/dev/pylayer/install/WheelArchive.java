package dev.pylayer.install;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A wheel opened for reading: its regular-file entries by name (directory entries carry nothing a
 * wheel needs), each name checked to be a safe relative path, and its single {@code .dist-info}
 * directory.
 */
final class WheelArchive implements Closeable {

  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
  private static final long MAX_METADATA_BYTES = 64L * 1024 * 1024;

  private final String wheelName;
  private final ZipFile zip;
  private final Map<String, ZipArchiveEntry> files;
  private final String distInfoDirectory;

  private WheelArchive(
      String wheelName, ZipFile zip, Map<String, ZipArchiveEntry> files, String distInfo) {
    this.wheelName = wheelName;
    this.zip = zip;
    this.files = files;
    this.distInfoDirectory = distInfo;
  }

  static WheelArchive open(Path wheel) throws IOException, WheelInstallException {
    String wheelName = wheel.getFileName().toString();
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(wheel).get();
    } catch (IOException e) {
      throw new WheelInstallException(
          wheelName + " is not a readable zip archive (" + e.getMessage() + "): download it again",
          e);
    }
    try {
      Map<String, ZipArchiveEntry> files = new TreeMap<>();
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        String name = entry.getName();
        checkSafe(wheelName, name);
        if (entry.isUnixSymlink()) {
          throw new WheelInstallException(
              wheelName
                  + " contains a symbolic link '"
                  + name
                  + "': wheels may hold only regular"
                  + " files, so this wheel is not installable");
        }
        if (entry.isDirectory()) {
          continue;
        }
        if (files.put(name, entry) != null) {
          throw new WheelInstallException(
              wheelName + " contains '" + name + "' twice: the archive is ambiguous; rebuild it");
        }
      }
      String distInfo = findDistInfo(wheelName, files.keySet());
      return new WheelArchive(wheelName, zip, Collections.unmodifiableMap(files), distInfo);
    } catch (WheelInstallException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  /** Rejects names that are absolute, climb with {@code ..}, or are otherwise not plain paths. */
  static void checkSafe(String wheelName, String name) throws WheelInstallException {
    String problem = null;
    if (name.isEmpty()) {
      problem = "an empty name";
    } else if (name.startsWith("/") || DRIVE.matcher(name).matches()) {
      problem = "an absolute path";
    } else if (name.indexOf('\\') >= 0) {
      problem = "a backslash (not a portable zip path)";
    } else if (name.indexOf('\0') >= 0) {
      problem = "a NUL character";
    } else {
      String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      for (String part : trimmed.split("/", -1)) {
        if (part.equals("..")) {
          problem = "a '..' component that would escape the install directory";
          break;
        }
        if (part.isEmpty() || part.equals(".")) {
          problem = "an empty or '.' path component";
          break;
        }
      }
    }
    if (problem != null) {
      throw new WheelInstallException(
          wheelName + ": entry '" + name + "' has " + problem + "; refusing to install this wheel");
    }
  }

  private static String findDistInfo(String wheelName, Iterable<String> names)
      throws WheelInstallException {
    TreeSet<String> distInfos = new TreeSet<>();
    for (String name : names) {
      int slash = name.indexOf('/');
      if (slash > 0 && name.substring(0, slash).endsWith(".dist-info")) {
        distInfos.add(name.substring(0, slash));
      }
    }
    if (distInfos.isEmpty()) {
      throw new WheelInstallException(
          wheelName + " has no .dist-info directory: it is not a wheel (or a broken one)");
    }
    if (distInfos.size() > 1) {
      throw new WheelInstallException(
          wheelName
              + " has several .dist-info directories "
              + distInfos
              + ": a wheel holds exactly one distribution");
    }
    return distInfos.first();
  }

  String wheelName() {
    return wheelName;
  }

  /** {@code <name>-<version>.dist-info}. */
  String distInfoDirectory() {
    return distInfoDirectory;
  }

  /** Regular-file entries, sorted by name. */
  List<ZipArchiveEntry> files() {
    return new ArrayList<>(files.values());
  }

  boolean contains(String name) {
    return files.containsKey(name);
  }

  /** The UTF-8 text of an entry, if the wheel has it. */
  Optional<String> readText(String name) throws IOException, WheelInstallException {
    ZipArchiveEntry entry = files.get(name);
    if (entry == null) {
      return Optional.empty();
    }
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] bytes = in.readNBytes((int) MAX_METADATA_BYTES + 1);
      if (bytes.length > MAX_METADATA_BYTES) {
        throw new WheelInstallException(
            wheelName + ": '" + name + "' is larger than " + MAX_METADATA_BYTES + " bytes");
      }
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  InputStream open(ZipArchiveEntry entry) throws IOException {
    return zip.getInputStream(entry);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
