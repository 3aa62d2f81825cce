package dev.pylayer.verify;

import dev.pylayer.files.Sha256;
import dev.pylayer.interpreter.ElfFile;
import dev.pylayer.pack.ZipInspector;
import dev.pylayer.pack.ZipListing;
import dev.pylayer.pep.Arch;
import dev.pylayer.process.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a finished layer zip and checks every claim of its report against it: the zip's sha256
 * and size; the unzipped size (and Lambda's 250 MB limit); the layout (which distributions are in
 * {@code site-packages.zip}, which are directories, and that nothing else is installed); that
 * dropped distributions left no file, and distributions replaced by pylayer's stand-in nothing but
 * the stand-in; that the interpreter is executable and starts (run from a
 * read-only unpacked copy, under qemu for a foreign architecture, "not checked" where it cannot
 * run); and that no ELF file has an absolute RUNPATH or RPATH outside the layer ({@code /opt}),
 * which would load libraries from wherever the build machine kept them.
 */
public final class LayerVerifier {

  /** Lambda's limit for a function and all its layers, unzipped: 250 MB. */
  public static final long UNZIPPED_LIMIT = 262_144_000L;

  /** Where Lambda mounts layers: an absolute path under it stays inside the layer. */
  private static final String LAYER_MOUNT = "/opt/";

  private static final Pattern NORMALIZE = Pattern.compile("[-_.]+");
  private static final int MAX_LISTED = 8;

  /** The files of a stand-in package, and the name every one of them holds (its error's marker). */
  private static final Pattern STAND_IN_FILE =
      Pattern.compile("__init__\\.pyc?|__pycache__/__init__\\.[^/]+\\.pyc");
  private static final String STAND_IN_MARKER = "pylayer_not_in_layer";

  private final HostPlatform host;
  private final Duration timeout;

  public LayerVerifier(HostPlatform host, Duration timeout) {
    this.host = host;
    this.timeout = timeout;
  }

  /** Checks {@code zip} against {@code claims}; every check runs, failures are collected. */
  public VerifyResult verify(Path zip, LayerClaims claims) throws IOException {
    List<VerifyResult.Check> checks = new ArrayList<>();
    checks.add(checkHash(zip, claims));
    ZipListing listing = ZipInspector.inspect(zip);
    checks.add(checkSize(listing, claims));
    Optional<String> minor = claims.pythonMinor().or(() -> detectMinor(listing));
    if (minor.isEmpty()) {
      checks.add(failed("interpreter", "no python/bin/python3.X in the zip"));
      return new VerifyResult(checks);
    }
    Arch arch = Arch.parse(claims.arch());
    Optional<List<String>> launcher = host.launcherFor(arch);
    try (LayerSandbox sandbox = LayerSandbox.unpack(zip, minor.get(),
        launcher.orElse(List.of()))) {
      Path lib = sandbox.opt().resolve("python/lib/python" + minor.get());
      Inventory inventory = Inventory.of(lib);
      checks.add(checkLayout(inventory, claims));
      checks.add(checkDropped(inventory, claims));
      if (!claims.standIns().isEmpty()) {
        checks.add(checkStandIns(lib, inventory, claims));
      }
      checks.add(checkInterpreter(listing, sandbox, minor.get(), arch, launcher, claims));
      checks.add(checkRunpaths(sandbox.opt()));
    }
    return new VerifyResult(checks);
  }

  private static VerifyResult.Check checkHash(Path zip, LayerClaims claims) throws IOException {
    String actual = Sha256.of(zip);
    long size = Files.size(zip);
    if (!actual.equalsIgnoreCase(claims.sha256())) {
      return failed("sha256", "the zip's sha256 is " + actual + ", the report says "
          + claims.sha256());
    }
    if (size != claims.zipBytes()) {
      return failed("sha256", "the zip has " + size + " bytes, the report says "
          + claims.zipBytes());
    }
    return passed("sha256", actual + ", " + size + " bytes");
  }

  private static VerifyResult.Check checkSize(ZipListing listing, LayerClaims claims) {
    long unzipped = listing.uncompressedBytes();
    if (unzipped > UNZIPPED_LIMIT) {
      return failed("size", "unzips to " + mb(unzipped) + ", over Lambda's 250 MB limit for a"
          + " function and all its layers");
    }
    if (unzipped != claims.unzippedBytes()) {
      return failed("size", "unzips to " + unzipped + " bytes, the report says "
          + claims.unzippedBytes());
    }
    return passed("size", "unzips to " + mb(unzipped) + " (Lambda allows 250 MB with the"
        + " function and all layers)");
  }

