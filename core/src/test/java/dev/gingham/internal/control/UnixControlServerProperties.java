package dev.gingham.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.core.ControlServer;
import dev.gingham.core.ControlServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The control socket both the agent and {@code gingham bgp serve} use: any bytes a client sends get
 * one JSON answer (the handler's, or an error naming what was wrong), and the server goes on
 * answering.
 */
class UnixControlServerProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static ControlServer server;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("gingham-control");
    server =
        ControlServers.unixSocket(
            dir.resolve("sub/control.sock"),
            "test-control",
            request -> {
              JsonNode r = JSON.readTree(request);
              if (r == null || !r.path("op").isTextual()) {
                throw new IllegalArgumentException("no op in '" + request.strip() + "'");
              }
              return JSON.writeValueAsString(
                  JSON.createObjectNode().put("echo", r.get("op").asText()));
            });
  }

  @AfterContainer
  static void stop() throws IOException {
    server.close();
    assertThat(server.path()).doesNotExist();
    Files.deleteIfExists(dir.resolve("sub"));
    Files.deleteIfExists(dir);
  }

  private static JsonNode ask(byte[] request) throws IOException {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(server.path()));
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        c.write(out);
      }
      c.shutdownOutput();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (c.read(in) >= 0) {
        answer.write(in.array(), 0, in.position());
        in.clear();
      }
      return JSON.readTree(answer.toByteArray());
    }
  }

  @Property(tries = 150)
  void garbageGetsAJsonAnswerAndTheServerGoesOn(@ForAll @Size(max = 5000) byte[] garbage)
      throws IOException {
    JsonNode answer = ask(garbage);
    assertThat(answer.has("error") || answer.has("echo")).as("answer %s", answer).isTrue();
    assertThat(ask("{\"op\":\"status\"}\n".getBytes(StandardCharsets.UTF_8)).path("echo").asText())
        .isEqualTo("status");
  }

  @Example
  void aHandlersFailureIsAnsweredWithItsMessage() throws IOException {
    JsonNode answer = ask("{\"nope\":1}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(answer.path("error").asText()).isEqualTo("no op in '{\"nope\":1}'");
  }

  @Example
  void aRequestOverTheLimitIsAnsweredWithTheLimitAndNotHandled() throws IOException {
    byte[] big = new byte[ControlServer.MAX_REQUEST + 100];
    java.util.Arrays.fill(big, (byte) ' ');
    JsonNode answer = ask(big);
    assertThat(answer.path("error").asText()).isEqualTo("request longer than 4096 bytes");
  }
}
