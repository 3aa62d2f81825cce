package dev.pylayer.lambda.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server on 127.0.0.1, with Nagle's algorithm off on its sockets.
 *
 * <p>Why: the JDK server writes a response's headers and its body in two writes. With Nagle on, the
 * body waits for the client to acknowledge the headers, and Linux clients delay that acknowledgement
 * by up to 40 ms: every answer of the OpenAI stub and of the Runtime API took 40+ ms more than its
 * work (warm invocations measured 101 ms median instead of 6–7 ms). The JDK reads the switch once,
 * when its first server starts, so it is set before any server of this package is created.
 */
final class LoopbackHttpServer {
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  private LoopbackHttpServer() {}

  static HttpServer create(int backlog) throws IOException {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
  }
}