  private static VerifyResult.Check checkLayout(Inventory inventory, LayerClaims claims) {
    List<String> problems = new ArrayList<>();
    Map<String, String> claimed = new TreeMap<>();
    claims.packages().forEach((name, where) -> claimed.put(normalize(name), where));
    for (Map.Entry<String, String> entry : claimed.entrySet()) {
      String name = entry.getKey();
      boolean inZip = inventory.zipDistributions.contains(name);
      boolean inDir = inventory.dirDistributions.contains(name);
      boolean wantZip = LayerClaims.IN_ZIP.equals(entry.getValue());
      if (wantZip && !inZip) {
        problems.add(name + " should be in site-packages.zip but is "
            + (inDir ? "a directory in site-packages/" : "missing"));
      } else if (!wantZip && !inDir) {
        problems.add(name + " should be a directory in site-packages/ but is "
            + (inZip ? "in site-packages.zip" : "missing"));
      } else if (wantZip && inDir) {
        problems.add(name + " is both in site-packages.zip and in site-packages/");
      }
    }
    Set<String> unclaimed = new TreeSet<>(inventory.dirDistributions);
    unclaimed.addAll(inventory.zipDistributions);
    unclaimed.removeAll(claimed.keySet());
    for (String name : unclaimed) {
      problems.add(name + " is installed in the layer but not in the report");
    }
    if ("dir".equals(claims.layout()) && inventory.hasZip) {
      problems.add("the report says layout dir, but the layer has a site-packages.zip");
    }
    if ("zip".equals(claims.layout()) && !inventory.hasZip) {
      problems.add("the report says layout zip, but the layer has no site-packages.zip");
    }
    if (!problems.isEmpty()) {
      return failed("layout", String.join("; ", problems));
    }
    long zipped = claimed.values().stream().filter(LayerClaims.IN_ZIP::equals).count();
    return passed("layout", claims.layout() + ": " + zipped + " distributions in"
        + " site-packages.zip, " + (claimed.size() - zipped) + " in site-packages/");
  }

  private static VerifyResult.Check checkDropped(Inventory inventory, LayerClaims claims) {
    if (claims.dropped().isEmpty()) {
      return passed("dropped", "the report drops no distribution");
    }
    List<String> left = new ArrayList<>();
    for (String name : claims.dropped()) {
      String normalized = normalize(name);
      String module = normalized.replace('-', '_');
      if (inventory.dirDistributions.contains(normalized)
          || inventory.zipDistributions.contains(normalized)) {
        left.add(name + " (its .dist-info)");
      }
      for (String top : inventory.dirTopLevel) {
        if (stem(top).equals(module)) {
          left.add(name + " (site-packages/" + top + ")");
        }
      }
      for (String top : inventory.zipTopLevel) {
        if (stem(top).equals(module)) {
          left.add(name + " (site-packages.zip/" + top + ")");
        }
      }
    }
    if (!left.isEmpty()) {
      return failed("dropped", "dropped distributions still have files: "
          + String.join(", ", left));
    }
    return passed("dropped", "no file left of " + String.join(", ", claims.dropped()));
  }

