package dev.gingham.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.core.Ipams;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delegate mode on the kernel: the installed launchers forward to a delegate server running in the
 * node's namespace ({@code GINGHAM_CNI_SOCKET} names its socket), which runs the plugin in its own
 * JVM. Each case proves where the plugin ran by the process id in the plugin's log lines: the
 * server's when delegated, another when the launcher ran the JVM itself.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DelegateKernelTest {
  private TestNode node;
  private DelegateProcess server;

  @BeforeEach
  void setUp() {
    node = new TestNode("ggdlg");
    try {
      server = new DelegateProcess(node);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    node.runtime.env("GINGHAM_CNI_SOCKET", server.socket.toString());
  }

  @AfterEach
  void tearDown() {
    try {
      server.close();
    } finally {
      node.close();
    }
  }

  private ObjectNode conflist(String version, String pool) {
    ObjectNode c = node.ginghamConflist("dlgnet", version, pool);
    TestNode.firstPlugin(c).put("log_level", "debug");
    return c;
  }

  private String delegated() {
    return "[" + server.pid() + "] gingham ";
  }

  @Test
  void theSocketIsTheOwnersAlone() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket)))
        .isEqualTo("rw-------");
  }

  @Test
  void addCheckDelDelThenAddAgainReusesTheAddressThroughTheServer() {
    ObjectNode conf = conflist("1.0.0", "10.74.0.9/32");
    GinghamPluginKernelTest.addCheckDelDelThenAddAgain(
        node, conf, "10.74.0.9", exec -> assertThat(exec.stderr()).contains(delegated()));
    assertThat(server.isAlive()).isTrue();
  }

  @Test
  void errorCodesAndMessagesPassThroughExactly() {
    ObjectNode conf = conflist("1.1.0", "10.75.0.0/24");
    String ns = node.pod("p1");
    TestNode.ip(ns, "link", "add", "eth0", "type", "veth", "peer", "name", "x0");

    CniRuntime.Exec taken = node.runtime.add(conf, new CniRuntime.Attachment("c1", ns, "eth0"));
    assertThat(taken.exit()).as(taken.toString()).isEqualTo(1);
    assertThat(taken.code()).as(taken.toString()).isEqualTo(ErrorCodes.INTERFACE_EXISTS);
    assertThat(taken.json().get("msg").asText()).contains("eth0");
    assertThat(taken.json().get("cniVersion").asText()).isEqualTo("1.1.0");
    assertThat(taken.stderr()).contains(delegated());
    CniRuntime.Exec missing =
        node.runtime.add(conf, new CniRuntime.Attachment("c2", "/run/netns/ggdlg-none", "eth0"));
    assertThat(missing.code()).as(missing.toString()).isEqualTo(ErrorCodes.UNKNOWN_CONTAINER);
    assertThat(missing.json().get("msg").asText()).contains("/run/netns/ggdlg-none");

    // An environment error is the plugin's too, not the server's.
    CniRuntime.Exec noCommand = node.runtime.exec("gingham", java.util.Map.of(), conf.toString());
    assertThat(noCommand.code()).as(noCommand.toString()).isEqualTo(ErrorCodes.INVALID_ENVIRONMENT);
    node.assertNothingLeft();
    assertThat(server.isAlive()).isTrue();
  }

  @Test
  void withoutAServerOrWithAStaleSocketTheLauncherRunsThePluginItself() {
    ObjectNode conf = conflist("1.1.0", "10.76.0.0/24");
    String ns = node.pod("p1");
    CniRuntime.Attachment att = new CniRuntime.Attachment("c1", ns, "eth0");

    // Killed, the server leaves its socket behind: connecting is refused.
    server.kill();
    assertThat(Files.exists(server.socket)).isTrue();
    CniRuntime.Exec add = node.runtime.add(conf, att);
    assertThat(add.exit()).as(add.toString()).isZero();
    assertThat(add.stderr()).doesNotContain(delegated()).contains("] gingham ");

    // No socket at all.
    node.runtime.env("GINGHAM_CNI_SOCKET", node.dir.resolve("absent.sock").toString());
    CniRuntime.Exec del = node.runtime.del(conf, att);
    assertThat(del.exit()).as(del.toString()).isZero();
    assertThat(del.stderr()).doesNotContain(delegated()).contains("] gingham ");
    node.assertNothingLeft();
  }

  @Test
  void aServerKilledWhileItHoldsTheRequestIsAnErrorNeverSuccess() throws Exception {
    ObjectNode conf = conflist("1.1.0", "10.77.0.0/24");
    String ns = node.pod("p1");
    CniRuntime.Attachment att = new CniRuntime.Attachment("c1", ns, "eth0");
    CniRuntime.Exec add;
    // Holding the host's IPAM lock keeps the delegated ADD waiting inside the server.
    try (FileChannel ch =
            FileChannel.open(
                node.dir.resolve("ipam.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      java.util.concurrent.CompletableFuture<CniRuntime.Exec> running =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> node.runtime.add(conf, att));
      server.awaitLog("gingham ADD c1: running", 60);
      server.kill();
      add = running.get(60, TimeUnit.SECONDS);
    }
    assertThat(add.exit()).as(add.toString()).isEqualTo(1);
    assertThat(add.code()).as(add.toString()).isEqualTo(ErrorCodes.TRY_AGAIN_LATER);
    assertThat(add.json().get("msg").asText()).contains(server.socket.toString());
    assertThat(add.json().get("cniVersion").asText()).isEqualTo("1.1.0");

    // The runtime cleans up with DEL, which the launcher now runs itself.
    CniRuntime.Exec del = node.runtime.del(conf, att);
    assertThat(del.exit()).as(del.toString()).isZero();
    node.assertNothingLeft();
    try (Datastore store = Datastores.open(node.datastore())) {
      assertThat(Ipams.create(store).allocations()).isEmpty();
    }
  }
}
