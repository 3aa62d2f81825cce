package dev.pylayer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.testing.HostPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCodeScannerTest {

  @TempDir Path layer;
  private Path site;
  private Path stdlib;

  @BeforeEach
  void tree() throws Exception {
    stdlib = Files.createDirectories(layer.resolve("python/lib/python3.11"));
    site = Files.createDirectories(stdlib.resolve("site-packages"));
    Files.writeString(site.resolve("evil.pth"), "# a comment\n"
        + "import os, base64; exec(base64.b64decode('cHJpbnQoMSk='))\n");
    Files.writeString(site.resolve("paths.pth"), "extra_dir\n ../elsewhere\n #import x\n");
    Files.writeString(site.resolve("zope.interface-5.0-py3.9-nspkg.pth"),
        "import sys, types, os;has_mfs = sys.version_info > (3, 5)\n");
    Files.writeString(site.resolve("tabbed.pth"), " import indented_is_a_path\nimport\tsys\n");
    Files.writeString(site.resolve("sitecustomize.py"), "print('from a package')\n");
    Files.createDirectories(site.resolve("usercustomize"));
    Files.writeString(site.resolve("usercustomize/__init__.py"), "");
    Files.writeString(site.resolve("sitecustomize_helpers.py"), "");
    Files.createDirectories(site.resolve("sub"));
    Files.writeString(site.resolve("sub/deep.pth"), "import not_read_by_site\n");
  }

  private List<StartupFile> scan() throws Exception {
    return StartupCodeScanner.scan(layer, List.of(site), List.of(stdlib, site),
        file -> file.getFileName().toString().startsWith("evil")
            ? Optional.of("Evil_Pkg") : Optional.empty());
  }

  @Test
  void findsEveryFileSiteRunsAtStartAndNothingElse() throws Exception {
    List<StartupFile> found = scan();

    String sp = "python/lib/python3.11/site-packages/";
    assertThat(found).extracting(StartupFile::path, f -> f.kind().jsonName())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(sp + "evil.pth", "pth-code"),
            org.assertj.core.groups.Tuple.tuple(sp + "sitecustomize.py", "sitecustomize"),
            org.assertj.core.groups.Tuple.tuple(sp + "tabbed.pth", "pth-code"),
            org.assertj.core.groups.Tuple.tuple(sp + "usercustomize/", "usercustomize"),
            org.assertj.core.groups.Tuple.tuple(sp + "zope.interface-5.0-py3.9-nspkg.pth",
                "nspkg-pth"));
    assertThat(found.get(0).distribution()).contains("Evil_Pkg");
    assertThat(found.get(0).executableLines()).containsExactly(
        "import os, base64; exec(base64.b64decode('cHJpbnQoMSk='))");
    assertThat(found.get(2).executableLines()).containsExactly("import\tsys");
  }

  @Test
  void refusedUnlessTheDistributionIsAllowedByNameWithAMessageThatSaysWhy() throws Exception {
    List<StartupFile> found = scan();

    StartupAudit strict = StartupCodePolicy.allowing(List.of()).evaluate(found);
    StartupAudit allowed = StartupCodePolicy.allowing(List.of("evil-pkg")).evaluate(found);

    assertThat(strict.refused()).hasSize(5);
    assertThat(strict.refusalMessage()).hasValueSatisfying(m -> assertThat(m)
        .contains("evil.pth", "from Evil_Pkg", "exec(base64", "every interpreter start",
            "credentials", "BerriAI/litellm#24512", "allow-startup-code = [\"Evil_Pkg\"]",
            "--allow-startup-code Evil_Pkg"));
    assertThat(allowed.files()).hasSize(5);
    assertThat(allowed.refused()).extracting(StartupFile::path)
        .noneMatch(p -> p.endsWith("evil.pth"));
  }

  @Test
  void executableLinesAreExactlyTheLinesCPythonsSiteRuns() throws Exception {
    assumeTrue(HostPython.find().isPresent(), "needs python3 on the host to compare with");
    Path dir = Files.createDirectories(layer.resolve("diff"));
    List<String> candidates = List.of("import a0", " import a1", "import\ta2", "#import a3",
        "importa4", "Import a5", "import  a6", "\timport a7", "import a8 # c");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      // Each executed line records its number; the module names never exist.
      String line = candidates.get(i);
      lines.add(line.contains("import") && !line.startsWith("#")
          ? line.replaceFirst("a" + i + ".*", "builtins; builtins.__dict__.setdefault('hits',"
              + " []).append(" + i + ")")
          : line);
    }
    Files.writeString(dir.resolve("probe.pth"), String.join("\n", lines) + "\n");

    HostPython.Result run = HostPython.run(dir, Map.of("PATH", "/usr/bin:/bin"), "-S", "-c",
        "import site, builtins; site.addsitedir(" + pyString(dir.toString()) + ");"
            + " print(sorted(getattr(builtins, 'hits', [])))");
    List<String> ours = StartupCodeScanner.executableLines(dir.resolve("probe.pth"));

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (ours.contains(lines.get(i).strip())) {
        expected.add(i);
      }
    }
    assertThat(expected).containsExactly(0, 2, 6, 8);
    assertThat(run.stdout.strip()).as(run.toString()).isEqualTo(expected.toString());
  }

  private static String pyString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
