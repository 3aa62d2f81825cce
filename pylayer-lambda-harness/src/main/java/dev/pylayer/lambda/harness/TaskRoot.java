package dev.pylayer.lambda.harness;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The function's code laid out as Lambda's Java runtime finds it in {@code /var/task} (the runtime
 * interface client's class loader reads the working directory): class directories copied to the top,
 * jars into {@code lib/}, as a deployment zip unpacks.
 */
final class TaskRoot {
  private TaskRoot() {}

  static Path create(Path root, List<Path> code) throws IOException {
    Path lib = Files.createDirectories(root.resolve("lib"));
    for (Path entry : code) {
      if (Files.isDirectory(entry)) {
        copyContents(entry, root);
      } else if (Files.isRegularFile(entry)) {
        Files.copy(entry, lib.resolve(entry.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      } else {
        throw new IllegalArgumentException("the function's code " + entry + " is neither a jar nor a class directory");
      }
    }
    return root;
  }

  private static void copyContents(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
