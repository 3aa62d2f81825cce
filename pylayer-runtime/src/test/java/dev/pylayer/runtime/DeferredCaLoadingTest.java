package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker loads a CA file that ships with Python or its packages when an SSL context first
 * uses it, not when the context is made at import: an HTTPS server on 127.0.0.1 whose self-signed
 * certificate (made by keytool) is the only one in the file, and the test fixture's import-time
 * context, counted by {@code _ssl}'s own method (which loads nothing).
 */
class DeferredCaLoadingTest {
  @TempDir static Path temp;
  private static HttpsServer server;
  private static Path caPem;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    Path keystore = temp.resolve("server.p12");
    caPem = temp.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-file", caPem.toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      byte[] body = "answered over TLS".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aCaFileInAPackageDirectoryLoadsOnTheFirstHandshake() throws Exception {
    assertThat(probe(caInPackageDirectory("shipped"), true))
        .isEqualTo("certificates at import: 0; answered over TLS; after the call: 1");
  }

  @Test
  void pylayerDeferCaLoadFalseLoadsAtImport() throws Exception {
    assertThat(probe(caInPackageDirectory("eager"), false))
        .isEqualTo("certificates at import: 1; answered over TLS; after the call: 1");
  }

  @Test
  void aCaFileOutsidePythonsDirectoriesLoadsAtImportAsBefore() throws Exception {
    // e.g. a temporary file its creator deletes once the context is made: loading it later would fail
    assertThat(probe(new CaFile(caPem, null), true))
        .isEqualTo("certificates at import: 1; answered over TLS; after the call: 1");
  }

  /** The CA file in a directory of its own that the worker's PYTHONPATH names, as certifi's is. */
  private static CaFile caInPackageDirectory(String name) throws Exception {
    Path directory = Files.createDirectories(temp.resolve(name));
    return new CaFile(Files.copy(caPem, directory.resolve("cacert.pem")), directory);
  }

  private record CaFile(Path file, Path pythonPathEntry) {}

  private static String probe(CaFile ca, boolean defer) {
    assumeFalse(LiteLlmSetup.real(), "the probe is the test fixture's");
    List<String> path = new ArrayList<>(List.of(LiteLlmSetup.litellmDir().toString()));
    if (ca.pythonPathEntry() != null) {
      path.add(ca.pythonPathEntry().toString());
    }
    LiteLlmClient.Options.Builder options = LiteLlmSetup.options(false)
        .environment("PYTHONPATH", String.join(java.io.File.pathSeparator, path))
        .environment("PYLAYER_TEST_CA_FILE", ca.file().toString());
    if (!defer) {
      options.environment("PYLAYER_DEFER_CA_LOAD", "false");
    }
    String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    try (LiteLlmClient client = LiteLlmClient.create(options.build())) {
      ChatRequest request = ChatRequest.builder("openai/probe").message(ChatMessage.user("hi"))
          .extra("mock_response", "!tls-probe " + url).build();
      return client.completion(request).content();
    }
  }

  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    assumeTrue(Files.isExecutable(keytool), "no keytool in this JDK");
    List<String> command = new ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