  /**
   * A distribution the report says pylayer replaced by its stand-in has no dist-info left, and
   * each package the stand-in takes is a directory of site-packages/ holding the stand-in's
   * {@code __init__} (source or bytecode, which name its marker) and nothing else.
   */
  private static VerifyResult.Check checkStandIns(Path lib, Inventory inventory,
      LayerClaims claims) throws IOException {
    List<String> problems = new ArrayList<>();
    Path sitePackages = lib.resolve("site-packages");
    for (Map.Entry<String, List<String>> standIn : claims.standIns().entrySet()) {
      String name = normalize(standIn.getKey());
      if (inventory.dirDistributions.contains(name) || inventory.zipDistributions.contains(name)) {
        problems.add(standIn.getKey() + " still has its .dist-info");
      }
      for (String module : standIn.getValue()) {
        if (inventory.zipTopLevel.stream().anyMatch(top -> stem(top).equals(module))) {
          problems.add("site-packages.zip/" + module + " is not the stand-in");
        }
        Path dir = sitePackages.resolve(module);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          problems.add("site-packages/" + module + "/ is missing");
          continue;
        }
        try (var walk = Files.walk(dir)) {
          for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
            String relative = sitePackages.relativize(file).toString();
            if (!STAND_IN_FILE.matcher(dir.relativize(file).toString()).matches()) {
              problems.add("site-packages/" + relative + " is not the stand-in's");
            } else if (!new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                .contains(STAND_IN_MARKER)) {
              problems.add("site-packages/" + relative + " is not pylayer's stand-in");
            }
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      return failed("stand-ins", String.join("; ", problems));
    }
    return passed("stand-ins", "only pylayer's stand-in is left of "
        + String.join(", ", claims.standIns().keySet()));
  }

  private VerifyResult.Check checkInterpreter(ZipListing listing, LayerSandbox sandbox,
      String minor, Arch arch, Optional<List<String>> launcher, LayerClaims claims)
      throws IOException {
    String name = "python/bin/python" + minor;
    Optional<ZipListing.Entry> entry = listing.entry(name);
    if (entry.isEmpty() || entry.get().kind() != ZipListing.Kind.FILE) {
      return failed("interpreter", name + " is not a file in the zip");
    }
    if ((entry.get().permissions() & 0111) != 0111) {
      return failed("interpreter", name + " has mode "
          + Integer.toOctalString(entry.get().permissions()) + ", not executable (0755):"
          + " Lambda could not start it");
    }
    if (launcher.isEmpty()) {
      return new VerifyResult.Check("interpreter", VerifyResult.Status.NOT_CHECKED,
          "mode 0755; whether it starts was not checked: " + host.cannotRunReason(arch));
    }
    CommandResult result = sandbox.runPython(List.of("-c",
        "import sys; print('%d.%d.%d' % sys.version_info[:3])"), Map.of(), timeout);
    String printed = result.stdout().strip();
    if (!result.succeeded()) {
      return failed("interpreter", name + " does not start from a read-only copy: "
          + tail(result.combinedOutput()));
    }
    if (claims.pythonVersion() != null && !claims.pythonVersion().startsWith(printed)) {
      return failed("interpreter", name + " is Python " + printed + ", the report says "
          + claims.pythonVersion());
    }
    return passed("interpreter", "Python " + printed + " starts (mode 0755"
        + (launcher.get().isEmpty() ? "" : ", under " + launcher.get().get(0)) + ")");
  }

  private static VerifyResult.Check checkRunpaths(Path opt) throws IOException {
    List<String> outside = new ArrayList<>();
    Files.walkFileTree(opt, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile() && ElfFile.isElf(file)) {
          ElfFile elf;
          try {
            elf = ElfFile.read(file);
          } catch (IOException e) {
            return FileVisitResult.CONTINUE; // not a dynamic object pylayer can read: no paths
          }
          List<String> paths = new ArrayList<>(elf.runpath());
          paths.addAll(elf.rpath());
          for (String path : paths) {
            if (path.startsWith("/") && !path.startsWith(LAYER_MOUNT)) {
              outside.add(opt.relativize(file) + " -> " + path);
            }
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    if (outside.isEmpty()) {
      return passed("runpath", "no ELF file searches for libraries outside the layer");
    }
    List<String> shown = outside.subList(0, Math.min(MAX_LISTED, outside.size()));
    return failed("runpath", outside.size() + " ELF file(s) have an absolute RUNPATH/RPATH"
        + " outside the layer, so they would load libraries from the build machine's paths: "
        + String.join(", ", shown) + (outside.size() > shown.size() ? ", ..." : ""));
  }

  private static Optional<String> detectMinor(ZipListing listing) {
    for (ZipListing.Entry entry : listing.entries()) {
      String name = entry.name();
      if (name.matches("python/bin/python3\\.[0-9]+")) {
        return Optional.of(name.substring("python/bin/python".length()));
      }
    }
    return Optional.empty();
  }

  /** What is installed in a layer's {@code lib/python3.X}, read from the unpacked copy. */
  private static final class Inventory {
    final Set<String> dirDistributions = new TreeSet<>();
    final Set<String> zipDistributions = new TreeSet<>();
    final Set<String> dirTopLevel = new TreeSet<>();
    final Set<String> zipTopLevel = new TreeSet<>();
    boolean hasZip;

    static Inventory of(Path lib) throws IOException {
      Inventory inventory = new Inventory();
      Path sitePackages = lib.resolve("site-packages");
      if (Files.isDirectory(sitePackages)) {
        try (var children = Files.list(sitePackages)) {
          for (Path child : (Iterable<Path>) children::iterator) {
            inventory.add(child.getFileName().toString(), inventory.dirDistributions,
                inventory.dirTopLevel);
          }
        }
      }
      Path zip = lib.resolve("site-packages.zip");
      if (Files.isRegularFile(zip)) {
        inventory.hasZip = true;
        try (ZipFile file = new ZipFile(zip.toFile())) {
          Enumeration<? extends ZipEntry> entries = file.entries();
          while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            inventory.add(slash < 0 ? name : name.substring(0, slash),
                inventory.zipDistributions, inventory.zipTopLevel);
          }
        }
      }
      return inventory;
    }

    private void add(String top, Set<String> distributions, Set<String> topLevel) {
      if (top.endsWith(".dist-info")) {
        String base = top.substring(0, top.length() - ".dist-info".length());
        int dash = base.indexOf('-');
        distributions.add(normalize(dash < 0 ? base : base.substring(0, dash)));
      } else if (!top.isEmpty()) {
        topLevel.add(top);
      }
    }
  }

  /** A top-level name without its suffix ({@code six.py} and {@code six.pyc} → {@code six}). */
  private static String stem(String top) {
    int dot = top.indexOf('.');
    return (dot < 0 ? top : top.substring(0, dot)).toLowerCase(Locale.ROOT);
  }

  /** PEP 503 normalization: lower case, runs of {@code -_.} as one {@code -}. */
  static String normalize(String name) {
    return NORMALIZE.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  private static VerifyResult.Check passed(String name, String detail) {
    return new VerifyResult.Check(name, VerifyResult.Status.PASSED, detail);
  }

  private static VerifyResult.Check failed(String name, String detail) {
    return new VerifyResult.Check(name, VerifyResult.Status.FAILED, detail);
  }

  private static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1_000_000.0);
  }

  private static String tail(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= 2000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 2000);
  }
}
