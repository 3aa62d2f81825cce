package dev.pylayer.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path root;

  @Test
  void deletesDirectoriesLeftEmptyBelowTheRootAndNothingElse() throws Exception {
    Files.createDirectories(root.resolve("pkg/sub/__pycache__"));
    Files.createDirectories(root.resolve("pkg/kept"));
    Files.writeString(root.resolve("pkg/kept/module.pyc"), "x");
    Path elsewhere = Files.createDirectories(root.resolve("pkg/kept/target"));
    Files.createSymbolicLink(root.resolve("pkg/link"), elsewhere);
    Files.createDirectories(root.resolve("gone/deeper/deepest"));

    FileTrees.deleteEmptyDirectoriesBelow(root);

    assertThat(root.resolve("pkg/sub")).doesNotExist();
    assertThat(root.resolve("gone")).doesNotExist();
    assertThat(root.resolve("pkg/kept/module.pyc")).isRegularFile();
    assertThat(root.resolve("pkg/link")).isSymbolicLink(); // a link is content, never followed
    assertThat(root.resolve("pkg/kept/target")).doesNotExist(); // empty, so deleted; the link dangles
    assertThat(root).isDirectory();
  }

  @Test
  void anEmptyRootStays() throws Exception {
    Files.createDirectories(root.resolve("a/b"));

    FileTrees.deleteEmptyDirectoriesBelow(root);

    assertThat(FileTrees.isEmptyDirectory(root)).isTrue();
    assertThat(FileTrees.isEmptyDirectory(root.resolve("a"))).isFalse(); // gone: not a directory
  }
}
