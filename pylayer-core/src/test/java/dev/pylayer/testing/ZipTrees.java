package dev.pylayer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small layer-like tree for zip tests, with what the test expects of each path. */
public final class ZipTrees {

  /** Expected entry name -> expected mode (type bits included). */
  public final Map<String, Integer> expectedModes = new LinkedHashMap<>();
  /** Expected link entry name -> target. */
  public final Map<String, String> expectedLinks = new LinkedHashMap<>();
  public long expectedUncompressed;
  public final Path root;

  private ZipTrees(Path root) {
    this.root = root;
  }

  public static final String FULLWIDTH_TILDE = "\uFF5E"; // UTF-8 EF BD 9E, UTF-16 FF5E
  public static final String FRAKTUR_U = "\uD835\uDD18"; // U+1D518: UTF-8 F0 ..., UTF-16 D835 DD18

  /** Creates the tree under {@code root}; {@code reverse} creates files in the opposite order. */
  public static ZipTrees create(Path root, boolean reverse) throws IOException {
    ZipTrees tree = new ZipTrees(root);
    java.util.List<IoStep> all = new java.util.ArrayList<>();
    all.add(() -> tree.file("python/bin/python3.11", "rwxr--r--", "#!fake interpreter\n",
        0100755));
    all.add(() -> tree.link("python/bin/python3", "python3.11"));
    all.add(() -> tree.link("python/bin/python", "python3.11"));
    all.add(() -> tree.file("python/lib/python3.11/os.py", "rw-r--r--", "import sys\n".repeat(50),
        0100644));
    all.add(() -> tree.file("python/lib/python3.11/secret.py", "rw-------", "x = 1\n", 0100644));
    all.add(() -> tree.file("python/lib/python3.11/tool.sh", "rwx------", "#!/bin/sh\n",
        0100755));
    all.add(() -> tree.file("python/lib/python3.11/readonly.txt", "r--r--r--", "ro\n", 0100644));
    all.add(() -> tree.file("python/lib/python3.11/a-b/x.py", "rw-r--r--", "# a-b\n", 0100644));
    all.add(() -> tree.file("python/lib/python3.11/a/x.py", "rw-r--r--", "# a\n", 0100644));
    all.add(() -> tree.file("python/lib/python3.11/" + FULLWIDTH_TILDE + ".py", "rw-r--r--",
        "# wide\n", 0100644));
    all.add(() -> tree.file("python/lib/python3.11/" + FRAKTUR_U + ".py", "rw-r--r--",
        "# fraktur\n", 0100644));
    all.add(() -> tree.file("python/lib/python3.11/empty.txt", "rw-r--r--", "", 0100644));
    all.add(() -> tree.dir("python/lib/python3.11/site-packages"));
    all.add(() -> tree.link("python/lib/python3.11/packages", "site-packages"));
    if (reverse) {
      java.util.Collections.reverse(all);
    }
    for (IoStep step : all) {
      step.run();
    }
    for (String dir : new String[] {"python/", "python/bin/", "python/lib/",
        "python/lib/python3.11/", "python/lib/python3.11/a-b/", "python/lib/python3.11/a/",
        "python/lib/python3.11/site-packages/"}) {
      tree.expectedModes.put(dir, 040755);
    }
    return tree;
  }

  public interface IoStep {
    void run() throws IOException;
  }

  private void file(String name, String permissions, String content, int expectedMode)
      throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    expectedModes.put(name, expectedMode);
    expectedUncompressed += bytes.length;
  }

  private void link(String name, String target) throws IOException {
    Path link = root.resolve(name);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Paths.get(target));
    expectedModes.put(name, 0120777);
    expectedLinks.put(name, target);
    expectedUncompressed += target.getBytes(StandardCharsets.UTF_8).length;
  }

  private void dir(String name) throws IOException {
    Files.createDirectories(root.resolve(name));
  }
}
