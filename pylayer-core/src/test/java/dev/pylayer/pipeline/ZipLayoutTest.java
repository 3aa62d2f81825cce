package dev.pylayer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.pack.DeterministicZipWriter;
import dev.pylayer.testing.HostPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipLayoutTest {

  @TempDir Path dir;

  @Test
  void sitecustomizePointsTiktokenAtTheRealCacheDirectoryUnlessTheUserSetIt() throws IOException {
    assumeTrue(HostPython.find().isPresent(), "python3 is needed");
    Path lib = Files.createDirectories(dir.resolve("lib/python3.11"));
    Path cache = Files.createDirectories(lib.resolve("site-packages/litellm/llms/tokenizers"));
    Files.writeString(lib.resolve("sitecustomize.py"),
        ZipLayout.sitecustomize("site-packages/" + ZipLayout.TIKTOKEN_CACHE));
    String code = "import os, runpy, sys; runpy.run_path(sys.argv[1]);"
        + " print(os.environ.get('CUSTOM_TIKTOKEN_CACHE_DIR'))";

    HostPython.Result unset = HostPython.run(dir, Map.of(), "-c", code,
        lib.resolve("sitecustomize.py").toString());
    HostPython.Result set = HostPython.run(dir, Map.of("CUSTOM_TIKTOKEN_CACHE_DIR", "/tmp/mine"),
        "-c", code, lib.resolve("sitecustomize.py").toString());

    assertThat(unset.exitCode).as(unset.stderr).isZero();
    assertThat(Path.of(unset.stdout.strip())).isEqualTo(cache);
    assertThat(set.stdout.strip()).isEqualTo("/tmp/mine");
  }

  @Test
  void theLayersZipsAreImportedReadingEachModuleOnceOtherZipsAsCPythonDoes() throws IOException {
    assumeTrue(HostPython.find().isPresent(), "python3 is needed");
    Path lib = Files.createDirectories(dir.resolve("lib/python3.11"));
    zip(lib.resolve(ZipLayout.ZIP_NAME), Map.of("pkg/__init__.py", "", "pkg/sub.py", "X = 1\n"));
    zip(dir.resolve("other.zip"), Map.of("other.py", "Y = 2\n"));
    Files.writeString(lib.resolve("sitecustomize.py"), ZipLayout.sitecustomize());
    String code = String.join("\n",
        "import runpy, sys, zipimport",
        "reads = []",
        "_read = zipimport._get_module_code",
        "def counting(importer, name):",
        "    reads.append(name)",
        "    return _read(importer, name)",
        "zipimport._get_module_code = counting",
        "runpy.run_path(sys.argv[1])",
        "sys.path.append(sys.argv[2])",
        "import pkg.sub, other",
        "print(sorted(reads))",
        "print(type(pkg.sub.__spec__.loader).__name__, pkg.sub.__file__)",
        "print(type(other.__spec__.loader).__name__, other.__file__)",
        "");

    HostPython.Result run = HostPython.run(dir, Map.of(), "-c", code,
        lib.resolve("sitecustomize.py").toString(), dir.resolve("other.zip").toString());

    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(run.stdout.lines().toList()).containsExactly(
        "['other', 'other', 'pkg', 'pkg.sub']", // CPython's importer: twice; the layer's: once
        "_LayerZipImporter " + lib.resolve(ZipLayout.ZIP_NAME).resolve("pkg/sub.py"),
        "zipimporter " + dir.resolve("other.zip").resolve("other.py"));
  }

  /** A zip of {@code files}, written stored by the build's own writer, as the layer's zips are. */
  private void zip(Path zip, Map<String, String> files) throws IOException {
    Path tree = Files.createDirectories(dir.resolve("trees").resolve(zip.getFileName().toString()));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = tree.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    DeterministicZipWriter.create().withCompressionLevel(0).write(tree, zip);
  }

  @Test
  void onlyPathUsesOfFileKeepAPackageOutOfTheZip() {
    assertThat(reads("HERE = os.path.dirname(os.path.abspath(__file__))")).isTrue();
    assertThat(reads("DATA = Path(__file__).parent / 'data.json'")).isTrue();
    assertThat(reads("p = os.path.join(os.path.dirname(__file__), 'x')")).isTrue();
    assertThat(reads("with open(__file__) as f: pass")).isTrue();
    assertThat(reads("logger.debug('loaded %s', __file__)")).isFalse();
    assertThat(reads("if __name__ == '__main__': print(__file__)")).isFalse();
  }

  private static boolean reads(String line) {
    return ZipLayout.readsOwnFiles(line);
  }
}
