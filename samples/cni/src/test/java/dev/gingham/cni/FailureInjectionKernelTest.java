package dev.gingham.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.core.PodNetworks;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failures on the way: a plugin killed with SIGKILL in the middle of ADD, after which DEL cleans up
 * everything; and a host route that cannot be added, after which ADD has undone its veth and
 * released its address.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FailureInjectionKernelTest {
  private static final int ATTEMPTS = 5;

  private TestNode node;

  @BeforeEach
  void setUp() {
    node = new TestNode("ggfail");
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  private ObjectNode conflist(String pool) {
    return node.ginghamConflist("fail", "1.1.0", pool);
  }

  @Test
  void aPluginKilledMidAddIsCleanedUpByDel() throws Exception {
    ObjectNode conf = conflist("10.76.0.0/24");
    String config =
        CniRuntime.config(
            conf, conf.get("plugins").get(0), null, java.util.Map.of(), java.util.List.of());
    boolean killedMidway = false;
    for (int attempt = 0; attempt < ATTEMPTS && !killedMidway; attempt++) {
      String id = "k" + attempt;
      CniRuntime.Attachment a = new CniRuntime.Attachment(id, node.pod("p" + attempt), "eth0");
      String hostEnd = PodNetworks.hostEndName("gg", id);
      java.nio.file.Path output = node.dir.resolve(id + ".out");
      Process p = node.runtime.start("gingham", node.runtime.env("ADD", a), output);
      p.getOutputStream().write(config.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      // Kill it once its veth exists: IPAM is done, the wiring under way.
      try (NetworkNamespace n = node.openNode()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive()
            && node.dataplane().links().get(n, hostEnd).isEmpty()
            && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = java.nio.file.Files.readString(output, StandardCharsets.UTF_8);
      killedMidway = p.exitValue() == 137 && !out.contains("\"ips\"");

      CniRuntime.Exec del = node.runtime.del(conf, a);
      assertThat(del.exit()).as(del.toString()).isZero();
      node.assertNothingLeft();
    }
    assertThat(killedMidway)
        .as("a kill landed in the middle of ADD in " + ATTEMPTS + " attempts")
        .isTrue();
  }

  @Test
  void aFailingRouteAddUndoesTheVethAndReleasesTheAddress() {
    ObjectNode conf = conflist("10.77.0.9/32");
    String ns = node.pod("p1");
    CniRuntime.Attachment a = new CniRuntime.Attachment("c1", ns, "eth0");
    // Someone else's route to the one address the pool holds: the plugin's host route collides.
    TestNode.ip("/run/netns/" + node.node, "route", "add", "10.77.0.9/32", "dev", "uplink0");

    CniRuntime.Exec add = node.runtime.add(conf, a);
    assertThat(add.code()).as(add.toString()).isEqualTo(ErrorCodes.DATAPLANE);
    assertThat(add.json().get("msg").asText()).contains("10.77.0.9");
    node.assertNothingLeft();
    assertThat(TestNode.ip(ns, "link")).doesNotContain("eth0");

    // The address went back to the pool: once the route is gone, ADD gets it.
    TestNode.ip("/run/netns/" + node.node, "route", "del", "10.77.0.9/32", "dev", "uplink0");
    CniRuntime.Exec again = node.runtime.add(conf, a);
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(GinghamPluginKernelTest.address(again.json()).toString()).isEqualTo("10.77.0.9");
    assertThat(node.runtime.del(conf, a).exit()).isZero();
    node.assertNothingLeft();
  }
}
