package dev.pylayer.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HTTPS server with a self-signed certificate made by keytool: a "private CA" index. */
class TlsTrustTest {

  @TempDir Path temp;

  private void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Assumptions.assumeTrue(Files.isExecutable(keytool), "no keytool in this JDK");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @Test
  void trustsAServerWhoseCertificateIsInTheBundleOnly() throws Exception {
    Path keystore = temp.resolve("server.p12");
    Path pem = temp.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-file", pem.toString());
    // Bundles carry comments between certificates (as /etc/ssl/certs/ca-certificates.crt can).
    Files.writeString(pem, "# Issuer: test\n" + Files.readString(pem));

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keys.getKeyManagers(), null, null);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.createContext("/", exchange -> {
      byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/simple/");
      HttpTransport trusting = HttpTransport.create(HttpSettings.builder()
          .backoff(RetryBackoff.none()).sslContext(TlsTrust.fromPemBundle(pem)).build());
      try (HttpTransport.Response response = trusting.get(uri, Map.of())) {
        assertThat(new String(response.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("secure");
      }

      HttpTransport defaults = HttpTransport.create(
          HttpSettings.builder().backoff(RetryBackoff.none()).build());
      assertThatThrownBy(() -> defaults.get(uri, Map.of()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("TLS handshake failed")
          .hasMessageContaining("private CA");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aBundleWithoutCertificatesIsRejectedByName() throws IOException {
    Path empty = Files.writeString(temp.resolve("empty.pem"), "# nothing here\n");

    assertThatThrownBy(() -> TlsTrust.fromPemBundle(empty))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("no PEM certificate");
  }
}
