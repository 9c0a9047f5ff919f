package dev.gingham.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.core.Ipams;
import dev.gingham.net.IpAddress;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chaining with Debian's reference plugins (cniVersion 1.0.0, which they speak): {@code
 * gingham-ipam} as the IPAM of {@code ptp} and of {@code bridge}, and {@code gingham} followed by
 * {@code portmap} and {@code tuning}. In each case two pods exchange a bounded TCP echo, and DEL in
 * reverse chain order releases every address.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ChainingKernelTest {
  private TestNode node;

  @BeforeEach
  void setUp() {
    node = new TestNode("ggchain");
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  private ObjectNode conflist(String name) {
    ObjectNode c = CniRuntime.JSON.createObjectNode();
    c.put("cniVersion", "1.0.0");
    c.put("name", name);
    c.putArray("plugins");
    return c;
  }

  private ObjectNode ginghamIpam(ObjectNode plugin, String pool) {
    ObjectNode ipam = plugin.putObject("ipam");
    ipam.put("type", "gingham-ipam");
    ipam.put("datastore", node.datastore());
    ipam.put("nodename", "node-a");
    ipam.putArray("ipv4_pools").add(pool);
    return ipam;
  }

  @Test
  void ginghamIpamServesPtp() {
    ObjectNode conf = conflist("ptpnet");
    ObjectNode ptp =
        ((com.fasterxml.jackson.databind.node.ArrayNode) conf.get("plugins")).addObject();
    ptp.put("type", "ptp");
    ginghamIpam(ptp, "10.80.0.0/24");
    twoPodsTalkThenDeleteReleases(conf);
  }

  @Test
  void ginghamIpamServesBridge() {
    ObjectNode conf = conflist("bridgenet");
    ObjectNode br =
        ((com.fasterxml.jackson.databind.node.ArrayNode) conf.get("plugins")).addObject();
    br.put("type", "bridge");
    br.put("bridge", "ggbr0");
    br.put("isGateway", true);
    ginghamIpam(br, "10.81.0.0/24");
    twoPodsTalkThenDeleteReleases(conf);
  }

  @Test
  void ginghamThenPortmapAndTuning() {
    ObjectNode conf = conflist("chained");
    com.fasterxml.jackson.databind.node.ArrayNode plugins =
        (com.fasterxml.jackson.databind.node.ArrayNode) conf.get("plugins");
    ObjectNode g = plugins.addObject();
    g.put("type", "gingham");
    g.put("nodename", "node-a");
    g.put("datastore", node.datastore());
    ObjectNode ipam = g.putObject("ipam");
    ipam.put("type", "gingham-ipam");
    ipam.putArray("ipv4_pools").add("10.82.0.0/24");
    ObjectNode pm = plugins.addObject();
    pm.put("type", "portmap");
    pm.putObject("capabilities").put("portMappings", true);
    ObjectNode tuning = plugins.addObject();
    tuning.put("type", "tuning");
    tuning.putObject("sysctl").put("net.ipv4.conf.eth0.accept_local", "1");
    twoPodsTalkThenDeleteReleases(conf);
  }

  private void twoPodsTalkThenDeleteReleases(ObjectNode conf) {
    String ns1 = node.pod("p1");
    String ns2 = node.pod("p2");
    CniRuntime.Attachment a1 = new CniRuntime.Attachment("c1", ns1, "eth0");
    CniRuntime.Attachment a2 = new CniRuntime.Attachment("c2", ns2, "eth0");
    Map<String, JsonNode> rc =
        Map.of(
            "portMappings",
            CniRuntime.JSON
                .createArrayNode()
                .add(
                    CniRuntime.JSON
                        .createObjectNode()
                        .put("hostPort", 18080)
                        .put("containerPort", 7201)
                        .put("protocol", "tcp")));
    CniRuntime.Exec r1 = node.runtime.add(conf, a1, rc);
    assertThat(r1.exit()).as(r1.toString()).isZero();
    CniRuntime.Exec r2 = node.runtime.add(conf, a2, Map.of());
    assertThat(r2.exit()).as(r2.toString()).isZero();
    IpAddress ip1 = GinghamPluginKernelTest.address(r1.json());
    IpAddress ip2 = GinghamPluginKernelTest.address(r2.json());
    assertThat(ip1).isNotEqualTo(ip2);

    assertThat(TestNode.echo(ns1, ns2, ip1.toInetAddress(), 7201))
        .containsExactly("ping 0", "ping 1", "ping 2");
    assertThat(TestNode.echo(ns2, ns1, ip2.toInetAddress(), 7202))
        .containsExactly("ping 0", "ping 1", "ping 2");
    CniRuntime.Exec check = node.runtime.check(conf, a1);
    assertThat(check.exit()).as(check.toString()).isZero();

    assertThat(node.runtime.del(conf, a1, rc).exit()).isZero();
    assertThat(node.runtime.del(conf, a2).exit()).isZero();
    try (Datastore store = Datastores.open(node.datastore())) {
      assertThat(Ipams.create(store).allocations()).isEmpty();
    }
  }
}
