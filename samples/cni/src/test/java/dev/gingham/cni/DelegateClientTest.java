package dev.gingham.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.cni.delegate.DelegateAnswer;
import dev.gingham.cni.delegate.DelegateRequest;
import dev.gingham.cni.plugin.PluginKind;
import dev.gingham.cni.runtime.PluginExecutor;
import dev.gingham.cni.spec.ErrorCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' delegate client (the installed {@code delegate-client.pl}) against servers that
 * misbehave on purpose, which the real server (see {@link DelegateKernelTest}) cannot be made to
 * do: each case runs the installed launcher as a runtime would and checks what it printed, its exit
 * status, and whether the plugin's JVM ran (its log line carries its process id; the client never
 * prints one).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DelegateClientTest {
  private static final String CONF =
      "{\"cniVersion\":\"0.4.0\",\"name\":\"clientnet\",\"type\":\"gingham\","
          + "\"log_level\":\"debug\",\"zzz_unknown\":1}";

  @TempDir Path dir;

  /** What a scripted server does with its one connection. */
  private interface Behaviour {
    void serve(ScriptedServer server, SocketChannel c) throws IOException;
  }

  /** Greets, reads the whole request, then sends {@code answer} and closes. */
  private static Behaviour answering(byte[] answer) {
    return (s, c) -> {
      s.greetAndRead(c);
      write(c, answer);
    };
  }

  /** A Unix socket server that accepts one connection, or none, and handles it by script. */
  private static final class ScriptedServer implements AutoCloseable {
    final Path socket;
    private final ServerSocketChannel server;
    private final CompletableFuture<byte[]> request = new CompletableFuture<>();
    private final Thread thread;

    ScriptedServer(Path socket, boolean accept, Behaviour behaviour) throws IOException {
      this.socket = socket;
      this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      this.thread =
          new Thread(
              () -> {
                if (!accept) {
                  return;
                }
                try (SocketChannel c = server.accept()) {
                  behaviour.serve(this, c);
                } catch (IOException e) {
                  request.completeExceptionally(e);
                }
              },
              "scripted-delegate-server");
      thread.setDaemon(true);
      thread.start();
    }

    /** Writes the greeting, reads the request to the client's half-close, and keeps it. */
    void greetAndRead(SocketChannel c) throws IOException {
      write(c, DelegateAnswer.GREETING.getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer b = ByteBuffer.allocate(8192);
      while (c.read(b) >= 0) {
        out.write(b.array(), 0, b.position());
        b.clear();
      }
      request.complete(out.toByteArray());
    }

    DelegateRequest request() throws Exception {
      return DelegateRequest.decode(request.get(30, TimeUnit.SECONDS));
    }

    @Override
    public void close() throws IOException {
      server.close();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void write(SocketChannel c, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      c.write(b);
    }
  }

  /** A launcher run with its raw output. */
  private record Run(int exit, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return CniRuntime.JSON.readTree(stdout);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + out() + " (stderr: " + stderr + ")", e);
      }
    }

    /** Whether the plugin's own JVM ran: only it logs lines with a process id. */
    boolean jvmRan() {
      return stderr.contains("] gingham ");
    }

    @Override
    public String toString() {
      return "exit " + exit + ", stdout " + out() + ", stderr " + stderr;
    }
  }

  private Run launch(Path socket, String command, String stdin) {
    PluginExecutor.RawExec r =
        PluginExecutor.runRaw(
            List.of(),
            PluginInstall.get().gingham(),
            Map.of(
                "GINGHAM_CNI_SOCKET",
                socket.toString(),
                "CNI_COMMAND",
                command,
                "CNI_CONTAINERID",
                "client1",
                "CNI_NETNS",
                "/run/netns/gingham-client-none",
                "CNI_IFNAME",
                "eth0",
                "CNI_PATH",
                PluginInstall.binDir().toString()),
            stdin.getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(90));
    return new Run(r.exit(), r.stdout(), new String(r.stderr(), StandardCharsets.UTF_8));
  }

  private Run against(Behaviour behaviour) throws IOException {
    try (ScriptedServer s = new ScriptedServer(dir.resolve("s.sock"), true, behaviour)) {
      return launch(s.socket, "ADD", CONF);
    }
  }

  private static void assertTryAgain(Run run, Path socket, String why) {
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    // Nothing before or after the one line of error JSON: no part of a broken answer.
    assertThat(run.out()).startsWith("{\"cniVersion\":\"0.4.0\",\"code\":11,").hasLineCount(1);
    assertThat(run.json().get("code").asInt()).isEqualTo(ErrorCodes.TRY_AGAIN_LATER);
    assertThat(run.json().get("cniVersion").asText()).isEqualTo("0.4.0");
    assertThat(run.json().get("msg").asText()).contains(socket.toString()).contains(why);
    assertThat(run.jvmRan()).as(run.toString()).isFalse();
  }

  @Test
  void aWholeAnswerPassesThroughByteForByteAndTheRequestCarriesEnvironmentAndStdin()
      throws Exception {
    byte[] stdout = {'{', '}', 0, (byte) 0xff, '\n', 'x'};
    byte[] stderr = "line one\nline two, no newline".getBytes(StandardCharsets.UTF_8);
    Run run;
    try (ScriptedServer s =
        new ScriptedServer(
            dir.resolve("s.sock"),
            true,
            answering(new DelegateAnswer(7, stdout, stderr).encode()))) {
      run = launch(s.socket, "ADD", CONF);
      DelegateRequest request = s.request();
      assertThat(request.plugin()).isEqualTo(PluginKind.GINGHAM);
      assertThat(request.env())
          .containsEntry("CNI_COMMAND", "ADD")
          .containsEntry("CNI_CONTAINERID", "client1")
          .containsEntry("GINGHAM_CNI_SOCKET", s.socket.toString());
      assertThat(new String(request.stdin(), StandardCharsets.UTF_8)).isEqualTo(CONF);
    }
    assertThat(run.exit()).isEqualTo(7);
    assertThat(run.stdout()).isEqualTo(stdout);
    assertThat(run.stderr()).isEqualTo("line one\nline two, no newline");
  }

  @Test
  void aServerThatClosesMidAnswerIsErrorElevenNeverSuccess() throws Exception {
    // The header promises 30 bytes of stdout; 14 come, then the connection ends.
    Run run = against(answering("0 30 0\n{\"cniVersion\":".getBytes(StandardCharsets.US_ASCII)));
    assertTryAgain(run, dir.resolve("s.sock"), "ended without a whole answer");
  }

  @Test
  void aServerThatClosesAfterTheGreetingIsErrorEleven() throws Exception {
    Path socket = dir.resolve("s.sock");
    Run run =
        against((s, c) -> write(c, DelegateAnswer.GREETING.getBytes(StandardCharsets.US_ASCII)));
    assertTryAgain(run, socket, "ended without a whole answer");
  }

  @Test
  void garbageOrAnAnswerLongerThanItsHeaderIsErrorEleven() throws Exception {
    Path socket = dir.resolve("s.sock");
    List<byte[]> answers = new ArrayList<>();
    answers.add("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    answers.add("0 2 0\n{}trailing".getBytes(StandardCharsets.US_ASCII));
    answers.add("300 0 0\n".getBytes(StandardCharsets.US_ASCII));
    answers.add("-1 0 0\n".getBytes(StandardCharsets.US_ASCII));
    answers.add(new byte[] {0, 0, 0, '\n'});
    for (byte[] answer : answers) {
      assertTryAgain(against(answering(answer)), socket, "sent a malformed answer");
      Files.delete(socket);
    }
  }

  @Test
  void withoutAGreetingThePluginRunsItselfOnTheUnreadStdin() throws Exception {
    // Closed before the greeting (a full queue), and a server that never greets.
    for (boolean accept : new boolean[] {true, false}) {
      Path socket = dir.resolve("s" + accept + ".sock");
      try (ScriptedServer s = new ScriptedServer(socket, accept, (server, c) -> c.close())) {
        Run run = launch(socket, "ADD", CONF);
        // The JVM parsed the very stdin sent: it names the unknown field in it.
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.json().get("code").asInt())
            .as(run.toString())
            .isEqualTo(ErrorCodes.UNSUPPORTED_FIELD);
        assertThat(run.json().get("msg").asText()).contains("zzz_unknown");
        assertThat(run.jvmRan()).as(run.toString()).isTrue();
      }
    }
  }

  @Test
  void theClientIsStrictCleanPerlThatLoadsNoModule() throws Exception {
    Path client = PluginInstall.get().home().resolve("delegate-client.pl");
    String text = Files.readString(client);
    assertThat(text).doesNotContainPattern("(?m)^\\s*(use|require)\\s");
    Process p =
        new ProcessBuilder("/usr/bin/perl", "-Mstrict", "-Mwarnings", "-c", client.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.strip()).isEqualTo(client + " syntax OK");
  }
}
