package dev.pylayer.index;

import static dev.pylayer.testing.LocalHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpStatusException;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.fetch.RetryBackoff;
import dev.pylayer.files.Sha256;
import dev.pylayer.pep.PackageName;
import dev.pylayer.testing.LocalHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexClientTest {

  private static final PackageName DEMO = PackageName.of("Demo_Pkg");
  private static final String SHA_WHEEL = Sha256.of("wheel".getBytes(StandardCharsets.UTF_8));
  private static final String SHA_SDIST = Sha256.of("sdist".getBytes(StandardCharsets.UTF_8));
  private static final byte[] METADATA =
      "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\nRequires-Dist: idna\n"
          .getBytes(StandardCharsets.UTF_8);
  private static final String BASIC_ALICE = "Basic "
      + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));

  @TempDir Path temp;
  private LocalHttpServer server;
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = LocalHttpServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static HttpSettings.Builder fast() {
    return HttpSettings.builder().backoff(RetryBackoff.none()).timeout(Duration.ofSeconds(5));
  }

  private IndexClient client(HttpSettings settings, String... indexUrls) {
    List<IndexSource> sources = new ArrayList<>();
    for (String url : indexUrls) {
      sources.add(IndexSource.index(url, temp));
    }
    return IndexClient.create(sources, HttpTransport.create(settings), warnings::add);
  }

  private IndexClient client(String... indexUrls) {
    return client(fast().build(), indexUrls);
  }

  private static String html(String metadataHash) {
    return "<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.1\">"
        + "</head><body>\n<h1>Links for demo-pkg</h1>\n"
        + "<a href=\"../../files/demo_pkg-1.0-py3-none-any.whl#sha256=" + SHA_WHEEL + "\""
        + " data-requires-python=\"&gt;=3.8\" data-dist-info-metadata=\"sha256=" + metadataHash
        + "\" data-core-metadata=\"sha256=" + metadataHash + "\">demo_pkg-1.0-py3-none-any.whl</a>\n"
        + "<a data-yanked=\"bad build\" href='../../files/demo_pkg-0.9.tar.gz#sha256=" + SHA_SDIST
        + "'>demo_pkg-0.9.tar.gz</a>\n</body></html>";
  }

  private static String json(String metadataHash) {
    return "{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"demo-pkg\", \"files\": ["
        + "{\"filename\": \"demo_pkg-1.0-py3-none-any.whl\","
        + " \"url\": \"../../files/demo_pkg-1.0-py3-none-any.whl\","
        + " \"hashes\": {\"sha256\": \"" + SHA_WHEEL + "\"}, \"requires-python\": \">=3.8\","
        + " \"core-metadata\": {\"sha256\": \"" + metadataHash + "\"}, \"size\": 5},"
        + "{\"filename\": \"demo_pkg-0.9.tar.gz\", \"url\": \"../../files/demo_pkg-0.9.tar.gz\","
        + " \"hashes\": {\"sha256\": \"" + SHA_SDIST + "\"}, \"yanked\": \"bad build\", \"size\": 5}"
        + "]}";
  }

  /** A project page that speaks PEP 691 JSON when asked for it, HTML otherwise. */
  private static void negotiating(HttpExchange exchange) throws IOException {
    String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
    String hash = Sha256.of(METADATA);
    if (accept.contains("application/vnd.pypi.simple.v1+json")) {
      send(exchange, 200, "application/vnd.pypi.simple.v1+json", json(hash));
    } else {
      send(exchange, 200, "text/html; charset=utf-8", html(hash));
    }
  }

  private static void htmlOnly(HttpExchange exchange) throws IOException {
    send(exchange, 200, "text/html", html(Sha256.of(METADATA)));
  }

  private void assertDemoFiles(ProjectFiles found, String base) {
    assertThat(found.files()).extracting(DistributionFile::filename)
        .containsExactly("demo_pkg-1.0-py3-none-any.whl", "demo_pkg-0.9.tar.gz");
    DistributionFile wheel = found.files().get(0);
    assertThat(wheel.url()).isEqualTo(URI.create(base + "/files/demo_pkg-1.0-py3-none-any.whl"));
    assertThat(wheel.sha256()).contains(SHA_WHEEL);
    assertThat(wheel.requiresPython()).contains(">=3.8");
    assertThat(wheel.yanked()).isFalse();
    assertThat(wheel.coreMetadataHashes()).isEqualTo(Map.of("sha256", Sha256.of(METADATA)));
    DistributionFile sdist = found.files().get(1);
    assertThat(sdist.yanked()).isTrue();
    assertThat(sdist.yankedReason()).contains("bad build");
    assertThat(sdist.sha256()).contains(SHA_SDIST);
  }

  @Test
  void asksForJsonAndReadsItWhenTheServerOffersIt() throws IOException {
    server.on("/simple/demo-pkg/", IndexClientTest::negotiating);

    ProjectFiles found = client(server.uri("/simple").toString()).files(DEMO);

    assertDemoFiles(found, "http://127.0.0.1:" + server.port());
    assertThat(found.files().get(0).size()).hasValue(5); // only the JSON form has sizes
    assertThat(server.requests("/simple/demo-pkg/").get(0).header("Accept"))
        .isEqualTo("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2,"
            + " text/html;q=0.01");
    assertThat(found.searched()).extracting(IndexSource::location)
        .containsExactly(server.uri("/simple/"));
  }

  @Test
  void readsHtmlFromAServerWithoutJson() throws IOException {
    server.on("/simple/demo-pkg/", IndexClientTest::htmlOnly);

    ProjectFiles found = client(server.uri("/simple/").toString()).files(DEMO);

    assertDemoFiles(found, "http://127.0.0.1:" + server.port());
    assertThat(found.files().get(0).size()).isEmpty();
  }

  @Test
  void followsRedirectsAndResolvesLinksAgainstTheFinalPage() throws IOException {
    server.on("/simple/demo-pkg/", LocalHttpServer.redirect(301, "/mirror/v2/demo-pkg/"));
    server.on("/mirror/v2/demo-pkg/", LocalHttpServer.redirect(302, "/deep/mirror/v2/demo-pkg/"));
    server.on("/deep/mirror/v2/demo-pkg/", IndexClientTest::htmlOnly);

    ProjectFiles found = client(server.uri("/simple/").toString()).files(DEMO);

    assertThat(found.files().get(0).url())
        .isEqualTo(server.uri("/deep/mirror/files/demo_pkg-1.0-py3-none-any.whl"));
  }

  @Test
  void aProjectTheIndexDoesNotHaveIsEmpty() throws IOException {
    ProjectFiles found = client(server.uri("/simple/").toString()).files(PackageName.of("nope"));

    assertThat(found.isEmpty()).isTrue();
    assertThat(found.searched()).hasSize(1);
    assertThat(found.unreachable()).isEmpty();
  }

  @Test
  void retriesAServiceUnavailablePage() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server.on("/simple/demo-pkg/", exchange -> {
      if (calls.incrementAndGet() == 1) {
        send(exchange, 503, "text/plain", "warming up");
      } else {
        htmlOnly(exchange);
      }
    });

    assertThat(client(server.uri("/simple/").toString()).files(DEMO).files()).hasSize(2);
    assertThat(calls).hasValue(2);
  }

  @Test
  void aPersistentServerErrorFailsTheLookupNamingUrlAndStatus() {
    server.on("/simple/demo-pkg/", exchange -> send(exchange, 500, "text/plain", "oops"));
    IndexClient client = client(fast().retries(1).build(), server.uri("/simple/").toString());

    assertThatThrownBy(() -> client.files(DEMO))
        .isInstanceOf(HttpStatusException.class)
        .hasMessageContaining(server.uri("/simple/demo-pkg/").toString())
        .hasMessageContaining("HTTP 500");
    assertThat(server.requests("/simple/demo-pkg/")).hasSize(2);
  }

  @Test
  void rejectsAPageThatIsNeitherJsonNorHtml() {
    server.on("/simple/demo-pkg/", exchange -> send(exchange, 200, "image/png", "\u0089PNG"));

    assertThatThrownBy(() -> client(server.uri("/simple/").toString()).files(DEMO))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("image/png");
  }

  private void requireAlice(String path, LocalHttpServer.Handler then) {
    server.on(path, exchange -> {
      if (BASIC_ALICE.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        then.handle(exchange);
      } else {
        send(exchange, 401, "text/plain", "login first");
      }
    });
  }

  @Test
  void logsInWithCredentialsFromTheIndexUrl() throws IOException {
    requireAlice("/private/demo-pkg/", IndexClientTest::negotiating);
    requireAlice("/files/demo_pkg-1.0-py3-none-any.whl.metadata",
        exchange -> send(exchange, 200, "text/plain", METADATA));
    String url = "http://alice:s3cret@127.0.0.1:" + server.port() + "/private/";
    IndexClient client = client(url);

    ProjectFiles found = client.files(DEMO);

    DistributionFile wheel = found.files().get(0);
    assertThat(wheel.url().getUserInfo()).isNull();
    assertThat(wheel.source().toString()).doesNotContain("s3cret").contains("***");
    // The file URL carries no login, yet the index's login applies on its host.
    assertThat(client.coreMetadata(wheel)).isEqualTo(METADATA);
  }

  @Test
  void logsInWithCredentialsFromNetrc() throws IOException {
    requireAlice("/private/demo-pkg/", IndexClientTest::negotiating);
    Path home = Files.createDirectories(temp.resolve("home"));
    Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login alice password s3cret\n");
    HttpSettings settings = HttpSettings.fromEnvironment(Map.of(), home).toBuilder()
        .backoff(RetryBackoff.none()).build();

    ProjectFiles found = client(settings, server.uri("/private/").toString()).files(DEMO);

    assertThat(found.files()).hasSize(2);
  }

  @Test
  void aMissingLoginFailsWithAHintAndNoPassword() {
    requireAlice("/private/demo-pkg/", IndexClientTest::negotiating);

    assertThatThrownBy(() -> client(server.uri("/private/").toString()).files(DEMO))
        .isInstanceOf(HttpStatusException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("~/.netrc");
    String wrong = "http://alice:hunter2@127.0.0.1:" + server.port() + "/private/";
    assertThatThrownBy(() -> client(wrong).files(DEMO))
        .hasMessageContaining("rejected the login")
        .hasMessageContaining(server.uri("/private/demo-pkg/").toString())
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void fetchesAndVerifiesCoreMetadata() throws IOException {
    server.on("/simple/demo-pkg/", IndexClientTest::negotiating);
    server.on("/files/demo_pkg-1.0-py3-none-any.whl.metadata",
        exchange -> send(exchange, 200, "application/octet-stream", METADATA));
    IndexClient client = client(server.uri("/simple/").toString());
    DistributionFile wheel = client.files(DEMO).files().get(0);

    assertThat(wheel.coreMetadataAvailable()).isTrue();
    assertThat(client.coreMetadata(wheel)).isEqualTo(METADATA);

    server.on("/files/demo_pkg-1.0-py3-none-any.whl.metadata",
        exchange -> send(exchange, 200, "text/plain", "Name: tampered\n"));
    assertThatThrownBy(() -> client.coreMetadata(wheel))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("sha256 mismatch")
        .hasMessageContaining(Sha256.of(METADATA));

    DistributionFile sdist = client.files(DEMO).files().get(1);
    assertThatThrownBy(() -> client.coreMetadata(sdist))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("does not serve its core metadata");
  }

  @Test
  void anUnreachableIndexWarnsOnceAndIsSkippedForTheRestOfTheRun() throws Exception {
    int deadPort = LocalHttpServer.closedPort();
    for (String name : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
      server.on("/simple/" + name + "/", exchange -> send(exchange, 200, "text/html",
          "<a href=\"/files/" + name + "-1.0-py3-none-any.whl\">x</a>"));
    }
    String dead = "http://bob:pw123@127.0.0.1:" + deadPort + "/simple/";
    IndexClient client = client(dead, server.uri("/simple/").toString());

    ExecutorService executor = Executors.newFixedThreadPool(4);
    List<Future<ProjectFiles>> lookups = new ArrayList<>();
    try {
      for (int round = 0; round < 3; round++) {
        for (String name : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
          lookups.add(executor.submit(() -> client.files(PackageName.of(name))));
        }
      }
      for (Future<ProjectFiles> lookup : lookups) {
        ProjectFiles found = lookup.get(30, TimeUnit.SECONDS);
        assertThat(found.files()).hasSize(1);
        assertThat(found.unreachable()).extracting(IndexSource::location)
            .containsExactly(URI.create(dead));
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("127.0.0.1:" + deadPort)
        .contains("skipping it for the rest of this run")
        .doesNotContain("pw123");
  }

  @Test
  void mergesSourcesInOrderAndListsEachUrlOnce() throws IOException {
    String shared = "http://127.0.0.1:" + server.port() + "/files/demo_pkg-1.0-py3-none-any.whl";
    server.on("/one/demo-pkg/", exchange -> send(exchange, 200, "text/html",
        "<a href=\"" + shared + "#sha256=" + SHA_WHEEL + "\">w</a>"
            + "<a href=\"/files/demo_pkg-1.0.tar.gz\">s</a>"));
    server.on("/two/demo-pkg/", exchange -> send(exchange, 200, "text/html",
        "<a href=\"/mirror/demo_pkg-2.0-py3-none-any.whl\">w2</a>"
            + "<a href=\"" + shared + "\">dup</a>"));

    ProjectFiles found = client(server.uri("/one/").toString(), server.uri("/two/").toString())
        .files(DEMO);

    assertThat(found.files()).extracting(f -> f.url().getPath()).containsExactly(
        "/files/demo_pkg-1.0-py3-none-any.whl", "/files/demo_pkg-1.0.tar.gz",
        "/mirror/demo_pkg-2.0-py3-none-any.whl");
    assertThat(found.files().get(0).source().location()).isEqualTo(server.uri("/one/"));
    assertThat(found.files().get(2).source().location()).isEqualTo(server.uri("/two/"));
  }

  @Test
  void fetchesEachPageOncePerRunEvenUnderConcurrency() throws Exception {
    server.on("/simple/demo-pkg/", IndexClientTest::negotiating);
    IndexClient client = client(server.uri("/simple/").toString());
    ExecutorService executor = Executors.newFixedThreadPool(6);
    try {
      List<Future<ProjectFiles>> lookups = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        lookups.add(executor.submit(() -> client.files(DEMO)));
      }
      for (Future<ProjectFiles> lookup : lookups) {
        assertThat(lookup.get(30, TimeUnit.SECONDS).files()).hasSize(2);
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(server.requests("/simple/demo-pkg/")).hasSize(1);
  }

  @Test
  void readsFindLinksPagesOverHttpAndKeepsTheProjectsFiles() throws IOException {
    server.on("/links.html", exchange -> send(exchange, 200, "text/html",
        "<a href=\"pkgs/demo_pkg-1.0-py3-none-any.whl#sha256=" + SHA_WHEEL + "\">1</a>"
            + "<a href=\"pkgs/demo.pkg-2.0.tar.gz\">2</a>"
            + "<a href=\"pkgs/demo_pkg_extra-1.0-py3-none-any.whl\">other project</a>"
            + "<a href=\"pkgs/other-1.0.tar.gz\">other</a>"
            + "<a href=\"pkgs/README.txt\">readme</a>"));
    IndexSource links = IndexSource.findLinks(server.uri("/links.html").toString(), temp, temp);
    IndexClient client = IndexClient.create(List.of(links),
        HttpTransport.create(fast().build()), warnings::add);

    ProjectFiles found = client.files(DEMO);

    assertThat(found.files()).extracting(DistributionFile::filename)
        .containsExactly("demo_pkg-1.0-py3-none-any.whl", "demo.pkg-2.0.tar.gz");
    assertThat(found.files().get(0).sha256()).contains(SHA_WHEEL);
    assertThat(client.files(PackageName.of("other")).files()).hasSize(1);
    assertThat(server.requests("/links.html")).hasSize(1);
  }
}
