package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdlibZipTest {

  @TempDir Path temp;

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** A standard library as sources, then "compiled": every .py replaced by a .pyc. */
  private Path stdlib() throws IOException {
    Path lib = temp.resolve("python/lib/python3.11");
    write(lib.resolve("os.py"), "import sys\n");
    write(lib.resolve("json/__init__.py"), "from .decoder import JSONDecoder\n");
    write(lib.resolve("json/decoder.py"), "class JSONDecoder: pass\n");
    write(lib.resolve("textwrap.py"), "def wrap(s): return [s]\n");
    write(lib.resolve("gram.py"), "import os\nGRAMMAR = os.path.join(os.path.dirname(__file__), 'g.txt')\n");
    write(lib.resolve("lib2to3/__init__.py"), "");
    write(lib.resolve("lib2to3/Grammar.txt"), "file_input: stmt*\n");
    write(lib.resolve("sitecustomize.py"), "import sys\n");
    write(lib.resolve("site-packages/pkg/__init__.py"), "");
    write(lib.resolve("lib-dynload/_json.cpython-311-x86_64-linux-gnu.so"), "ELF");
    write(lib.resolve("config-3.11-x86_64-linux-gnu/Makefile"), "all:\n");
    write(lib.resolve("LICENSE.txt"), "PSF\n");
    return lib;
  }

  private static void compileAway(Path lib) throws IOException {
    try (var files = Files.walk(lib)) {
      for (Path py : files.filter(p -> p.toString().endsWith(".py")).toList()) {
        if (!py.startsWith(lib.resolve("site-packages"))) {
          Files.move(py, py.resolveSibling(py.getFileName() + "c"));
        }
      }
    }
  }

  @Test
  void pureCompiledModulesMoveAndWhatReadsItsOwnFilesOrIsNotPythonStays() throws IOException {
    Path lib = stdlib();
    Set<String> stay = StdlibZip.mustStayFiles(lib);
    compileAway(lib);
    Path stage = temp.resolve("stage");

    int moved = StdlibZip.arrange(lib, stay, stage);

    assertThat(stay).contains("gram", "lib2to3", "os", "sitecustomize", "site-packages",
        "lib-dynload", "config-3.11-x86_64-linux-gnu").doesNotContain("json", "textwrap");
    assertThat(moved).isEqualTo(3);
    assertThat(stage.resolve("json/__init__.pyc")).isRegularFile();
    assertThat(stage.resolve("json/decoder.pyc")).isRegularFile();
    assertThat(stage.resolve("textwrap.pyc")).isRegularFile();
    assertThat(lib.resolve("json")).doesNotExist();
    // the prefix landmark, files read through __file__, data, the site customization stay
    assertThat(lib.resolve("os.pyc")).isRegularFile();
    assertThat(lib.resolve("gram.pyc")).isRegularFile();
    assertThat(lib.resolve("lib2to3/Grammar.txt")).isRegularFile();
    assertThat(lib.resolve("sitecustomize.pyc")).isRegularFile();
    assertThat(lib.resolve("site-packages/pkg/__init__.py")).isRegularFile();
    assertThat(lib.resolve("LICENSE.txt")).isRegularFile();
    assertThat(StdlibZip.zipName("3.11")).isEqualTo("python311.zip");
    assertThat(StdlibZip.zipName("3.13")).isEqualTo("python313.zip");
  }
}
