package dev.pylayer.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpreterLayoutTest {

  @TempDir Path root;

  private void touch(String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  @Test
  void detectsTheVersionFromTheStdlibDirectory() throws IOException {
    touch("python/bin/python3.12", "");
    touch("python/lib/python3.12/os.py", "");
    Files.createDirectories(root.resolve("python/lib/pkgconfig"));

    InterpreterLayout layout = InterpreterLayout.detect(root);

    assertThat(layout.minorVersion()).isEqualTo("3.12");
    assertThat(layout.executableName()).isEqualTo("python3.12");
    assertThat(layout.interpreter()).isEqualTo(root.resolve("python/bin/python3.12"));
    assertThat(layout.stdlib()).isEqualTo(root.resolve("python/lib/python3.12"));
    assertThat(layout.sitePackages())
        .isEqualTo(root.resolve("python/lib/python3.12/site-packages"));
    assertThat(layout.libDynload()).isEqualTo(root.resolve("python/lib/python3.12/lib-dynload"));
    assertThat(layout.home()).isEqualTo(root.resolve("python"));
    assertThat(layout.fullVersion()).isEmpty();
  }

  @Test
  void readsTheFullVersionFromPatchlevelHeader() throws IOException {
    touch("python/bin/python3.11", "");
    touch("python/lib/python3.11/os.py", "");
    touch("python/include/python3.11/patchlevel.h",
        "#define PY_MINOR_VERSION 11\n#define PY_VERSION              \"3.11.14\"\n");
    assertThat(InterpreterLayout.detect(root).fullVersion()).contains("3.11.14");
  }

  @Test
  void explainsWhatIsMissing() throws IOException {
    assertThatThrownBy(() -> InterpreterLayout.detect(root))
        .hasMessageContaining("does not hold an interpreter");
    touch("python/lib/python3.11/os.py", "");
    assertThatThrownBy(() -> InterpreterLayout.detect(root))
        .hasMessageContaining("python3.11 is missing");
    touch("python/lib/python3.12/os.py", "");
    assertThatThrownBy(() -> InterpreterLayout.detect(root))
        .hasMessageContaining("found 2");
  }

  @Test
  void layoutForATreeStillToBeBuilt() {
    InterpreterLayout layout = InterpreterLayout.of(root, "3.13");
    assertThat(layout.resolve("lib/python3.13/os.py"))
        .isEqualTo(root.resolve("python/lib/python3.13/os.py"));
    assertThatThrownBy(() -> InterpreterLayout.of(root, "3"))
        .hasMessageContaining("'3' is not a Python minor version");
  }
}
