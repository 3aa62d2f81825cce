package dev.pylayer.optimize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds, without running it, which module files a Python source file may import: every {@code
 * import} and {@code from ... import} statement wherever it stands (inside functions too, where
 * lazy imports live), relative imports resolved against the file's package, and string literals
 * that spell a module of the same top-level package ({@code "litellm.llms.x"}, or {@code ".llms.x"}
 * as {@code importlib.import_module(name, package="litellm")} takes it). Over-approximates on
 * purpose: a module named in a comment or a docstring counts too; keeping a file too many is safe,
 * one too few is not.
 */
public final class PythonImportScanner {

  private static final Pattern IMPORT = Pattern.compile(
      "(?m)^[ \\t]*(?:from[ \\t]+(\\.*)([\\w.]*)[ \\t]+import[ \\t]+(\\([^)]*\\)|[^\\n#;]*)"
          + "|import[ \\t]+([\\w.]+(?:[ \\t]*,[ \\t]*[\\w.]+)*))");
  private static final Pattern STRING = Pattern.compile(
      "[\"'](\\.?[A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)[\"']");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_]\\w*");

  private final Path sitePackages;

  /** @param sitePackages the root module names resolve against */
  public PythonImportScanner(Path sitePackages) {
    this.sitePackages = sitePackages;
  }

  /** Module files under site-packages that {@code file} may import (packages' __init__ too). */
  public Set<Path> references(Path file) throws IOException {
    String source = Files.readString(file, StandardCharsets.ISO_8859_1);
    Path relative = sitePackages.relativize(file);
    List<String> parts = new ArrayList<>();
    relative.forEach(p -> parts.add(p.toString()));
    String last = parts.remove(parts.size() - 1);
    boolean isPackage = last.equals("__init__.py");
    if (!isPackage) {
      parts.add(last.substring(0, last.length() - ".py".length()));
    }
    List<String> packageParts = isPackage ? parts : parts.subList(0, parts.size() - 1);
    String topLevel = parts.isEmpty() ? "" : parts.get(0);
    Set<Path> found = new LinkedHashSet<>();
    Matcher m = IMPORT.matcher(source);
    while (m.find()) {
      if (m.group(4) != null) {
        for (String name : m.group(4).split(",")) {
          addModule(name.strip(), found);
        }
        continue;
      }
      String dots = m.group(1);
      String name = m.group(2);
      String base;
      if (dots.isEmpty()) {
        base = name;
      } else {
        int up = dots.length() - 1;
        if (up > packageParts.size()) {
          continue;
        }
        List<String> anchor = new ArrayList<>(packageParts.subList(0, packageParts.size() - up));
        if (!name.isEmpty()) {
          anchor.add(name);
        }
        base = String.join(".", anchor);
      }
      addModule(base, found);
      Matcher names = NAME.matcher(m.group(3));
      while (names.find()) {
        if (!names.group().equals("as")) {
          addModule(base + "." + names.group(), found);
        }
      }
    }
    Matcher s = STRING.matcher(source);
    while (s.find()) {
      String literal = s.group(1);
      if (literal.startsWith(".") && !topLevel.isEmpty()) {
        addModule(topLevel + literal, found);
      } else if (!topLevel.isEmpty() && literal.startsWith(topLevel + ".")) {
        addModule(literal, found);
      }
    }
    found.remove(file);
    return found;
  }

  /** Adds the files of {@code module} and of each package above it that exist. */
  private void addModule(String module, Set<Path> found) {
    if (module.isEmpty()) {
      return;
    }
    String[] parts = module.split("\\.");
    Path path = sitePackages;
    for (String part : parts) {
      if (part.isEmpty()) {
        return;
      }
      path = path.resolve(part);
      Path init = path.resolve("__init__.py");
      Path plain = path.resolveSibling(part + ".py");
      if (Files.isRegularFile(init, LinkOption.NOFOLLOW_LINKS)) {
        found.add(init);
      } else if (Files.isRegularFile(plain, LinkOption.NOFOLLOW_LINKS)) {
        found.add(plain);
        return;
      } else if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
    }
  }
}
