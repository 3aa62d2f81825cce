package dev.pylayer.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pylayer.testing.HostPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequirementsFileTest {

  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "0123456789ABCDEF".repeat(4);

  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static List<String> describe(RequirementsFile requirements) {
    List<String> described = new ArrayList<>();
    for (RequirementLine line : requirements.lines()) {
      described.add(
          line.file().getFileName()
              + ":"
              + line.lineNumber()
              + (line.constraint() ? " -c " : " ")
              + line.requirement()
              + (line.sha256Hashes().isEmpty() ? "" : " " + line.sha256Hashes()));
    }
    return described;
  }

  @Test
  void readsRequirementsCommentsContinuationsAndHashes() throws Exception {
    Path file =
        write(
            "requirements.txt",
            "# LiteLLM and friends\n"
                + "\n"
                + "litellm==1.45.0  # the one we want\n"
                + "requests[socks] >= 2.31, <3 ; python_version >= \"3.8\"\n"
                + "idna==3.7 \\\n"
                + "    --hash=sha256:"
                + HASH_A
                + " \\\n"
                + "    --hash sha256:"
                + HASH_B
                + "\n"
                + "   # indented comment \\\n"
                + "certifi\\\n"
                + "==2024.7.4\n"
                + "pyyaml>=6#not-a-comment\n"
                + "\t\n");
    RequirementsFile requirements = RequirementsFile.parse(file, Map.of());

    assertThat(describe(requirements))
        .containsExactly(
            "requirements.txt:3 litellm==1.45.0",
            "requirements.txt:4 requests[socks] >= 2.31, <3 ; python_version >= \"3.8\"",
            "requirements.txt:5 idna==3.7 [" + HASH_A + ", " + HASH_B.toLowerCase() + "]",
            "requirements.txt:9 certifi==2024.7.4",
            "requirements.txt:11 pyyaml>=6#not-a-comment");
    assertThat(requirements.constraints()).isEmpty();
    assertThat(requirements.requirements()).hasSize(5);
    assertThat(requirements.lines().get(0).location()).isEqualTo(file + ":3");
    assertThat(requirements.files()).containsExactly(file);
  }

  @Test
  void recordsGlobalOptions() throws Exception {
    Files.createDirectories(dir.resolve("wheels"));
    Path file =
        write(
            "requirements.txt",
            "-i https://pypi.example/simple\n"
                + "--index-url=https://mirror.example/simple\n"
                + "--extra-index-url https://extra1.example/simple\n"
                + "--extra-index-url=https://extra2.example/simple\n"
                + "-f wheels\n"
                + "--find-links=missing-dir\n"
                + "-fhttps://links.example/\n"
                + "--no-index\n"
                + "--pre\n"
                + "--require-hashes\n"
                + "--trusted-host mirror.example\n"
                + "--prefer-binary\n"
                + "--only-binary :all:\n"
                + "--extra-index https://prefix.example/simple\n"
                + "six\n");
    RequirementsFile requirements = RequirementsFile.parse(file, Map.of());

    assertThat(requirements.indexUrl()).contains("https://mirror.example/simple");
    assertThat(requirements.extraIndexUrls())
        .containsExactly(
            "https://extra1.example/simple",
            "https://extra2.example/simple",
            "https://prefix.example/simple");
    assertThat(requirements.findLinks())
        .containsExactly(dir.resolve("wheels").toString(), "missing-dir", "https://links.example/");
    assertThat(requirements.noIndex()).isTrue();
    assertThat(requirements.pre()).isTrue();
    assertThat(requirements.requireHashes()).isTrue();
    assertThat(requirements.trustedHosts()).containsExactly("mirror.example");
    assertThat(describe(requirements)).containsExactly("requirements.txt:15 six");
  }

  @Test
  void defaultsWhenNoOptions() throws Exception {
    RequirementsFile requirements = RequirementsFile.parse(write("r.txt", "six\n"), Map.of());
    assertThat(requirements.indexUrl()).isEmpty();
    assertThat(requirements.noIndex()).isFalse();
    assertThat(requirements.pre()).isFalse();
    assertThat(requirements.extraIndexUrls()).isEmpty();
    assertThat(requirements.warnings()).isEmpty();
  }

  @Test
  void followsIncludesAndConstraintsRelativeToTheIncludingFile() throws Exception {
    write("reqs/base.txt", "idna==3.7\n-c ../constraints/pins.txt\n");
    write("constraints/pins.txt", "urllib3<2\n-r nested.txt\n");
    write("constraints/nested.txt", "charset-normalizer\n");
    Path top =
        write(
            "requirements.txt",
            "litellm\n-r reqs/base.txt\n--requirement=reqs/more.txt\nrequests\n");
    write("reqs/more.txt", "certifi\n");

    RequirementsFile requirements = RequirementsFile.parse(top, Map.of());

    assertThat(describe(requirements))
        .containsExactly(
            "requirements.txt:1 litellm",
            "base.txt:1 idna==3.7",
            "pins.txt:1 -c urllib3<2",
            "nested.txt:1 charset-normalizer", // pip: -r inside a constraints file adds
                                               // requirements
            "more.txt:1 certifi",
            "requirements.txt:4 requests");
    assertThat(requirements.constraints())
        .extracting(RequirementLine::requirement)
        .containsExactly("urllib3<2");
    assertThat(requirements.files()).hasSize(5);
  }

  @Test
  void includeCycleIsAnErrorShowingTheChain() throws Exception {
    write("a.txt", "six\n-r b.txt\n");
    write("b.txt", "\n\n-r a.txt\n");
    assertThatThrownBy(() -> RequirementsFile.parse(dir.resolve("a.txt"), Map.of()))
        .isInstanceOf(RequirementsFileException.class)
        .hasMessageStartingWith(dir.resolve("b.txt") + " line 3: including")
        .hasMessageContaining("makes a cycle")
        .hasMessageContaining("a.txt -> " + dir.toRealPath().resolve("b.txt") + " -> ");
  }

  @Test
  void missingIncludeNamesTheIncludingLine() throws Exception {
    Path top = write("requirements.txt", "six\n\n-c nope.txt\n");
    RequirementsFileException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RequirementsFileException.class, () -> RequirementsFile.parse(top, Map.of()));
    assertThat(e.file()).isEqualTo(top);
    assertThat(e.lineNumber()).isEqualTo(3);
    assertThat(e).hasMessageContaining("nope.txt does not exist");
  }

  @Test
  void expandsOnlyBracedUpperCaseEnvironmentVariables() throws Exception {
    Path file =
        write(
            "requirements.txt",
            "--extra-index-url https://user:${TOKEN_1}@private.example/simple\n"
                + "--index-url https://${UNSET_VAR}/simple\n"
                + "pkg-${lower}==1.0\n"
                + "other==$TOKEN_1\n");
    RequirementsFile requirements =
        RequirementsFile.parse(file, Map.of("TOKEN_1", "s3cr3t", "lower", "x"));

    assertThat(requirements.extraIndexUrls())
        .containsExactly("https://user:s3cr3t@private.example/simple");
    assertThat(requirements.indexUrl()).contains("https://${UNSET_VAR}/simple");
    assertThat(requirements.warnings())
        .singleElement()
        .asString()
        .contains("line 2")
        .contains("${UNSET_VAR} is not set");
    assertThat(describe(requirements))
        .containsExactly(
            "requirements.txt:3 pkg-${lower}==1.0", "requirements.txt:4 other==$TOKEN_1");
  }

  private void assertError(String content, int line, String... parts) throws Exception {
    Path file = write("bad.txt", content);
    assertThatThrownBy(() -> RequirementsFile.parse(file, Map.of()))
        .isInstanceOf(RequirementsFileException.class)
        .hasMessageStartingWith(file + " line " + line + ": ")
        .hasMessageContainingAll(parts);
  }

  @Test
  void unsupportedLinesAreErrorsNamingFileAndLine() throws Exception {
    String six = "six\nidna\n# c\nrequests\n\ncertifi\n";
    assertError(six + "-e .\n", 7, "'-e .' is not supported", "pylayer installs wheels by name");
    assertError(six + "--editable=git+https://x/y.git#egg=y\n", 7, "is not supported");
    assertError("https://files.example/demo-1.0-py3-none-any.whl\n", 1, "is a URL");
    assertError("./local/pkg\n", 1, "'./local/pkg' is a path");
    assertError("dist/demo-1.0-py3-none-any.whl\n", 1, "is a path");
    assertError("demo.tar.gz\n", 1, "is a path");
    assertError("demo @ https://files.example/demo.whl\n", 1, "is a direct reference");
    assertError("foo=1.0\n", 1, "'foo=1.0' is not a valid requirement (did you mean 'foo==1.0'?)");
    assertError("foo==1.0 --hash=md5:abc\n", 1, "not sha256:<hex>");
    assertError("foo==1.0 --hash=sha256:abc\n", 1, "64 hex digits");
    assertError("foo==1.0 --pre\n", 1, "'--pre' cannot follow a requirement");
    assertError("foo==1.0 --global-option=--fast\n", 1, "is a build option");
    assertError("--frobnicate\n", 1, "unknown option '--frobnicate'");
    assertError("--no-binary :all:\n", 1, "asks to build from source");
    assertError("-r\n", 1, "'-r' needs a value");
    assertError("-r https://example/reqs.txt\n", 1, "includes a URL");
    assertError("foo==1.0 --hash='sha256:x\n", 1, "unclosed quote");
    assertError("--no-index=yes\n", 1, "takes no value");
  }

  @Test
  void missingTopFileIsAClearError() {
    assertThatThrownBy(() -> RequirementsFile.parse(dir.resolve("none.txt"), Map.of()))
        .isInstanceOf(RequirementsFileException.class)
        .hasMessage(dir.resolve("none.txt") + ": no such file");
  }

  /**
   * pip itself is the reference: the same file must give the same requirements, lines and hashes
   * (pip keeps trailing blanks and hash case; pylayer strips and lower-cases them).
   */
  @Test
  void agreesWithPipOnTheSameFile() throws Exception {
    assumeTrue(HostPython.find().isPresent(), "needs host python3");
    HostPython.Result hasPip =
        HostPython.run(dir, Map.of(), "-c", "import pip._internal.req.req_file");
    assumeTrue(hasPip.exitCode == 0, "needs pip importable by host python3");

    write("sub/inner.txt", "attrs>=23 \\\n  ; python_version > \"3\"\n-c pins.txt\n");
    write("sub/pins.txt", "urllib3<2  --hash=sha256:" + HASH_A + "\n");
    Path file =
        write(
            "requirements.txt",
            "# top\n"
                + "litellm==1.45.0 \\\n"
                + "  --hash=sha256:"
                + HASH_A
                + " \\\n"
                + "  --hash=sha256:"
                + HASH_B
                + "\n"
                + "\\\n"
                + "requests[socks]>=2.31;python_version>='3.8' # trailing\n"
                + "pkg-${ZZ_VAR}==1\n"
                + "-r sub/inner.txt\n"
                + "#comment \\\n"
                + "six\n"
                + "tokenizers    ==0.19.1\n"
                + "a#b\n");
    RequirementsFile ours = RequirementsFile.parse(file, Map.of("ZZ_VAR", "one"));

    HostPython.Result pip =
        HostPython.run(
            dir,
            Map.of("ZZ_VAR", "one"),
            "-c",
            "import sys\n"
                + "from pip._internal.req.req_file import parse_requirements\n"
                + "from pip._internal.network.session import PipSession\n"
                + "for r in parse_requirements(sys.argv[1], session=PipSession()):\n"
                + "    line = r.comes_from.rsplit('(line ', 1)[1].rstrip(')')\n"
                + "    hashes = sorted(h.lower() for h in (r.options or {}).get('hashes',"
                + " {}).get('sha256', []))\n"
                + "    print(r.comes_from.split()[1].split('/')[-1] + ':' + line + (' -c ' if"
                + " r.constraint else ' ') + r.requirement.strip() + (' [' + ', '.join(hashes) +"
                + " ']' if hashes else ''))\n",
            file.toString());
    assertThat(pip.exitCode).as(pip.toString()).isZero();

    List<String> actual = new ArrayList<>();
    for (RequirementLine line : ours.lines()) {
      List<String> hashes = new ArrayList<>(line.sha256Hashes());
      hashes.sort(null); // pip reports a set
      actual.add(
          line.file().getFileName()
              + ":"
              + line.lineNumber()
              + (line.constraint() ? " -c " : " ")
              + line.requirement()
              + (hashes.isEmpty() ? "" : " [" + String.join(", ", hashes) + "]"));
    }
    assertThat(actual).containsExactly(pip.stdout.strip().split("\n"));
    assertThat(actual).hasSize(8);
  }
}
