package dev.gingham.nodeagent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gingham.core.NodeAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The agent's HTTP endpoints, on 127.0.0.1:9091 by default: {@code /metrics} (Prometheus text),
 * {@code /healthz} (200 while the agent runs) and {@code /readyz} (200 once the syncer is in sync
 * and a pass has been applied, else 503). One thread.
 */
final class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;

  private HttpEndpoints(HttpServer server) {
    this.server = server;
  }

  static HttpEndpoints start(InetSocketAddress at, NodeAgent agent, Supplier<String> metrics)
      throws IOException {
    HttpServer server = HttpServer.create(at, 16);
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "gingham-agent-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/metrics", x -> send(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.createContext("/healthz", x -> send(x, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        x ->
            send(
                x,
                agent.ready() ? 200 : 503,
                "text/plain",
                agent.ready() ? "ready\n" : "not ready: " + agent.syncState() + "\n"));
    server.start();
    return new HttpEndpoints(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange x, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
