package dev.pylayer.install;

import dev.pylayer.wheel.CoreMetadata;
import dev.pylayer.archive.UnpackBudget;
import dev.pylayer.archive.UnpackLimitException;
import dev.pylayer.archive.UnpackLimits;
import dev.pylayer.files.FileTrees;
import dev.pylayer.install.InstallScheme.Category;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * Installs wheels (PEP 427, the "binary distribution format" spec) into an {@link InstallScheme}
 * without Python.
 *
 * <p>For each wheel it reads {@code .dist-info/WHEEL} (refuses {@code Wheel-Version} 2.x and later,
 * warns on 1.x with x &gt; 0), verifies every file against {@code RECORD} (hash and size; only
 * {@code RECORD} and its signatures may lack a hash; a file missing from RECORD, a RECORD row with
 * no file, or a mismatch is an error), refuses unsafe paths, spreads {@code <name>-<ver>.data/}
 * into the scheme's directories, keeps the executable bit of zip entries, and writes a new {@code
 * RECORD} (sorted, paths relative to site-packages as pip writes them, {@code sha256} for every
 * file) and {@code INSTALLER} ({@value #INSTALLER_NAME}). It writes no {@code direct_url.json} and
 * no {@code REQUESTED}, and compiles nothing.
 *
 * <p>The whole wheel is checked (names, RECORD, conflicts) and extracted into a staging directory
 * inside site-packages before anything is moved into place, so a bad wheel leaves the target as it
 * was. The same wheel always gives the same bytes and modes on disk: files are {@code 0644} or
 * {@code 0755}, created directories {@code 0755}, whatever the umask.
 */
public final class WheelInstaller {

  /** Written to {@code .dist-info/INSTALLER}. */
  public static final String INSTALLER_NAME = "pylayer";

  private static final Pattern WHEEL_VERSION = Pattern.compile("^([0-9]+)\\.([0-9]+)$");
  private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> EXECUTABLE_MODE =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final int MAX_CONFLICTS_SHOWN = 10;

  private final InstallScheme scheme;
  private final ConflictPolicy conflictPolicy;
  private final UnpackLimits limits;

  private WheelInstaller(InstallScheme scheme, ConflictPolicy conflictPolicy,
      UnpackLimits limits) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.conflictPolicy = Objects.requireNonNull(conflictPolicy, "conflictPolicy");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * An installer for {@code scheme} with {@link ConflictPolicy#ALLOW_IDENTICAL} and {@link
   * UnpackLimits#DEFAULTS}.
   */
  public static WheelInstaller create(InstallScheme scheme) {
    return new WheelInstaller(scheme, ConflictPolicy.ALLOW_IDENTICAL, UnpackLimits.DEFAULTS);
  }

  /** A copy of this installer with another conflict policy. */
  public WheelInstaller withConflictPolicy(ConflictPolicy policy) {
    return new WheelInstaller(scheme, policy, limits);
  }

  /**
   * A copy of this installer with other limits on what one wheel may unpack to; a wheel over a
   * limit is refused as soon as it crosses it, and nothing of it stays installed.
   */
  public WheelInstaller withLimits(UnpackLimits limits) {
    return new WheelInstaller(scheme, conflictPolicy, limits);
  }

  public InstallScheme scheme() {
    return scheme;
  }

  public ConflictPolicy conflictPolicy() {
    return conflictPolicy;
  }

  /**
   * Installs one wheel.
   *
   * @throws WheelInstallException when the wheel is malformed, does not match its RECORD, has an
   *     unsafe path, is already installed or conflicts with installed files; the target is left
   *     unchanged
   * @throws IOException when reading the wheel or writing the target fails
   */
  public InstalledDistribution install(Path wheel) throws IOException, WheelInstallException {
    try (WheelArchive archive = WheelArchive.open(wheel)) {
      return new Installation(archive).run();
    } catch (UnpackLimitException e) {
      throw new WheelInstallException(e.getMessage(), e);
    }
  }

  /** One file of the wheel and where it goes. */
  private static final class PlannedFile {
    final ZipArchiveEntry entry;
    final RecordEntry expected;
    final Category category;
    final Path destination;
    final boolean executable;
    Path staged;
    boolean alreadyPresent; // identical bytes already on disk (ConflictPolicy.ALLOW_IDENTICAL)
    String sha256;
    long size;

    PlannedFile(
        ZipArchiveEntry entry,
        RecordEntry expected,
        Category category,
        Path destination,
        boolean executable) {
      this.entry = entry;
      this.expected = expected;
      this.category = category;
      this.destination = destination;
      this.executable = executable;
    }

    String wheelPath() {
      return entry.getName();
    }
  }

  /** The state of installing one wheel. */
  private final class Installation {
    private final WheelArchive archive;
    private final String wheelName;
    private final String distInfo;
    private final String dataDir;
    private final Path sitePackages = scheme.sitePackages();
    private final List<String> warnings = new ArrayList<>();
    private final List<DroppedFile> dropped = new ArrayList<>();
    private final List<PlannedFile> planned = new ArrayList<>();
    private final UnpackBudget budget;
    private String distName;
    private String distVersion;
    private int hexDigests;

    Installation(WheelArchive archive) {
      this.archive = archive;
      this.wheelName = archive.wheelName();
      this.budget = limits.start(wheelName);
      this.distInfo = archive.distInfoDirectory();
      this.dataDir = distInfo.substring(0, distInfo.length() - ".dist-info".length()) + ".data";
    }

    InstalledDistribution run() throws IOException, WheelInstallException {
      budget.checkEntryCount(archive.files().size());
      parseDistInfoName();
      boolean rootIsPurelib = readWheelFile();
      CoreMetadata metadata = readMetadata();
      Map<String, RecordEntry> record = readRecord();
      checkNotInstalled();
      plan(rootIsPurelib, record);
      checkConflicts();
      List<String> topLevel = topLevelNames();
      List<InstalledFile> files = stageAndCommit();
      return new InstalledDistribution(
          PackageName.of(distName),
          distVersion,
          sitePackages.resolve(distInfo),
          rootIsPurelib,
          metadata,
          files,
          dropped,
          topLevel,
          warnings);
    }

    private WheelInstallException error(String message) {
      return new WheelInstallException(wheelName + ": " + message);
    }

    private void parseDistInfoName() throws WheelInstallException {
      String stem = distInfo.substring(0, distInfo.length() - ".dist-info".length());
      int dash = stem.indexOf('-');
      if (dash <= 0 || dash == stem.length() - 1) {
        throw error(
            "'" + distInfo + "' is not named <name>-<version>.dist-info; the wheel is malformed");
      }
      distName = stem.substring(0, dash);
      distVersion = stem.substring(dash + 1);
      try {
        PackageName.of(distName);
      } catch (IllegalArgumentException e) {
        throw error(
            "'" + distInfo + "' does not start with a valid project name: " + e.getMessage());
      }
      if (wheelName.endsWith(".whl") && wheelName.indexOf('-') > 0) {
        String fileProject = wheelName.substring(0, wheelName.indexOf('-'));
        if (!PackageName.normalize(fileProject).equals(PackageName.normalize(distName))) {
          throw error(
              "the file name says project '"
                  + fileProject
                  + "' but the wheel holds '"
                  + distInfo
                  + "'; the file was renamed or the wheel is malformed");
        }
      }
    }

    private String requireText(String name) throws IOException, WheelInstallException {
      Optional<String> text = archive.readText(name);
      if (text.isEmpty()) {
        throw error("'" + name + "' is missing; every wheel must have it");
      }
      return text.get();
    }

    private boolean readWheelFile() throws IOException, WheelInstallException {
      CoreMetadata wheel = CoreMetadata.parse(requireText(distInfo + "/WHEEL"));
      String version =
          wheel
              .get("Wheel-Version")
              .orElseThrow(() -> error("'" + distInfo + "/WHEEL' has no Wheel-Version"));
      Matcher matcher = WHEEL_VERSION.matcher(version);
      if (!matcher.matches()) {
        throw error("Wheel-Version '" + version + "' is not <major>.<minor>");
      }
      int major = Integer.parseInt(matcher.group(1));
      int minor = Integer.parseInt(matcher.group(2));
      if (major != 1) {
        throw error(
            "Wheel-Version "
                + version
                + " is not supported (pylayer installs wheel format 1.x);"
                + " use a wheel built for format 1.x or a newer pylayer");
      }
      if (minor > 0) {
        warnings.add(
            wheelName + ": Wheel-Version " + version + " is newer than 1.0, installing it as 1.0");
      }
      Optional<String> purelib = wheel.get("Root-Is-Purelib");
      if (purelib.isEmpty()) {
        warnings.add(wheelName + ": WHEEL has no Root-Is-Purelib; treating the root as platlib");
      }
      return purelib.map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }

    private CoreMetadata readMetadata() throws IOException, WheelInstallException {
      CoreMetadata metadata = CoreMetadata.parse(requireText(distInfo + "/METADATA"));
      Optional<String> name = metadata.name();
      if (name.isPresent()
          && !PackageName.normalize(name.get()).equals(PackageName.normalize(distName))) {
        throw error(
            "METADATA names '"
                + name.get()
                + "' but the directory is '"
                + distInfo
                + "'; the wheel is malformed");
      }
      return metadata;
    }

    private Map<String, RecordEntry> readRecord() throws IOException, WheelInstallException {
      List<RecordEntry> rows;
      try {
        rows = RecordFile.parse(requireText(distInfo + "/RECORD"));
      } catch (IllegalArgumentException e) {
        throw error("'" + distInfo + "/RECORD' is malformed: " + e.getMessage());
      }
      Map<String, RecordEntry> byPath = new LinkedHashMap<>();
      for (RecordEntry row : rows) {
        byPath.put(row.path(), row);
      }
      return byPath;
    }

    private void checkNotInstalled() throws IOException, WheelInstallException {
      if (!Files.isDirectory(sitePackages)) {
        return;
      }
      String wanted = PackageName.normalize(distName);
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sitePackages, "*.dist-info")) {
        for (Path dir : dirs) {
          String name = dir.getFileName().toString();
          String stem = name.substring(0, name.length() - ".dist-info".length());
          int dash = stem.indexOf('-');
          String project = dash < 0 ? stem : stem.substring(0, dash);
          if (PackageName.normalize(project).equals(wanted)) {
            throw error(
                InstalledFileOwners.describe(name)
                    + " is already installed in "
                    + sitePackages
                    + " ("
                    + name
                    + "); install each distribution once, into a fresh directory");
          }
        }
      }
    }

    private void plan(boolean rootIsPurelib, Map<String, RecordEntry> record)
        throws WheelInstallException {
      String recordPath = distInfo + "/RECORD";
      Set<String> signatures = Set.of(distInfo + "/RECORD.jws", distInfo + "/RECORD.p7s");
      Map<Path, String> destinations = new HashMap<>();
      Set<String> seen = new HashSet<>();
      for (ZipArchiveEntry entry : archive.files()) {
        String name = entry.getName();
        seen.add(name);
        if (name.equals(recordPath)) {
          continue; // replaced by the RECORD of the installed files
        }
        RecordEntry expected = record.get(name);
        if (expected == null) {
          throw error(
              "'"
                  + name
                  + "' is not listed in RECORD; the wheel was altered after it was built"
                  + " (or built wrongly): get a good copy");
        }
        if (signatures.contains(name)) {
          dropped.add(
              new DroppedFile(name, "signature of the wheel's RECORD, which install rewrites"));
          continue;
        }
        if (!expected.hasHash()) {
          throw error("RECORD has no hash for '" + name + "'; only RECORD itself may lack one");
        }
        if (FileDigests.forAlgorithm(expected.hashAlgorithm()).isEmpty()) {
          throw error(
              "RECORD hashes '"
                  + name
                  + "' with '"
                  + expected.hashAlgorithm()
                  + "'; wheels must use sha256 or stronger");
        }
        if (name.equals(distInfo + "/INSTALLER")) {
          dropped.add(new DroppedFile(name, "replaced by pylayer's INSTALLER"));
          continue;
        }
        Category category;
        String relative;
        if (name.startsWith(dataDir + "/")) {
          String rest = name.substring(dataDir.length() + 1);
          int slash = rest.indexOf('/');
          if (slash < 0) {
            throw error(
                "'"
                    + name
                    + "' lies directly in "
                    + dataDir
                    + "/; files there belong in"
                    + " purelib/, platlib/, scripts/, headers/ or data/");
          }
          category = dataCategory(name, rest.substring(0, slash));
          relative = rest.substring(slash + 1);
        } else {
          category = rootIsPurelib ? Category.PURELIB : Category.PLATLIB;
          relative = name;
        }
        Optional<Path> directory = scheme.directory(category);
        if (directory.isEmpty()) {
          dropped.add(
              new DroppedFile(
                  name, category.directoryName() + " files are not installed by this scheme"));
          continue;
        }
        Path root = directory.get();
        if (category == Category.HEADERS) {
          root = root.resolve(distName);
        }
        Path destination = root.resolve(relative).normalize();
        if (!destination.startsWith(directory.get()) || destination.equals(directory.get())) {
          throw error("'" + name + "' would be written outside " + directory.get() + "; refusing");
        }
        String previous = destinations.put(destination, name);
        if (previous != null) {
          throw error(
              "'"
                  + previous
                  + "' and '"
                  + name
                  + "' both install to "
                  + destination
                  + "; the wheel is malformed");
        }
        boolean executable = category == Category.SCRIPTS || (entry.getUnixMode() & 0111) != 0;
        planned.add(new PlannedFile(entry, expected, category, destination, executable));
      }
      for (String listed : record.keySet()) {
        if (!seen.contains(listed) && !listed.endsWith("/")) {
          throw error(
              "RECORD lists '"
                  + listed
                  + "' but the wheel does not contain it; the wheel is"
                  + " incomplete: get a good copy");
        }
      }
    }

    private Category dataCategory(String name, String key) throws WheelInstallException {
      for (Category category : Category.values()) {
        if (category.directoryName().equals(key)) {
          return category;
        }
      }
      throw error(
          "'"
              + name
              + "' uses the unknown .data category '"
              + key
              + "' (known: purelib, platlib,"
              + " scripts, headers, data)");
    }

    private void checkConflicts() throws IOException, WheelInstallException {
      List<String> conflicts = new ArrayList<>();
      InstalledFileOwners owners = null;
      for (PlannedFile file : planned) {
        Path destination = file.destination;
        Path root = scheme.directory(file.category).orElseThrow();
        for (Path parent = destination.getParent();
            parent != null && parent.startsWith(root) && !parent.equals(root);
            parent = parent.getParent()) {
          if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent)) {
            conflicts.add(
                "'" + file.wheelPath() + "' needs directory " + parent + ", which is a file");
          }
        }
        if (!Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
          conflicts.add("'" + file.wheelPath() + "' would replace the directory " + destination);
          continue;
        }
        if (conflictPolicy == ConflictPolicy.OVERWRITE) {
          warnings.add(wheelName + ": '" + file.wheelPath() + "' overwrites " + destination);
          continue;
        }
        if (conflictPolicy == ConflictPolicy.ALLOW_IDENTICAL
            && file.category != Category.SCRIPTS
            && sameContent(destination, file.expected)) {
          file.alreadyPresent = true;
          continue;
        }
        if (owners == null) {
          owners = InstalledFileOwners.scan(sitePackages);
        }
        String owner =
            owners
                .ownerOf(destination)
                .map(o -> "installed by " + o)
                .orElse("not listed in any RECORD");
        conflicts.add("'" + file.wheelPath() + "' -> " + destination + " (" + owner + ")");
      }
      if (!conflicts.isEmpty()) {
        String shown =
            String.join(
                "\n  ", conflicts.subList(0, Math.min(conflicts.size(), MAX_CONFLICTS_SHOWN)));
        String more =
            conflicts.size() > MAX_CONFLICTS_SHOWN
                ? "\n  ... and " + (conflicts.size() - MAX_CONFLICTS_SHOWN) + " more"
                : "";
        throw error(
            InstalledFileOwners.describe(distInfo)
                + " would overwrite files already in the"
                + " target:\n  "
                + shown
                + more
                + "\nTwo distributions ship the same files:"
                + " drop one of them, or install with ConflictPolicy.OVERWRITE to let the last"
                + " one win");
      }
    }

    private boolean sameContent(Path existing, RecordEntry expected) throws IOException {
      if (expected.size().isPresent() && Files.size(existing) != expected.size().getAsLong()) {
        return false;
      }
      MessageDigest digest = FileDigests.forAlgorithm(expected.hashAlgorithm()).orElseThrow();
      try (InputStream in = Files.newInputStream(existing)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      byte[] actual = digest.digest();
      return FileDigests.matches(expected.hashValue(), actual)
          || FileDigests.matchesHex(expected.hashValue(), actual);
    }

    private List<String> topLevelNames() throws IOException, WheelInstallException {
      Optional<String> topLevel = archive.readText(distInfo + "/top_level.txt");
      TreeSet<String> names = new TreeSet<>();
      if (topLevel.isPresent()) {
        for (String line : topLevel.get().split("\r?\n")) {
          if (!line.isBlank()) {
            names.add(line.strip());
          }
        }
        return List.copyOf(names);
      }
      for (PlannedFile file : planned) {
        if (!file.destination.startsWith(sitePackages)) {
          continue;
        }
        Path relative = sitePackages.relativize(file.destination);
        String first = relative.getName(0).toString();
        if (relative.getNameCount() > 1) {
          if (IDENTIFIER.matcher(first).matches() && !first.equals("__pycache__")) {
            names.add(first);
          }
        } else if (first.endsWith(".py")) {
          addIfIdentifier(names, first.substring(0, first.length() - 3));
        } else if (first.endsWith(".so") || first.endsWith(".pyd")) {
          addIfIdentifier(names, first.substring(0, first.indexOf('.')));
        }
      }
      return List.copyOf(names);
    }

    private void addIfIdentifier(Set<String> names, String name) {
      if (IDENTIFIER.matcher(name).matches()) {
        names.add(name);
      }
    }

    private List<InstalledFile> stageAndCommit() throws IOException, WheelInstallException {
      Files.createDirectories(sitePackages);
      Path staging = Files.createTempDirectory(sitePackages, ".pylayer-staging-");
      try {
        int index = 0;
        for (PlannedFile file : planned) {
          file.staged = staging.resolve(Integer.toString(index++));
          stage(file);
        }
        if (hexDigests > 0) {
          warnings.add(
              wheelName
                  + ": RECORD gives "
                  + hexDigests
                  + " digest(s) in hex instead of urlsafe"
                  + " base64; they match the files, so the wheel was installed");
        }
        List<InstalledFile> installed = new ArrayList<>();
        List<RecordEntry> rows = new ArrayList<>();
        for (PlannedFile file : planned) {
          String recordPath = recordPath(file.destination);
          rows.add(RecordEntry.of(recordPath, "sha256=" + file.sha256, file.size));
          installed.add(
              new InstalledFile(recordPath, file.destination, file.size, file.executable));
        }
        Path distInfoDir = sitePackages.resolve(distInfo);
        byte[] installer = (INSTALLER_NAME + "\n").getBytes(StandardCharsets.UTF_8);
        Path installerPath = distInfoDir.resolve("INSTALLER");
        rows.add(
            RecordEntry.of(
                recordPath(installerPath),
                "sha256=" + FileDigests.encode(FileDigests.sha256().digest(installer)),
                installer.length));
        installed.add(
            new InstalledFile(recordPath(installerPath), installerPath, installer.length, false));
        Path recordFile = distInfoDir.resolve("RECORD");
        rows.add(RecordEntry.unhashed(recordPath(recordFile)));
        rows.sort(Comparator.comparing(RecordEntry::path));
        byte[] recordBytes = RecordFile.format(rows).getBytes(StandardCharsets.UTF_8);
        installed.add(
            new InstalledFile(recordPath(recordFile), recordFile, recordBytes.length, false));
        installed.sort(Comparator.comparing(InstalledFile::recordPath));

        Path stagedInstaller = staging.resolve("INSTALLER");
        Path stagedRecord = staging.resolve("RECORD");
        writeFile(stagedInstaller, installer, false);
        writeFile(stagedRecord, recordBytes, false);
        commit(stagedInstaller, installerPath, stagedRecord, recordFile);
        return installed;
      } finally {
        FileTrees.delete(staging);
      }
    }

    private String recordPath(Path destination) {
      Path relative = sitePackages.relativize(destination);
      List<String> parts = new ArrayList<>();
      for (Path part : relative) {
        parts.add(part.toString());
      }
      return String.join("/", parts);
    }

    private void stage(PlannedFile file) throws IOException, WheelInstallException {
      MessageDigest verify = FileDigests.forAlgorithm(file.expected.hashAlgorithm()).orElseThrow();
      MessageDigest sha256 = FileDigests.sha256();
      long size = 0;
      byte[] head = new byte[0];
      long compressed = file.entry.getCompressedSize();
      try (InputStream raw = archive.open(file.entry);
          InputStream in = budget.limit(file.wheelPath(), raw,
              UnpackBudget.compressedCount(raw, compressed));
          OutputStream out = Files.newOutputStream(file.staged)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          verify.update(buffer, 0, n);
          sha256.update(buffer, 0, n);
          out.write(buffer, 0, n);
          if (size == 0) {
            head = java.util.Arrays.copyOf(buffer, Math.min(n, 16));
          }
          size += n;
        }
      }
      if (file.expected.size().isPresent() && file.expected.size().getAsLong() != size) {
        throw error(
            "'"
                + file.wheelPath()
                + "' is "
                + size
                + " bytes but RECORD says "
                + file.expected.size().getAsLong()
                + "; the wheel is corrupt: get a good copy");
      }
      byte[] actual = verify.digest();
      if (FileDigests.matchesHex(file.expected.hashValue(), actual)) {
        hexDigests++;
      } else if (!FileDigests.matches(file.expected.hashValue(), actual)) {
        throw error(
            "'"
                + file.wheelPath()
                + "' does not match its RECORD hash ("
                + file.expected.hash()
                + ", actual "
                + file.expected.hashAlgorithm()
                + "="
                + FileDigests.encode(actual)
                + "); the wheel is corrupt or was tampered with: get a good copy");
      }
      file.size = size;
      file.sha256 = FileDigests.encode(sha256.digest());
      if (file.category == Category.SCRIPTS && startsWithPythonShebang(head)) {
        rewriteShebang(file);
      }
      setMode(file.staged, file.executable);
    }

    private boolean startsWithPythonShebang(byte[] head) {
      String start = new String(head, StandardCharsets.ISO_8859_1);
      return start.startsWith("#!python\n")
          || start.startsWith("#!python\r")
          || start.startsWith("#!pythonw\n")
          || start.startsWith("#!pythonw\r")
          || start.equals("#!python")
          || start.equals("#!pythonw");
    }

    private void rewriteShebang(PlannedFile file) throws IOException {
      byte[] bytes = Files.readAllBytes(file.staged);
      int lineEnd = 0;
      while (lineEnd < bytes.length && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
        lineEnd++;
      }
      byte[] shebang =
          ("#!" + scheme.scriptInterpreter().orElseThrow()).getBytes(StandardCharsets.UTF_8);
      byte[] rewritten = new byte[shebang.length + bytes.length - lineEnd];
      System.arraycopy(shebang, 0, rewritten, 0, shebang.length);
      System.arraycopy(bytes, lineEnd, rewritten, shebang.length, bytes.length - lineEnd);
      Files.write(file.staged, rewritten);
      file.size = rewritten.length;
      file.sha256 = FileDigests.encode(FileDigests.sha256().digest(rewritten));
    }

    private void commit(Path stagedInstaller, Path installerPath, Path stagedRecord, Path record)
        throws IOException {
      List<Path> moved = new ArrayList<>();
      List<Path> createdDirectories = new ArrayList<>();
      try {
        for (PlannedFile file : planned) {
          if (file.alreadyPresent) {
            continue;
          }
          createParents(file.destination, createdDirectories);
          move(file.staged, file.destination);
          moved.add(file.destination);
        }
        createParents(installerPath, createdDirectories);
        move(stagedInstaller, installerPath);
        moved.add(installerPath);
        // RECORD last: its presence marks a complete installation
        move(stagedRecord, record);
      } catch (IOException | RuntimeException e) {
        for (Path path : moved) {
          Files.deleteIfExists(path);
        }
        for (int i = createdDirectories.size() - 1; i >= 0; i--) {
          try {
            Files.deleteIfExists(createdDirectories.get(i));
          } catch (IOException ignored) {
            // not empty: another file lives there now; leave it
          }
        }
        throw e;
      }
    }

    private void move(Path from, Path to) throws IOException {
      if (conflictPolicy == ConflictPolicy.OVERWRITE) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(from, to);
      }
    }

    private void createParents(Path file, List<Path> created) throws IOException {
      List<Path> missing = new ArrayList<>();
      for (Path dir = file.getParent();
          dir != null && !Files.isDirectory(dir);
          dir = dir.getParent()) {
        missing.add(dir);
      }
      for (int i = missing.size() - 1; i >= 0; i--) {
        Path dir = missing.get(i);
        Files.createDirectory(dir);
        created.add(dir);
        setMode(dir, true);
      }
    }
  }

  private static void writeFile(Path path, byte[] bytes, boolean executable) throws IOException {
    Files.write(path, bytes);
    setMode(path, executable);
  }

  private static void setMode(Path path, boolean executable) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view != null) {
      view.setPermissions(executable ? EXECUTABLE_MODE : FILE_MODE);
    }
  }


}
