package dev.gingham.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.core.Ipams;
import dev.gingham.core.NodeAgent;
import dev.gingham.core.NodeAgents;
import dev.gingham.core.Resources;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.BgpPeerSpec;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's endpoints over a real agent (simulated dataplane, in-memory store): Prometheus
 * metrics with every figure the issue names, health and readiness, the control socket's status, and
 * a dashboard and alert rules that use only metrics the agent exports.
 */
class AgentEndpointsTest {
  private static final Pattern METRIC = Pattern.compile("gingham_[a-z_]+");

  @Test
  void metricsHealthReadinessAndStatus(@TempDir Path tmp) throws Exception {
    try (Datastore store = Datastores.open("memory:");
        Dataplane dp = Dataplanes.open("simulated")) {
      Ipam ipam = Ipams.create(store);
      ipam.createPool(IpPool.builder("default-ipv4", IpPrefix.parse("10.70.0.0/16")).build());
      int bgpPort;
      try (ServerSocket s = new ServerSocket(0)) {
        bgpPort = s.getLocalPort();
      }
      Resources.store(store)
          .create(
              Resource.of(
                  ResourceKind.BGP_CONFIGURATION,
                  ObjectMeta.of("default"),
                  new BgpConfigurationSpec(
                      null, true, 64512L, List.of(), List.of(), List.of(), bgpPort, null, List.of(),
                      List.of(), List.of(), null)));
      // A peer nobody answers for: its session is counted by state, its routes as 0.
      Resources.store(store)
          .create(
              Resource.of(
                  ResourceKind.BGP_PEER,
                  ObjectMeta.of("nobody"),
                  BgpPeerSpec.builder()
                      .peerIp(IpAddress.parse("127.0.0.32"))
                      .peerPort(bgpPort)
                      .asNumber(65001)
                      .build()));
      ipam.autoAssign(AssignRequest.builder("pod.x", "node-m").ipv4(1).build());
      NetworkNamespace ns = dp.namespaces().create("node-m");
      NetworkNamespace other = dp.namespaces().create("fabric");
      dp.links().createVeth(ns, new VethSpec("eth0", null, "p0", other, null, 0));
      dp.links().setUp(ns, "eth0", true);
      dp.addresses().add(ns, InterfaceAddress.of("eth0", IpAddress.parse("127.0.0.31"), 8));

      AgentMetrics meters = new AgentMetrics();
      try (NodeAgent agent =
              NodeAgents.builder(store, dp, "node-m")
                  .namespace(ns)
                  .ipAutodetection("interface=eth0")
                  .listener(meters)
                  .start();
          HttpEndpoints http =
              HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0), agent, meters::scrape);
          ControlSocket control = ControlSocket.start(agent, "test", tmp.resolve("agent.sock"))) {
        meters.bind(agent);
        assertThat(agent.awaitReady(Duration.ofSeconds(20))).isTrue();
        meters.refresh(agent, ipam);
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + http.port();
        HttpResponse<String> metrics = get(client, base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        String text = metrics.body();
        assertThat(text).contains("gingham_datastore_sync_state{state=\"IN_SYNC\"} 1.0");
        assertThat(text).contains("gingham_datastore_sync_state{state=\"RESYNCING\"} 0.0");
        assertThat(text).contains("gingham_ipam_blocks{pool=\"default-ipv4\"} 1.0");
        assertThat(text).contains("gingham_ipam_addresses_in_use{pool=\"default-ipv4\"} 1.0");
        assertThat(text).contains("gingham_bgp_sessions{state=\"Established\"} 0.0");
        assertThat(text).contains("gingham_bgp_routes{peer=\"127.0.0.32\"} 0.0");
        assertThat(text).contains("gingham_policy_apply_seconds_bucket");
        assertThat(text).contains("gingham_policy_apply_seconds_count 1");
        assertThat(text).contains("gingham_dataplane_errors_total 0.0");
        assertThat(get(client, base + "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(client, base + "/readyz").statusCode()).isEqualTo(200);

        JsonNode status = ask(tmp.resolve("agent.sock"), "{\"op\":\"status\"}");
        assertThat(status.path("node").asText()).isEqualTo("node-m");
        assertThat(status.path("asNumber").asLong()).isEqualTo(64512);
        assertThat(status.path("syncState").asText()).isEqualTo("IN_SYNC");
        assertThat(status.path("peers").isArray()).isTrue();
        assertThat(status.path("blocks").get(0).asText()).startsWith("10.70.");
        JsonNode bad = ask(tmp.resolve("agent.sock"), "{\"op\":\"reboot\"}");
        assertThat(bad.path("error").asText()).contains("unknown op 'reboot'");

        // The dashboard and the alerts use only metrics the agent exports.
        Set<String> exported = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
          exported.add(m.group());
        }
        for (String file : List.of("grafana-dashboard.json", "prometheus-alerts.yaml")) {
          String body = resource(file);
          Matcher used = METRIC.matcher(body);
          int count = 0;
          while (used.find()) {
            count++;
            assertThat(exported).as("%s uses %s", file, used.group()).contains(used.group());
          }
          assertThat(count).as("metrics used in %s", file).isGreaterThanOrEqualTo(6);
        }
      }
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ask(Path socket, String request) throws Exception {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteBuffer in = ByteBuffer.allocate(1 << 16);
      while (c.read(in) >= 0) {
        // until the agent closes
      }
      return new ObjectMapper()
          .readTree(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
    }
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = AgentEndpointsTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
