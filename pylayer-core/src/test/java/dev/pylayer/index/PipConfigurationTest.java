package dev.pylayer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipConfigurationTest {

  @TempDir Path temp;
  private Path root;
  private Path home;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(temp.resolve("root"));
    home = Files.createDirectories(temp.resolve("home"));
  }

  private Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private Path etcFile() {
    return root.resolve("etc/pip.conf");
  }

  private Path userFile() {
    return home.resolve(".config/pip/pip.conf");
  }

  private Path legacyUserFile() {
    return home.resolve(".pip/pip.conf");
  }

  private PipConfiguration load() throws IOException {
    return PipConfiguration.loader().env(env).home(home).systemRoot(root).load();
  }

  private static String index(String name) {
    return "[global]\nindex-url = https://" + name + ".example/simple\n";
  }

  @Test
  void nothingConfiguredMeansPipsDefaults() throws IOException {
    PipConfiguration config = load();

    assertThat(config.files()).isEmpty();
    assertThat(config.indexSettings()).isEqualTo(IndexSettings.empty());
    assertThat(config.indexSettings().sources(temp, home))
        .extracting(IndexSource::location)
        .containsExactly(URI.create(IndexSettings.DEFAULT_INDEX_URL));
  }

  @Test
  void userFilesOverrideGlobalFilesAndTheNewUserFileTheLegacyOne() throws IOException {
    write(root.resolve("etc/xdg/pip/pip.conf"), index("xdg") + "timeout = 1\n");
    write(etcFile(), index("etc") + "retries = 2\n");
    assertThat(load().get("index-url")).contains("https://etc.example/simple");
    assertThat(load().get("timeout")).contains("1");

    write(legacyUserFile(), index("legacy"));
    assertThat(load().get("index-url")).contains("https://legacy.example/simple");

    write(userFile(), index("user"));
    PipConfiguration config = load();
    assertThat(config.get("index-url")).contains("https://user.example/simple");
    assertThat(config.get("retries")).contains("2");
    assertThat(config.files()).containsExactly(root.resolve("etc/xdg/pip/pip.conf"), etcFile(),
        legacyUserFile(), userFile());
    assertThat(config.origin("index-url")).contains(userFile() + " [global]");
  }

  @Test
  void xdgVariablesMoveTheUserAndGlobalFiles() throws IOException {
    Path xdgHome = temp.resolve("xdg-home");
    Path xdgDir1 = temp.resolve("xdg-a");
    Path xdgDir2 = temp.resolve("xdg-b");
    write(userFile(), index("ignored"));
    write(xdgHome.resolve("pip/pip.conf"), "[global]\nfind-links = /wheels\n");
    write(xdgDir1.resolve("pip/pip.conf"), index("a") + "timeout = 5\n");
    write(xdgDir2.resolve("pip/pip.conf"), index("b"));
    env.put("XDG_CONFIG_HOME", xdgHome.toString());
    env.put("XDG_CONFIG_DIRS", xdgDir1 + ":" + xdgDir2);

    PipConfiguration config = load();

    assertThat(config.get("find-links")).contains("/wheels");
    assertThat(config.get("index-url")).contains("https://b.example/simple");
    assertThat(config.get("timeout")).contains("5");
  }

  @Test
  void theSiteFileOverridesUserFiles() throws IOException {
    Path venv = temp.resolve("venv");
    write(userFile(), index("user"));
    write(venv.resolve("pip.conf"), index("site"));

    env.put("VIRTUAL_ENV", venv.toString());
    assertThat(load().get("index-url")).contains("https://site.example/simple");

    env.remove("VIRTUAL_ENV");
    assertThat(load().get("index-url")).contains("https://user.example/simple");
    assertThat(PipConfiguration.loader().env(env).home(home).systemRoot(root).sitePrefix(venv)
        .load().get("index-url")).contains("https://site.example/simple");
  }

  @Test
  void pipConfigFileOverridesEverySiteFileAndHidesUserFiles() throws IOException {
    Path venv = temp.resolve("venv");
    write(venv.resolve("pip.conf"), index("site"));
    write(userFile(), "[global]\nfind-links = /user-wheels\n");
    Path custom = write(temp.resolve("custom.conf"), index("custom"));
    env.put("VIRTUAL_ENV", venv.toString());
    env.put("PIP_CONFIG_FILE", custom.toString());

    PipConfiguration config = load();

    assertThat(config.get("index-url")).contains("https://custom.example/simple");
    assertThat(config.get("find-links")).isEmpty();
    assertThat(config.files()).containsExactly(venv.resolve("pip.conf"), custom);

    // A PIP_CONFIG_FILE that does not exist does not hide the user files.
    env.put("PIP_CONFIG_FILE", temp.resolve("absent.conf").toString());
    assertThat(load().get("find-links")).contains("/user-wheels");
  }

  @Test
  void pipConfigFileDevNullLoadsNoFileButKeepsEnvironmentVariables() throws IOException {
    write(etcFile(), index("etc"));
    write(userFile(), index("user"));
    env.put("PIP_CONFIG_FILE", "/dev/null");
    env.put("PIP_FIND_LINKS", "/w1  /w2");

    PipConfiguration config = load();

    assertThat(config.files()).isEmpty();
    assertThat(config.get("index-url")).isEmpty();
    assertThat(config.indexSettings().findLinks()).contains(List.of("/w1", "/w2"));
  }

  @Test
  void installSectionBeatsGlobalWhateverFileEachIsIn() throws IOException {
    // pip merges files key by key ("global.index-url", "install.index-url"), then applies the
    // sections in order [global] < [install]: an [install] key in a lower file still wins over a
    // [global] key in a higher one.
    write(etcFile(), "[install]\nindex-url = https://install.example/simple\n");
    write(userFile(), index("global") + "\n[download]\nindex-url = https://download.example/\n");

    assertThat(load().get("index-url")).contains("https://install.example/simple");
    assertThat(PipConfiguration.loader().env(env).home(home).systemRoot(root).command("download")
        .load().get("index-url")).contains("https://download.example/");
  }

  @Test
  void environmentVariablesOverrideFilesAndEmptyValuesAreIgnored() throws IOException {
    write(userFile(), "[install]\nindex-url = https://file.example/simple\n"
        + "extra-index-url = https://x1.example/simple\n");
    env.put("PIP_INDEX_URL", "");
    env.put("PIP_EXTRA_INDEX_URL", " https://e1.example/simple\thttps://e2.example/simple\n");

    IndexSettings settings = load().indexSettings();

    assertThat(settings.indexUrl()).contains("https://file.example/simple");
    assertThat(settings.extraIndexUrls())
        .contains(List.of("https://e1.example/simple", "https://e2.example/simple"));
    assertThat(load().origin("extra-index-url")).contains("environment variable PIP_EXTRA_INDEX_URL");
  }

  @Test
  void readsConfigparserSyntax() throws IOException {
    write(userFile(), "# comment\n; another\n[DEFAULT]\ntimeout = 60\n\n"
        + "[global]\n"
        + "extra_index_url =\n"
        + "    file:///opt/pypi/simple\n"
        + "    # a comment inside the list\n"
        + "\n"
        + "    file:///opt/pypi-more/simple\n"
        + "Find-Links: /opt/wheels\n"
        + "NO_INDEX=off\n");

    PipConfiguration config = load();
    IndexSettings settings = config.indexSettings();

    assertThat(settings.extraIndexUrls())
        .contains(List.of("file:///opt/pypi/simple", "file:///opt/pypi-more/simple"));
    assertThat(settings.findLinks()).contains(List.of("/opt/wheels"));
    assertThat(settings.noIndex()).contains(false);
    assertThat(config.get("timeout")).contains("60");
    assertThat(config.get("--extra-index-url")).isEqualTo(config.get("extra_index_url"));
  }

  @Test
  void noIndexAcceptsPipsTruthValuesOnly() throws IOException {
    for (String truthy : List.of("1", "true", "YES", "on", "y", "t")) {
      env.put("PIP_NO_INDEX", truthy);
      assertThat(load().indexSettings().noIndex()).as(truthy).contains(true);
    }
    for (String falsy : List.of("0", "false", "No", "off")) {
      env.put("PIP_NO_INDEX", falsy);
      assertThat(load().indexSettings().noIndex()).as(falsy).contains(false);
    }
    env.put("PIP_NO_INDEX", "maybe");
    PipConfiguration config = load();
    assertThatThrownBy(config::indexSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PIP_NO_INDEX")
        .hasMessageContaining("'maybe'");
  }

  @Test
  void brokenFilesAreNamedWithTheirLine() throws IOException {
    // configparser lower-cases keys, so these are one key twice: an error in pip too.
    write(userFile(), "[global]\nindex-url = a\nINDEX-URL = b\n");
    assertThatThrownBy(this::load)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(userFile().toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("'index-url' appears twice");

    // Different spellings are different configparser keys; pip then normalizes both and the
    // later one wins.
    write(userFile(), "[global]\nindex-url = a\nindex_url = b\n");
    assertThat(load().get("index-url")).contains("b");

    write(userFile(), "index-url = a\n");
    assertThatThrownBy(this::load).hasMessageContaining("line 1").hasMessageContaining("[global]");
  }

  @Test
  void explicitSettingsWinFieldByField() throws IOException {
    write(userFile(), "[global]\nindex-url = https://file.example/simple\n"
        + "extra-index-url = https://extra.example/simple\nfind-links = /file-wheels\n");
    env.put("PIP_FIND_LINKS", "/env-wheels");
    IndexSettings explicit = IndexSettings.builder()
        .indexUrl("https://explicit.example/simple")
        .build();

    IndexSettings effective = explicit.overriding(load().indexSettings());

    assertThat(effective.indexUrl()).contains("https://explicit.example/simple");
    assertThat(effective.extraIndexUrls()).contains(List.of("https://extra.example/simple"));
    assertThat(effective.findLinks()).contains(List.of("/env-wheels"));
    assertThat(effective.sources(temp, home)).extracting(IndexSource::toString).containsExactly(
        "find-links file:///env-wheels",
        "index https://explicit.example/simple/",
        "index https://extra.example/simple/");

    IndexSettings noIndex = IndexSettings.builder().noIndex(true).extraIndexUrls(List.of())
        .build().overriding(effective);
    assertThat(noIndex.sources(temp, home)).extracting(IndexSource::kind)
        .containsExactly(IndexSource.Kind.FIND_LINKS);
  }

  @Test
  void findLinksPathsResolveAgainstTheWorkingDirectoryAndHome() throws IOException {
    Files.createDirectories(home.resolve("wheels"));
    IndexSettings settings = IndexSettings.builder()
        .findLinks(List.of("~/wheels", "rel/dir", "https://h.example/links.html"))
        .noIndex(true)
        .build();

    assertThat(settings.sources(temp, home)).extracting(IndexSource::location).containsExactly(
        home.resolve("wheels").toUri(),
        temp.resolve("rel/dir").toUri(),
        URI.create("https://h.example/links.html"));
  }
}
