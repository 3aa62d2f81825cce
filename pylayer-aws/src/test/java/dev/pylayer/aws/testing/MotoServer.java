package dev.pylayer.aws.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;

/**
 * moto's AWS emulator ({@code python3 -m moto.server}) on a free port of 127.0.0.1, for the
 * tests of publish. When it cannot start (no python3, moto not installed), the calling test is
 * skipped with the reason and the install command; {@code .ci/run} installs moto.
 */
public final class MotoServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts moto, or skips the test (JUnit assumption) saying why. */
  public static MotoServer startOrSkip(Path logDir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = logDir.resolve("moto.log");
    Process process;
    try {
      process = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p",
          String.valueOf(port))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      Assumptions.abort("moto server cannot start: python3 is not on PATH (" + e.getMessage()
          + "); install python3 and run: python3 -m pip install 'moto[server]'");
      throw new AssertionError(e);
    }
    MotoServer server = new MotoServer(process, port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        Assumptions.abort("moto server exited at start (is moto[server] installed? python3 -m"
            + " pip install 'moto[server]'): " + output.strip());
      }
      if (server.answers()) {
        return server;
      }
      Thread.sleep(200);
    }
    server.close();
    Assumptions.abort("moto server did not answer on 127.0.0.1:" + port + " within 30 s; see "
        + log);
    throw new AssertionError();
  }

  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/")
          .toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Forgets every emulated resource (moto's reset API), between tests. */
  public void reset() throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint()
        + "/moto-api/reset").toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.getOutputStream().close();
    if (connection.getResponseCode() != 200) {
      throw new IOException("moto reset answered " + connection.getResponseCode());
    }
    connection.disconnect();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
