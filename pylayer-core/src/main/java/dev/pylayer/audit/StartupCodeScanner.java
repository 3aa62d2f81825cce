package dev.pylayer.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Finds every file of a layer that Python runs at interpreter start, the way {@code site.py} does:
 * in each site-packages directory, every {@code *.pth} line that starts with {@code import } or
 * {@code import\t} is executed (other lines only add paths); then {@code sitecustomize} and
 * {@code usercustomize} are imported from anywhere on {@code sys.path}. Such code runs in every
 * process before the handler, so a package can use it to read credentials without ever being
 * imported, as litellm 1.82.7 and 1.82.8 did.
 */
public final class StartupCodeScanner {

  private static final Pattern CUSTOMIZE = Pattern.compile(
      "(sitecustomize|usercustomize)(\\.py|\\.pyc|\\..*\\.so)?");

  private StartupCodeScanner() {}

  /**
   * Scans a layer.
   *
   * @param layerRoot the directory holding {@code python/} (paths are reported relative to it)
   * @param siteDirs the directories whose {@code .pth} files {@code site} reads
   * @param importRoots the {@code sys.path} directories (stdlib, lib-dynload, site-packages)
   * @param ownerOf the distribution that installed a file, if any
   * @return the files, sorted by path
   */
  public static List<StartupFile> scan(Path layerRoot, List<Path> siteDirs, List<Path> importRoots,
      Function<Path, Optional<String>> ownerOf) throws IOException {
    List<StartupFile> found = new ArrayList<>();
    for (Path site : siteDirs) {
      for (Path pth : list(site, "*.pth")) {
        List<String> code = executableLines(pth);
        if (!code.isEmpty()) {
          StartupFile.Kind kind = pth.getFileName().toString().endsWith("-nspkg.pth")
              ? StartupFile.Kind.NSPKG_PTH : StartupFile.Kind.PTH_CODE;
          found.add(new StartupFile(relative(layerRoot, pth), kind, ownerOf.apply(pth), code));
        }
      }
    }
    for (Path root : importRoots) {
      for (Path entry : list(root, "*customize*")) {
        String name = entry.getFileName().toString();
        boolean isPackage = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
        if (!CUSTOMIZE.matcher(name).matches()
            || isPackage && !Files.exists(entry.resolve("__init__.py"))
                && !Files.exists(entry.resolve("__init__.pyc"))) {
          continue;
        }
        StartupFile.Kind kind = name.startsWith("site") ? StartupFile.Kind.SITECUSTOMIZE
            : StartupFile.Kind.USERCUSTOMIZE;
        Path owned = isPackage ? entry.resolve("__init__.py") : entry;
        found.add(new StartupFile(relative(layerRoot, entry) + (isPackage ? "/" : ""), kind,
            ownerOf.apply(owned), List.of()));
      }
    }
    found.sort(Comparator.comparing(StartupFile::path));
    return found;
  }

  /** The lines of a {@code .pth} file that {@code site.addpackage} executes. */
  static List<String> executableLines(Path pth) throws IOException {
    // site.py decodes as UTF-8 (falling back to the locale); bytes that are not UTF-8 cannot
    // start with "import" anyway, so a lossy decode finds the same lines.
    String text = new String(Files.readAllBytes(pth), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\r\n|\n|\r")) {
      if (line.startsWith("import ") || line.startsWith("import\t")) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  private static List<Path> list(Path dir, String glob) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
      stream.forEach(out::add);
    }
    out.sort(null);
    return out;
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}
