package dev.pylayer.pipeline;

import dev.pylayer.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The standard library's pure modules in {@code lib/python3XY.zip}, the zip CPython itself puts
 * first on {@code sys.path} (the embeddable distributions ship their standard library that way).
 * Written stored, so the layer zip deflates it as one stream: the bytecode of ~560 small modules
 * shares names and constants that entry-by-entry deflate cannot see (LiteLLM layer: 3.42 MB of
 * stdlib bytecode entries, 2.98 MB as one stored zip).
 *
 * <p>Only sourceless bytecode moves. What stays a file: {@code os} (the landmark CPython looks for
 * to find its prefix when {@code PYTHONHOME} is unset), {@code site-packages}, {@code lib-dynload}
 * (zipimport never loads {@code .so}), {@code sitecustomize}/{@code usercustomize}, {@code config-*},
 * and every module or package that reads its own files through {@code __file__} or ships files other
 * than Python (lib2to3's grammar, venv's scripts, ...), decided from the sources before they are
 * compiled away.
 */
final class StdlibZip {

  private static final Set<String> ALWAYS_FILES = Set.of("site-packages", ZipLayout.ZIP_NAME,
      "lib-dynload", "__pycache__", "os", "sitecustomize", "usercustomize");

  private StdlibZip() {}

  /** {@code python311.zip} for 3.11: the name CPython's getpath adds to sys.path. */
  static String zipName(String minorVersion) {
    return "python" + minorVersion.replace(".", "") + ".zip";
  }

  /**
   * The top-level names (module stems and package directories) under {@code stdlib} that must stay
   * files; call it while the sources are still there.
   */
  static Set<String> mustStayFiles(Path stdlib) throws IOException {
    Set<String> stay = new TreeSet<>();
    for (Path entry : FileTrees.sortedChildren(stdlib)) {
      String name = entry.getFileName().toString();
      if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        if (ALWAYS_FILES.contains(name) || name.startsWith("config-") || !pureAndSelfContained(entry)) {
          stay.add(name);
        }
      } else if (name.endsWith(".py")) {
        String stem = name.substring(0, name.length() - 3);
        if (ALWAYS_FILES.contains(stem) || ZipLayout.readsOwnFiles(entry)) {
          stay.add(stem);
        }
      }
    }
    return stay;
  }

  /**
   * Moves the compiled modules and packages of {@code stdlib} not named in {@code stay} (what
   * {@link #mustStayFiles} said) into {@code stage}, keeping their paths. A package still holding
   * anything but bytecode (a file that did not compile) stays.
   *
   * @return how many files moved
   */
  static int arrange(Path stdlib, Set<String> stay, Path stage) throws IOException {
    int moved = 0;
    for (Path entry : FileTrees.sortedChildren(stdlib)) {
      String name = entry.getFileName().toString();
      if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        if (stay.contains(name) || !onlyBytecode(entry)) {
          continue;
        }
        moved += FileTrees.measure(entry).files();
        Files.createDirectories(stage);
        Files.move(entry, stage.resolve(name));
      } else if (name.endsWith(".pyc") && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
        String stem = name.substring(0, name.length() - 4);
        if (stay.contains(stem)) {
          continue;
        }
        Files.createDirectories(stage);
        Files.move(entry, stage.resolve(name));
        moved++;
      }
    }
    return moved;
  }

  /** Python sources only (no data files, no links), none of which reads files beside itself. */
  private static boolean pureAndSelfContained(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.toString().contains("/__pycache__")) {
          continue;
        }
        if (Files.isSymbolicLink(file)) {
          return false;
        }
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          if (!file.getFileName().toString().endsWith(".py") || ZipLayout.readsOwnFiles(file)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean onlyBytecode(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS))
          .allMatch(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
              && f.getFileName().toString().endsWith(".pyc"));
    }
  }

}
