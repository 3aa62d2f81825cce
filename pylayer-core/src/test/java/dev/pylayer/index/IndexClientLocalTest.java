package dev.pylayer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.files.Sha256;
import dev.pylayer.pep.PackageName;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local sources: {@code file:} simple repositories and find-links directories and files. */
class IndexClientLocalTest {

  @TempDir Path temp;
  private Path mirror;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final HttpTransport transport = HttpTransport.create(HttpSettings.defaults());

  @BeforeEach
  void buildMirror() throws IOException {
    // Laid out like /opt/pypi: simple/<project>/index.html linking to ../../files/<file>.
    mirror = temp.resolve("pypi");
    Files.createDirectories(mirror.resolve("files"));
    Files.writeString(mirror.resolve("files/openai-1.0-py3-none-any.whl"), "wheel bytes");
    Files.writeString(mirror.resolve("files/openai-1.0-py3-none-any.whl.metadata"),
        "Metadata-Version: 2.1\nName: openai\nVersion: 1.0\n");
    String wheelSha = Sha256.of(mirror.resolve("files/openai-1.0-py3-none-any.whl"));
    String metadataSha = Sha256.of(mirror.resolve("files/openai-1.0-py3-none-any.whl.metadata"));
    write(mirror.resolve("simple/openai/index.html"), "<!DOCTYPE html><html><body>\n"
        + "<a href=\"../../files/openai-1.0-py3-none-any.whl#sha256=" + wheelSha + "\""
        + " data-requires-python=\"&gt;=3.7.1\" data-core-metadata=\"sha256=" + metadataSha
        + "\">openai-1.0-py3-none-any.whl</a>\n</body></html>");
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private IndexClient client(IndexSource... sources) {
    return IndexClient.create(List.of(sources), transport, warnings::add);
  }

  private IndexSource mirrorIndex() {
    return IndexSource.index(mirror.resolve("simple").toUri().toString(), temp);
  }

  @Test
  void readsAFileIndexLikeTheLocalMirror() throws IOException {
    IndexClient client = client(mirrorIndex());

    ProjectFiles found = client.files(PackageName.of("OpenAI"));

    assertThat(found.files()).hasSize(1);
    DistributionFile wheel = found.files().get(0);
    assertThat(wheel.url()).isEqualTo(mirror.resolve("files/openai-1.0-py3-none-any.whl").toUri());
    assertThat(wheel.sha256()).contains(Sha256.of(mirror.resolve(
        "files/openai-1.0-py3-none-any.whl")));
    assertThat(wheel.requiresPython()).contains(">=3.7.1");
    assertThat(new String(client.coreMetadata(wheel), StandardCharsets.UTF_8))
        .contains("Name: openai");
    assertThat(client.files(PackageName.of("missing")).isEmpty()).isTrue();
  }

  @Test
  void acceptsPlainPathsAndNonNormalizedDirectoryNamesAndJsonPages() throws IOException {
    write(mirror.resolve("simple/Zope.Interface/index.html"),
        "<a href=\"../../files/zope.interface-6.0.tar.gz\">z</a>");
    write(mirror.resolve("simple/jsonpkg/index.json"),
        "{\"meta\": {\"api-version\": \"1.0\"}, \"name\": \"jsonpkg\", \"files\": [{\"filename\":"
            + " \"jsonpkg-1.0.tar.gz\", \"url\": \"../../files/jsonpkg-1.0.tar.gz\","
            + " \"hashes\": {}, \"size\": 3}]}");
    write(mirror.resolve("simple/jsonpkg/index.html"), "<a href=\"ignored-9.tar.gz\">x</a>");
    IndexClient client = client(IndexSource.index(mirror.resolve("simple").toString(), temp));

    assertThat(client.files(PackageName.of("zope-interface")).files())
        .extracting(DistributionFile::filename).containsExactly("zope.interface-6.0.tar.gz");
    ProjectFiles json = client.files(PackageName.of("jsonpkg"));
    assertThat(json.files()).extracting(DistributionFile::filename)
        .containsExactly("jsonpkg-1.0.tar.gz");
    assertThat(json.files().get(0).size()).hasValue(3);
  }

  @Test
  void aFileIndexThatIsNoDirectoryIsAnError() {
    IndexClient client = client(IndexSource.index(temp.resolve("nowhere").toUri().toString(), temp));

    assertThatThrownBy(() -> client.files(PackageName.of("openai")))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("nowhere")
        .hasMessageContaining("no such directory");
  }

  @Test
  void findLinksDirectoriesOfferTheProjectsWheelsAndSdists() throws IOException {
    Path wheels = Files.createDirectories(temp.resolve("wheels"));
    for (String name : List.of("openai-1.2-py3-none-any.whl", "openai-0.9.tar.gz",
        "OpenAI-1.1.zip", "openai_extras-1.0-py3-none-any.whl", "torch-2.0-cp311-none-any.whl",
        "openai-1.0.txt", "notes.md")) {
      Files.writeString(wheels.resolve(name), name);
    }
    Files.createDirectories(wheels.resolve("openai-9.9.tar.gz")); // a directory, not a file
    IndexSource links = IndexSource.findLinks(wheels.toString(), temp, temp);

    ProjectFiles found = client(links).files(PackageName.of("openai"));

    assertThat(found.files()).extracting(DistributionFile::filename)
        .containsExactly("OpenAI-1.1.zip", "openai-0.9.tar.gz", "openai-1.2-py3-none-any.whl");
    DistributionFile wheel = found.files().get(2);
    assertThat(wheel.url()).isEqualTo(wheels.resolve("openai-1.2-py3-none-any.whl").toUri());
    assertThat(wheel.hashes()).isEmpty(); // the consumer hashes local files itself
    assertThat(wheel.size()).hasValue("openai-1.2-py3-none-any.whl".length());
    assertThat(wheel.source()).isEqualTo(links);
  }

  @Test
  void findLinksMayNameASingleFileOrAnHtmlFile() throws IOException {
    Path wheel = write(temp.resolve("dl/openai-1.5-py3-none-any.whl"), "w");
    Path page = write(temp.resolve("links/index.html"),
        "<a href=\"../dl/openai-1.5-py3-none-any.whl\">w</a><a href=\"x/other-1.0.tar.gz\">o</a>");

    assertThat(client(IndexSource.findLinks(wheel.toString(), temp, temp))
        .files(PackageName.of("openai")).files()).extracting(DistributionFile::url)
        .containsExactly(wheel.toUri());
    assertThat(client(IndexSource.findLinks(page.toUri().toString(), temp, temp))
        .files(PackageName.of("openai")).files()).extracting(DistributionFile::url)
        .containsExactly(wheel.toUri());
  }

  @Test
  void aMissingFindLinksLocationWarnsOnce() throws IOException {
    IndexClient client = client(IndexSource.findLinks("gone", temp, temp), mirrorIndex());

    for (String name : List.of("openai", "a", "b", "openai")) {
      client.files(PackageName.of(name));
    }

    assertThat(client.files(PackageName.of("openai")).files()).hasSize(1);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains(temp.resolve("gone").toUri().toString())
        .contains("ignoring it");
  }

  @Test
  void findLinksComeFirstThenTheIndexes() throws IOException {
    Path wheels = Files.createDirectories(temp.resolve("wheels"));
    Files.writeString(wheels.resolve("openai-1.0-py3-none-any.whl"), "local copy");

    ProjectFiles found = client(IndexSource.findLinks(wheels.toString(), temp, temp), mirrorIndex())
        .files(PackageName.of("openai"));

    assertThat(found.files()).extracting(DistributionFile::url).containsExactly(
        wheels.resolve("openai-1.0-py3-none-any.whl").toUri(),
        mirror.resolve("files/openai-1.0-py3-none-any.whl").toUri());
  }

  @Test
  void forEnvironmentReadsPipConfigurationEndToEnd() throws IOException {
    Path home = Files.createDirectories(temp.resolve("home"));
    Path wheels = Files.createDirectories(home.resolve("wheels"));
    Files.writeString(wheels.resolve("openai-2.0-py3-none-any.whl"), "w");
    write(home.resolve(".config/pip/pip.conf"), "[global]\nextra-index-url = "
        + mirror.resolve("simple").toUri() + "\nfind-links = ~/wheels\ntimeout = 2.5\n");
    // The default index must not be contacted: PIP_NO_INDEX would drop the extra index too, so
    // the test points index-url at the same local mirror instead.
    Map<String, String> env = Map.of(
        "PIP_INDEX_URL", mirror.resolve("simple").toUri().toString(),
        "PIP_CONFIG_FILE", temp.resolve("none.conf").toString());

    IndexClient client = IndexClient.forEnvironment(IndexSettings.empty(), env, home, temp,
        warnings::add);

    assertThat(client.sources()).extracting(IndexSource::kind).containsExactly(
        IndexSource.Kind.FIND_LINKS, IndexSource.Kind.INDEX);
    assertThat(client.transport().settings().readTimeout().toMillis()).isEqualTo(2500);
    assertThat(client.files(PackageName.of("openai")).files()).extracting(DistributionFile::filename)
        .containsExactly("openai-2.0-py3-none-any.whl", "openai-1.0-py3-none-any.whl");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aBrokenNetrcIsReportedAndIgnoredAsPipDoes() throws IOException {
    Path home = Files.createDirectories(temp.resolve("home"));
    Files.writeString(home.resolve(".netrc"), "machine example.org login\n");
    Map<String, String> env = Map.of("PIP_CONFIG_FILE", "/dev/null", "PIP_NO_INDEX", "yes");

    IndexClient client = IndexClient.forEnvironment(IndexSettings.empty(), env, home, temp,
        warnings::add);

    assertThat(client.sources()).isEmpty();
    assertThat(warnings).singleElement().asString()
        .contains(home.resolve(".netrc").toString())
        .contains("logins from netrc are not used");
  }

  @Test
  void coreMetadataAdvertisedButMissingIsAnError() throws IOException {
    Files.delete(mirror.resolve("files/openai-1.0-py3-none-any.whl.metadata"));
    IndexClient client = client(mirrorIndex());
    DistributionFile wheel = client.files(PackageName.of("openai")).files().get(0);

    assertThatThrownBy(() -> client.coreMetadata(wheel))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("does not exist");
    assertThat(URI.create(wheel.url() + ".metadata").getScheme()).isEqualTo("file");
  }
}
