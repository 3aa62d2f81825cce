package dev.pylayer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IniFile} against Python's own {@code configparser.RawConfigParser}, which pip uses: the
 * same texts must give the same sections and values, or both must fail.
 */
class IniFileTest {

  private static final List<String> SAMPLES = List.of(
      "[global]\nindex-url = https://a/simple\n",
      "[global]\nextra-index-url =\n    file:///opt/pypi/simple\n    file:///opt/pypi-more/simple\n",
      "[global]\nkey: value with = sign\nother=  spaced  \n",
      "# c\n; c\n[global]\n  # indented comment\nfind-links = /a\n\n\n    /b\n\n[install]\nno-index = 1\n",
      "[DEFAULT]\ntimeout = 60\n[global]\nretries = 2\n[install]\ntimeout = 5\n",
      "[global]\nUPPER_Key = X\n[Global]\nkey = y\n",
      "[global]\nkey = first line\n  continued # not a comment\n\tand tabbed\nnext = 2\n",
      "[global]\nempty =\nblank-then-indented =\n\n  value\n",
      "[global] trailing text\nkey = v\n",
      "[global]\nkey = a\nKEY = b\n",
      "[global]\n[global]\n",
      "key = outside\n",
      "[global]\njust a line\n",
      "[global]\n= no key\n");

  @TempDir Path temp;

  @Test
  void agreesWithPythonConfigparser() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < SAMPLES.size(); i++) {
      files.add(Files.writeString(temp.resolve("sample" + i + ".conf"), SAMPLES.get(i)));
    }
    List<String> python = python(files);
    Assumptions.assumeTrue(python != null, "python3 is not available");
    assertThat(python).hasSize(SAMPLES.size());
    for (int i = 0; i < SAMPLES.size(); i++) {
      String text = SAMPLES.get(i);
      String answer = python.get(i);
      if (answer.startsWith("ERROR")) {
        assertThatThrownBy(() -> IniFile.parse(text, "sample"))
            .as("sample %d should fail like configparser (%s):%n%s", i, answer, text)
            .isInstanceOf(IllegalArgumentException.class);
      } else {
        Map<String, Map<String, String>> expected =
            json.readValue(answer, new TypeReference<Map<String, Map<String, String>>>() {});
        Map<String, Map<String, String>> actual = IniFile.parse(text, "sample");
        assertThat(actual).as("sample %d:%n%s", i, text).isEqualTo(expected);
        assertThat(List.copyOf(actual.keySet())).isEqualTo(List.copyOf(expected.keySet()));
      }
    }
  }

  /** One line per file: its sections as JSON, or "ERROR <type>"; null without python3. */
  private static List<String> python(List<Path> files) throws InterruptedException {
    String script = "import configparser, json, sys\n"
        + "for name in sys.argv[1:]:\n"
        + "    p = configparser.RawConfigParser()\n"
        + "    try:\n"
        + "        p.read(name, encoding='utf-8')\n"
        + "        print(json.dumps({s: dict(p.items(s)) for s in p.sections()}))\n"
        + "    except configparser.Error as e:\n"
        + "        print('ERROR ' + type(e).__name__)\n";
    List<String> command = new ArrayList<>(List.of("python3", "-c", script));
    files.forEach(f -> command.add(f.toString()));
    try {
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return null;
      }
      return List.of(out.strip().split("\n"));
    } catch (IOException e) {
      return null;
    }
  }
}
