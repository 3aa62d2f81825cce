package dev.pylayer.testing;

import dev.pylayer.files.Sha256;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.WheelFilename;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PEP 503 simple index of real wheel files on a real HTTP server on 127.0.0.1 (test helper):
 * {@code /simple/<name>/} pages link each file with its sha256 in the URL fragment, {@code
 * /files/<filename>} serves it. Other files (an interpreter archive) can be served as they are.
 */
public final class LocalPackageIndex implements AutoCloseable {

  private final LocalHttpServer server;
  private final Map<String, List<String>> links = new TreeMap<>();

  private LocalPackageIndex(LocalHttpServer server) {
    this.server = server;
  }

  public static LocalPackageIndex start() throws IOException {
    return new LocalPackageIndex(LocalHttpServer.start());
  }

  /** Publishes wheels (files named per PEP 427) with their sha256. */
  public LocalPackageIndex add(Path... wheels) throws IOException {
    for (Path wheel : wheels) {
      add(wheel, Sha256.of(wheel));
    }
    return this;
  }

  /** Publishes a wheel whose page claims {@code sha256} (null: no hash on the page). */
  public synchronized LocalPackageIndex add(Path wheel, String sha256) throws IOException {
    String filename = wheel.getFileName().toString();
    PackageName name = WheelFilename.parse(filename).name();
    byte[] bytes = Files.readAllBytes(wheel);
    server.on("/files/" + filename, exchange ->
        LocalHttpServer.send(exchange, 200, "application/octet-stream", bytes));
    links.computeIfAbsent(name.value(), n -> new ArrayList<>())
        .add("<a href=\"../../files/" + filename + (sha256 == null ? "" : "#sha256=" + sha256)
            + "\">" + filename + "</a>");
    String page = "<!DOCTYPE html><html><body>\n"
        + String.join("\n", links.get(name.value())) + "\n</body></html>\n";
    server.on("/simple/" + name.value() + "/", exchange ->
        LocalHttpServer.send(exchange, 200, "text/html", page));
    return this;
  }

  /** Serves {@code file} at {@code /other/<its name>} and returns its URL. */
  public URI serve(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String path = "/other/" + file.getFileName();
    server.on(path, exchange ->
        LocalHttpServer.send(exchange, 200, "application/octet-stream", bytes));
    return server.uri(path);
  }

  /** The index URL to give as {@code --index-url}. */
  public String url() {
    return server.uri("/simple/").toString();
  }

  public LocalHttpServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close();
  }
}
