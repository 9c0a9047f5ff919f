package dev.gingham.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.core.Ipams;
import dev.gingham.core.Resources;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.resource.ResourceKind;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code gingham} plugin on the kernel, driven through its installed launcher as a runtime
 * drives it: pods wired by it talk TCP to each other and to the node; ADD, CHECK, DEL, DEL, ADD;
 * and the errors ADD gives for a taken interface name and a missing namespace.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GinghamPluginKernelTest {
  private TestNode node;

  @BeforeEach
  void setUp() {
    node = new TestNode("ggcni");
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  private ObjectNode conflist(String version, String pool) {
    ObjectNode c = CniRuntime.JSON.createObjectNode();
    c.put("cniVersion", version);
    c.put("name", "testnet");
    ObjectNode p = c.putArray("plugins").addObject();
    p.put("type", "gingham");
    p.put("nodename", "node-a");
    p.put("datastore", node.datastore());
    p.put("log_level", "debug");
    ObjectNode ipam = p.putObject("ipam");
    ipam.put("type", "gingham-ipam");
    ipam.putArray("ipv4_pools").add(pool);
    return c;
  }

  @Test
  void twoPodsWiredByThePluginTalkTcpToEachOtherAndToTheNode() {
    ObjectNode conf = conflist("1.1.0", "10.70.0.0/24");
    String ns1 = node.pod("p1");
    String ns2 = node.pod("p2");
    CniRuntime.Exec a1 = node.runtime.add(conf, new CniRuntime.Attachment("c1", ns1, "eth0"));
    CniRuntime.Exec a2 = node.runtime.add(conf, new CniRuntime.Attachment("c2", ns2, "eth0"));
    assertThat(a1.exit()).as(a1.toString()).isZero();
    assertThat(a2.exit()).as(a2.toString()).isZero();

    JsonNode r1 = a1.json();
    assertThat(r1.get("cniVersion").asText()).isEqualTo("1.1.0");
    assertThat(r1.get("interfaces").get(0).get("name").asText()).matches("gg[0-9a-f]{11}");
    assertThat(r1.get("interfaces").get(0).get("mac").asText()).isEqualTo("ee:ee:ee:ee:ee:ee");
    assertThat(r1.get("interfaces").get(1).get("sandbox").asText()).isEqualTo(ns1);
    assertThat(r1.get("interfaces").get(1).get("mtu").asInt()).isEqualTo(1500);
    assertThat(r1.get("ips").get(0).get("address").asText()).matches("10\\.70\\.0\\.\\d+/32");
    assertThat(r1.get("ips").get(0).get("gateway").asText()).isEqualTo("169.254.1.1");
    IpAddress ip1 = address(r1);
    IpAddress ip2 = address(a2.json());
    assertThat(ip1).isNotEqualTo(ip2);

    // As Calico wires it: a /32, the gateway on the link, the default route through it.
    assertThat(TestNode.ip(ns1, "-4", "addr", "show", "dev", "eth0"))
        .contains("inet " + ip1 + "/32");
    assertThat(TestNode.ip(ns1, "route"))
        .contains("default via 169.254.1.1 dev eth0")
        .contains("169.254.1.1 dev eth0 scope link");
    String host = r1.get("interfaces").get(0).get("name").asText();
    assertThat(TestNode.ip("/run/netns/" + node.node, "route", "show", "exact", ip1 + "/32"))
        .contains("dev " + host)
        .contains("proto 80");

    assertThat(TestNode.echo(ns2, ns1, ip2.toInetAddress(), 7101))
        .containsExactly("ping 0", "ping 1", "ping 2");
    assertThat(TestNode.echo(ns1, "/run/netns/" + node.node, ip1.toInetAddress(), 7102))
        .containsExactly("ping 0", "ping 1", "ping 2");
    assertThat(
            TestNode.echo(
                "/run/netns/" + node.node, ns2, TestNode.NODE_ADDRESS.toInetAddress(), 7103))
        .containsExactly("ping 0", "ping 1", "ping 2");

    // The endpoints are in the store, for the agent.
    try (Datastore store = Datastores.open(node.datastore())) {
      assertThat(Resources.store(store).list(ResourceKind.WORKLOAD_ENDPOINT, null).items())
          .hasSize(2)
          .allSatisfy(e -> assertThat(e.spec().node()).isEqualTo("node-a"));
    }
  }

  @Test
  void addCheckDelDelThenAddAgainReusesTheAddress() {
    ObjectNode conf = conflist("1.0.0", "10.71.0.9/32");
    String ns = node.pod("p1");
    CniRuntime.Attachment att = new CniRuntime.Attachment("c1", ns, "eth0");

    CniRuntime.Exec add = node.runtime.add(conf, att);
    assertThat(add.exit()).as(add.toString()).isZero();
    assertThat(address(add.json())).isEqualTo(IpAddress.parse("10.71.0.9"));
    CniRuntime.Exec check = node.runtime.check(conf, att);
    assertThat(check.exit()).as(check.toString()).isZero();
    CniRuntime.Exec del = node.runtime.del(conf, att);
    assertThat(del.exit()).as(del.toString()).isZero();
    CniRuntime.Exec del2 = node.runtime.del(conf, att);
    assertThat(del2.exit()).as(del2.toString()).isZero();
    assertThat(TestNode.ip(ns, "link")).doesNotContain("eth0");

    // The pool holds one address: a second ADD gets it only if DEL released it.
    CniRuntime.Exec again = node.runtime.add(conf, att);
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(address(again.json())).isEqualTo(IpAddress.parse("10.71.0.9"));
    assertThat(node.runtime.del(conf, att).exit()).isZero();
    try (Datastore store = Datastores.open(node.datastore())) {
      Ipam ipam = Ipams.create(store);
      assertThat(ipam.allocations()).isEmpty();
      assertThat(Resources.store(store).list(ResourceKind.WORKLOAD_ENDPOINT, null).items())
          .isEmpty();
    }
  }

  @Test
  void checkFailsOnceTheAddressIsGoneFromThePod() {
    ObjectNode conf = conflist("1.1.0", "10.72.0.0/24");
    String ns = node.pod("p1");
    CniRuntime.Attachment att = new CniRuntime.Attachment("c1", ns, "eth0");
    assertThat(node.runtime.add(conf, att).exit()).isZero();
    TestNode.ip(ns, "route", "del", "default");

    CniRuntime.Exec check = node.runtime.check(conf, att);
    assertThat(check.code()).as(check.toString()).isEqualTo(ErrorCodes.CHECK_FAILED);
    assertThat(check.json().get("msg").asText()).contains("0.0.0.0/0");
    assertThat(node.runtime.del(conf, att).exit()).isZero();
  }

  @Test
  void addRefusesATakenInterfaceNameAndAMissingNamespaceAndLeavesNothing() {
    ObjectNode conf = conflist("1.1.0", "10.73.0.0/24");
    String ns = node.pod("p1");
    TestNode.ip(ns, "link", "add", "eth0", "type", "veth", "peer", "name", "x0");

    CniRuntime.Exec taken = node.runtime.add(conf, new CniRuntime.Attachment("c1", ns, "eth0"));
    assertThat(taken.code()).as(taken.toString()).isEqualTo(ErrorCodes.INTERFACE_EXISTS);
    assertThat(taken.json().get("msg").asText()).contains("eth0");
    CniRuntime.Exec missing =
        node.runtime.add(conf, new CniRuntime.Attachment("c2", "/run/netns/ggcni-none", "eth0"));
    assertThat(missing.code()).as(missing.toString()).isEqualTo(ErrorCodes.UNKNOWN_CONTAINER);
    assertThat(missing.json().get("msg").asText()).contains("/run/netns/ggcni-none");

    try (Datastore store = Datastores.open(node.datastore())) {
      assertThat(Ipams.create(store).allocations()).isEmpty();
    }
    assertThat(TestNode.ip("/run/netns/" + node.node, "link")).doesNotContain("gg");
  }

  static IpAddress address(JsonNode result) {
    String a = result.get("ips").get(0).get("address").asText();
    return IpAddress.parse(a.substring(0, a.indexOf('/')));
  }

  static List<String> names(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(n -> n.get("name").asText())
        .toList();
  }
}
