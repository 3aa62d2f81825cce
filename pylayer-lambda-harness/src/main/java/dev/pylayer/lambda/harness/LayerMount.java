package dev.pylayer.lambda.harness;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How the function sees its layer read-only at {@code /opt}, as Lambda unpacks layers. Where a private
 * mount namespace can be made ({@code unshare -m}: as root, or with user namespaces), the layer
 * directory is bind-mounted read-only over {@code /opt} for the function's processes only; elsewhere
 * the layer is copied, its write bits removed, and the function's environment pointed at the copy
 * (every {@code /opt/...} value rewritten, {@code PYLAYER_PYTHON} set, as pylayer-runtime would find
 * {@code /opt/python} in Lambda). A copy does not stop root from writing; the mount does.
 */
final class LayerMount {
  /** How the layer is made read-only. */
  enum Mode {
    /** Bind-mounted read-only at /opt in a private mount namespace. */
    PRIVATE_MOUNT,
    /** A read-only copy, with /opt paths in the environment rewritten to it. */
    READ_ONLY_COPY
  }

  private static volatile Boolean mountPermitted;

  final Mode mode;
  final Path root;
  private final Path layer;

  private LayerMount(Mode mode, Path root, Path layer) {
    this.mode = mode;
    this.root = root;
    this.layer = layer;
  }

  /**
   * Mounts {@code layer} where permitted, else copies it under {@code workDir}; a layer the harness
   * unpacked itself ({@code owned}) is made read-only in place instead of copied.
   */
  static LayerMount prepare(Path layer, Path workDir, boolean allowMount, boolean owned) throws IOException {
    if (!Files.isDirectory(layer.resolve("python"))) {
      throw new IllegalArgumentException("the layer " + layer + " holds no python/ directory: pass the directory Lambda"
          + " would unpack at /opt (pylayer's layer-build-<arch>/layer)");
    }
    if (allowMount && privateMountPermitted()) {
      return new LayerMount(Mode.PRIVATE_MOUNT, Path.of("/opt"), layer);
    }
    Path copy = owned ? layer : workDir.resolve("opt");
    if (!owned) {
      copyTree(layer, copy);
    }
    makeReadOnly(copy);
    return new LayerMount(Mode.READ_ONLY_COPY, copy, layer);
  }

  /**
   * The command that runs {@code command} with the layer in place: in a private mount namespace with
   * the layer at /opt, and as {@code uid} when not null.
   */
  List<String> wrap(List<String> command, String uid) {
    List<String> out = new ArrayList<>();
    if (mode == Mode.PRIVATE_MOUNT) {
      out.addAll(List.of("unshare", "-m", "--propagation", "private", "--", "sh", "-c",
          "mount --bind \"$1\" /opt && mount -o remount,bind,ro /opt && shift && exec \"$@\"", "sh", layer.toString()));
    }
    if (uid != null) {
      out.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
    }
    out.addAll(command);
    return out;
  }

  /** {@code environment} with /opt paths pointing at the copy and the interpreter named, in copy mode. */
  Map<String, String> environment(Map<String, String> environment) {
    if (mode == Mode.PRIVATE_MOUNT) {
      return environment;
    }
    Map<String, String> out = new LinkedHashMap<>();
    environment.forEach((k, v) -> out.put(k, v.replaceAll("(^|:)/opt(?=/|:|$)", "$1" + java.util.regex.Matcher.quoteReplacement(root.toString()))));
    out.put("PYLAYER_PYTHON", interpreter().toString());
    return out;
  }

  private Path interpreter() {
    try (var entries = Files.list(root.resolve("python/bin"))) {
      return entries.filter(p -> p.getFileName().toString().matches("python3\\.\\d+")).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("the layer has no python/bin/python3.X"));
    } catch (IOException e) {
      throw new IllegalArgumentException("the layer's python/bin cannot be read: " + e.getMessage(), e);
    }
  }

  /** Whether {@code unshare -m} works here and /opt exists to mount over. */
  static boolean privateMountPermitted() {
    Boolean permitted = mountPermitted;
    if (permitted == null) {
      permitted = Files.isDirectory(Path.of("/opt")) && runs(List.of("unshare", "-m", "--propagation", "private", "true"));
      mountPermitted = permitted;
    }
    return permitted;
  }

  static boolean runs(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path target = to.resolve(from.relativize(file).toString());
        if (attrs.isSymbolicLink()) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(file));
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void makeReadOnly(Path root) throws IOException {
    setWritable(root, false);
  }

  /** Adds or removes every write bit under {@code root} (directories last when removing). */
  static void setWritable(Path root, boolean writable) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (writable) {
          change(dir, true);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isSymbolicLink()) {
          change(file, writable);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (!writable) {
          change(dir, false);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void change(Path path, boolean writable) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (writable) {
      perms.add(PosixFilePermission.OWNER_WRITE);
    } else {
      perms.remove(PosixFilePermission.OWNER_WRITE);
      perms.remove(PosixFilePermission.GROUP_WRITE);
      perms.remove(PosixFilePermission.OTHERS_WRITE);
    }
    Files.setPosixFilePermissions(path, perms);
  }
}
