package dev.pylayer.pipeline;

import dev.pylayer.files.Sha256;
import dev.pylayer.wheel.CoreMetadata;
import dev.pylayer.install.RecordEntry;
import dev.pylayer.install.RecordFile;
import dev.pylayer.interpreter.ElfFile;
import dev.pylayer.pack.ZipInspector;
import dev.pylayer.pack.ZipListing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The size report of any layer zip ({@code pylayer inspect}): sizes and hash, the interpreter's
 * version and machine, and every distribution with the bytes of the files it owns, including those
 * inside a nested {@code site-packages.zip}. It reads only the zip, so it works on layers pylayer
 * did not build.
 */
public final class LayerInspector {

  private static final Pattern INTERPRETER = Pattern.compile("python/bin/python(3\\.[0-9]+)");
  private static final Pattern ZIP_NAME = Pattern.compile("python-(.+)-(arm64|x86_64)\\.zip");
  private static final Pattern DIST_INFO = Pattern.compile("([^/]+)\\.dist-info/METADATA");

  private LayerInspector() {}

  /**
   * Inspects {@code zip}.
   *
   * @throws IOException if it cannot be read as a zip
   */
  public static LayerReport inspect(Path zip) throws IOException {
    ZipListing listing = ZipInspector.inspect(zip);
    long unzipped = 0;
    int files = 0;
    String minor = null;
    for (ZipListing.Entry entry : listing.entries()) {
      if (entry.kind() != ZipListing.Kind.DIRECTORY) {
        unzipped += entry.size();
        files++;
      }
      Matcher m = INTERPRETER.matcher(entry.name());
      if (m.matches() && entry.kind() == ZipListing.Kind.FILE) {
        minor = m.group(1);
      }
    }
    Matcher named = ZIP_NAME.matcher(zip.getFileName().toString());
    String name = named.matches() ? named.group(1) : null;
    String arch = named.matches() ? named.group(2) : null;
    List<LayerReport.Package> packages = new ArrayList<>();
    String layout = "dir";
    List<String> warnings = new ArrayList<>();
    if (minor == null) {
      warnings.add("no python/bin/python3.X: this is not a python-build-standalone layer");
    }
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      if (minor != null) {
        arch = machine(file, "python/bin/python" + minor).orElse(arch);
        String sitePackages = "python/lib/python" + minor + "/site-packages/";
        packages.addAll(packages(file, sitePackages, null));
        ZipArchiveEntry nested = file.getEntry("python/lib/python" + minor + "/site-packages.zip");
        if (nested != null) {
          layout = "zip";
          Path temp = Files.createTempFile("pylayer-inspect", ".zip");
          try {
            try (InputStream in = file.getInputStream(nested)) {
              Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            try (ZipFile inner = ZipFile.builder().setPath(temp).get()) {
              packages.addAll(packages(inner, "", "site-packages.zip"));
            }
          } finally {
            Files.deleteIfExists(temp);
          }
        }
      }
    }
    packages.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    return new LayerReport(name, arch, layout, zip.getFileName().toString(),
        listing.archiveBytes(), unzipped, files, Sha256.of(zip), null,
        minor == null ? null : new LayerReport.Python(minor, null, null, null),
        packages, null, null, null, null, warnings);
  }

  /** The interpreter's ELF machine ({@code x86_64} / {@code aarch64}) as a Lambda arch name. */
  private static Optional<String> machine(ZipFile file, String entryName) throws IOException {
    ZipArchiveEntry entry = file.getEntry(entryName);
    if (entry == null) {
      return Optional.empty();
    }
    Path temp = Files.createTempFile("pylayer-inspect", ".elf");
    try {
      try (InputStream in = file.getInputStream(entry)) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      }
      if (!ElfFile.isElf(temp)) {
        return Optional.empty();
      }
      String machine = ElfFile.read(temp).machineName();
      return Optional.of(machine.equals("aarch64") ? "arm64" : machine);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The distributions under {@code prefix} of {@code file}: each {@code *.dist-info/METADATA}
   * names one; its RECORD's top-level names (and their {@code __pycache__} files) say which
   * entries it owns.
   */
  private static List<LayerReport.Package> packages(ZipFile file, String prefix, String location)
      throws IOException {
    Map<String, String> ownerOfTopLevel = new HashMap<>();
    Map<String, String[]> nameVersion = new HashMap<>();
    List<ZipArchiveEntry> entries = new ArrayList<>();
    file.getEntries().asIterator().forEachRemaining(entries::add);
    for (ZipArchiveEntry entry : entries) {
      if (!entry.getName().startsWith(prefix)) {
        continue;
      }
      Matcher m = DIST_INFO.matcher(entry.getName().substring(prefix.length()));
      if (!m.matches()) {
        continue;
      }
      String distInfo = m.group(1) + ".dist-info";
      CoreMetadata metadata = CoreMetadata.parse(read(file, entry));
      String dist = metadata.name().orElse(m.group(1));
      nameVersion.put(dist, new String[] {dist, metadata.version().orElse("")});
      ownerOfTopLevel.put(distInfo, dist);
      ZipArchiveEntry record = file.getEntry(prefix + distInfo + "/RECORD");
      if (record != null) {
        for (RecordEntry row : RecordFile.parse(read(file, record))) {
          String path = row.path();
          if (path.startsWith("../")) {
            continue;
          }
          String top = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
          if (top.endsWith(".py")) {
            String module = top.substring(0, top.length() - 3);
            ownerOfTopLevel.put("__pycache__/" + module, dist);
            ownerOfTopLevel.put(module + ".pyc", dist);
          }
          ownerOfTopLevel.putIfAbsent(top, dist);
        }
      }
    }
    Map<String, Long> bytes = new HashMap<>();
    for (ZipArchiveEntry entry : entries) {
      if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
        continue;
      }
      String relative = entry.getName().substring(prefix.length());
      String owner = ownerOfTopLevel.get(topLevel(relative));
      if (owner == null && relative.startsWith("__pycache__/")) {
        String module = relative.substring("__pycache__/".length());
        module = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
        owner = ownerOfTopLevel.get("__pycache__/" + module);
      }
      if (owner != null) {
        bytes.merge(owner, entry.getSize(), Long::sum);
      }
    }
    List<LayerReport.Package> packages = new ArrayList<>();
    for (String[] nv : nameVersion.values()) {
      packages.add(new LayerReport.Package(nv[0], nv[1], null, null,
          bytes.getOrDefault(nv[0], 0L), location));
    }
    return packages;
  }

  private static String topLevel(String relative) {
    int slash = relative.indexOf('/');
    return slash < 0 ? relative : relative.substring(0, slash);
  }

  private static String read(ZipFile file, ZipArchiveEntry entry) throws IOException {
    try (InputStream in = file.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
