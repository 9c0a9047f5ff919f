package dev.gingham.dataplane.linux;

import static dev.gingham.dataplane.linux.IpJson.ip;
import static dev.gingham.dataplane.linux.IpJson.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.core.PodInterface;
import dev.gingham.core.PodNetworks;
import dev.gingham.net.Ipv4Address;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end: two pod namespaces wired to a node namespace by the Linux dataplane as Calico wires
 * them ({@link PodNetworks}), then TCP between the pods: a bounded connect-and-echo, three round
 * trips under a five-second deadline. Traffic stays inside the namespaces, which are deleted
 * afterwards even when the test fails.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PodTrafficTest {
  private static final String PREFIX = "ghpod";
  private static final int PORT = 7007;
  private static final int ROUND_TRIPS = 3;

  private LinuxDataplane dp;
  private final String id = PREFIX + ProcessHandle.current().pid();
  private final List<String> names = List.of(id + "-node", id + "-p1", id + "-p2");

  @BeforeAll
  static void prerequisites() {
    Prerequisites.require();
    TestNamespaces.removeStale(PREFIX);
  }

  @BeforeEach
  void open() {
    dp = LinuxDataplane.open();
  }

  @AfterEach
  void deleteNamespaces() {
    try {
      names.forEach(n -> dp.namespaces().delete(n));
    } finally {
      dp.close();
    }
  }

  @Test
  void podsWiredAsCalicoWiresThemTalkTcpThroughTheNode() throws Exception {
    NetworkNamespace node = dp.namespaces().create(names.get(0));
    NetworkNamespace p1 = dp.namespaces().create(names.get(1));
    NetworkNamespace p2 = dp.namespaces().create(names.get(2));
    Ipv4Address a1 = Ipv4Address.parse("10.65.0.1");
    Ipv4Address a2 = Ipv4Address.parse("10.65.0.2");
    PodNetworks.prepareNode(dp, node);
    PodNetworks.wire(dp, node, p1, PodInterface.of("cali1", "eth0", List.of(a1)));
    PodNetworks.wire(dp, node, p2, PodInterface.of("cali2", "eth0", List.of(a2)));

    // The wiring as ip sees it: a /32 on eth0, the default route via 169.254.1.1, a host route.
    JsonNode eth0 = ip(names.get(1), "addr", "show", "dev", "eth0").get(0);
    assertThat(eth0.get("addr_info"))
        .anySatisfy(
            a -> {
              assertThat(text(a, "local")).isEqualTo("10.65.0.1");
              assertThat(a.get("prefixlen").asInt()).isEqualTo(32);
            });
    JsonNode def = IpJson.routes(names.get(1), "main", "default").get(0);
    assertThat(text(def, "gateway")).isEqualTo("169.254.1.1");
    assertThat(text(def, "dev")).isEqualTo("eth0");
    JsonNode host = IpJson.routes(names.get(0), "main", "10.65.0.1").get(0);
    assertThat(text(host, "dev")).isEqualTo("cali1");
    assertThat(text(host, "protocol")).isEqualTo("80");
    assertThat(text(host, "scope")).isEqualTo("link");

    try (NsThread in1 = new NsThread("/run/netns/" + names.get(1));
        NsThread in2 = new NsThread("/run/netns/" + names.get(2))) {
      ServerSocket server =
          in2.call(
              () -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(a2.toInetAddress(), PORT));
                s.setSoTimeout(5_000);
                return s;
              });
      Thread echo = new Thread(() -> echo(server), "pod 2 echo");
      echo.setDaemon(true);
      echo.start();
      // The socket is made by connect: connecting from the pod's thread makes it the pod's.
      try (Socket client =
          in1.call(
              () -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(a2.toInetAddress(), PORT), 5_000);
                return s;
              })) {
        client.setSoTimeout(5_000);
        assertThat(client.getLocalAddress()).isEqualTo(a1.toInetAddress());
        for (int i = 0; i < ROUND_TRIPS; i++) {
          byte[] sent = ("hello " + i + " from pod 1").getBytes(StandardCharsets.US_ASCII);
          client.getOutputStream().write(sent);
          client.getOutputStream().flush();
          assertThat(client.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
        }
      } finally {
        server.close();
        echo.join(5_000);
      }
    }
    // The pod reached its gateway by proxy ARP on the host end: Calico's fixed MAC.
    assertThat(ip(names.get(1), "neigh", "show", "dev", "eth0"))
        .anySatisfy(
            n -> {
              assertThat(text(n, "dst")).isEqualTo("169.254.1.1");
              assertThat(text(n, "lladdr")).isEqualTo(PodNetworks.HOST_MAC.toString());
            });
  }

  private static void echo(ServerSocket server) {
    try (Socket s = server.accept()) {
      s.setSoTimeout(5_000);
      byte[] buf = new byte[256];
      int n;
      while ((n = s.getInputStream().read(buf)) > 0) {
        s.getOutputStream().write(buf, 0, n);
      }
    } catch (IOException e) {
      // the client closed, or the test ended: the echo ends with it
    }
  }
}
