package dev.gingham.dataplane.linux.nft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.NftablesOptions;
import dev.gingham.core.Policies;
import dev.gingham.core.PolicyRenderer;
import dev.gingham.dataplane.linux.NsThread;
import dev.gingham.dataplane.linux.Prerequisites;
import dev.gingham.dataplane.linux.Shell;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.HostEndpoint;
import dev.gingham.policy.Labels;
import dev.gingham.policy.Packet;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Port;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Host endpoints on the kernel: a node namespace with interface {@code eth1} towards an "outside"
 * namespace; the node listens on TCP 22 (a failsafe port), 80 and 8080. With no policy the host
 * endpoint denies all but the failsafe port; a global policy then opens port 80 from the outside
 * net. Every probe is judged by the evaluator too.
 */
class HostEndpointKernelTest {
  private static final String NODE = PodNetwork.PREFIX + "hep-node";
  private static final String OUTSIDE = PodNetwork.PREFIX + "hep-out";
  private static final IpAddress NODE_IP = IpAddress.parse("10.201.0.1");
  private static final IpAddress OUTSIDE_IP = IpAddress.parse("10.201.0.2");
  private static final int[] PORTS = {22, 80, 8080};

  private final NftPacketFilter filter = new NftPacketFilter();
  private final List<AutoCloseable> open = new ArrayList<>();
  private NsThread outside;

  @BeforeEach
  void setUp() throws IOException {
    Prerequisites.require();
    tearDown();
    Shell.run("ip", "netns", "add", NODE);
    Shell.run("ip", "netns", "add", OUTSIDE);
    Shell.run("ip", "-n", NODE, "link", "set", "lo", "up");
    Shell.run("ip", "-n", OUTSIDE, "link", "set", "lo", "up");
    Shell.run(
        "ip", "-n", NODE, "link", "add", "eth1", "type", "veth", "peer", "name", "eth0", "netns",
        OUTSIDE);
    Shell.run("ip", "-n", NODE, "addr", "add", NODE_IP + "/24", "dev", "eth1");
    Shell.run("ip", "-n", OUTSIDE, "addr", "add", OUTSIDE_IP + "/24", "dev", "eth0");
    Shell.run("ip", "-n", NODE, "link", "set", "eth1", "up");
    Shell.run("ip", "-n", OUTSIDE, "link", "set", "eth0", "up");
    NsThread node = new NsThread("/run/netns/" + NODE);
    open.add(node);
    for (int port : PORTS) {
      ServerSocketChannel s =
          node.call(
              () ->
                  ServerSocketChannel.open()
                      .bind(new InetSocketAddress(NODE_IP.toInetAddress(), port)));
      open.add(s);
    }
    outside = new NsThread("/run/netns/" + OUTSIDE);
    open.add(outside);
  }

  @AfterEach
  void tearDown() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // the namespace goes anyway
      }
    }
    open.clear();
    filter.close();
    Shell.run(false, "ip", "netns", "delete", NODE);
    Shell.run(false, "ip", "netns", "delete", OUTSIDE);
  }

  /** Which ports a TCP connection from outside reaches within the deadline. */
  private List<Boolean> probe() throws IOException {
    List<Boolean> ok = new ArrayList<>();
    try (Selector sel = Selector.open()) {
      List<SocketChannel> chans = new ArrayList<>();
      for (int port : PORTS) {
        SocketChannel c = outside.call(SocketChannel::open);
        c.configureBlocking(false);
        c.connect(new InetSocketAddress(NODE_IP.toInetAddress(), port));
        c.register(sel, SelectionKey.OP_CONNECT, chans.size());
        chans.add(c);
        ok.add(false);
      }
      long deadline = System.nanoTime() + 700_000_000L;
      while (System.nanoTime() < deadline && !sel.keys().isEmpty()) {
        sel.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        for (SelectionKey k : sel.selectedKeys()) {
          try {
            ok.set((Integer) k.attachment(), ((SocketChannel) k.channel()).finishConnect());
          } catch (IOException e) {
            ok.set((Integer) k.attachment(), false);
          }
          k.cancel();
        }
        sel.selectedKeys().clear();
      }
      for (SocketChannel c : chans) {
        c.close();
      }
    }
    return ok;
  }

  private List<Boolean> expected(PolicyModel model, HostEndpoint hep) {
    List<Boolean> out = new ArrayList<>();
    for (int port : PORTS) {
      out.add(
          Policies.evaluator(model)
              .evaluate(Packet.tcp(OUTSIDE_IP, 40000, NODE_IP, port), null, hep)
              .allowed());
    }
    return out;
  }

  @Test
  void hostEndpointsDenyButFailsafeUntilAPolicyAllows() throws IOException {
    HostEndpoint hep =
        HostEndpoint.of("node-eth1", "eth1", List.of(NODE_IP), Labels.of("role", "node"));
    PathNamespace node = PathNamespace.named(NODE);
    PolicyRenderer r = Policies.nftables(NftablesOptions.DEFAULT);
    assertThat(probe()).as("before any table").containsExactly(true, true, true);

    PolicyModel none = PolicyModel.builder().endpoint(hep).build();
    filter.apply(node, r.load(none));
    assertThat(expected(none, hep)).containsExactly(true, false, false);
    assertThat(probe()).as("host endpoint, no policy").isEqualTo(expected(none, hep));

    PolicyModel web =
        PolicyModel.builder()
            .endpoint(hep)
            .policy(
                GlobalNetworkPolicy.builder("node-web")
                    .selector("role == 'node'")
                    .ingress(
                        Rule.builder(Action.ALLOW)
                            .protocol(Protocol.TCP)
                            .source(
                                EntityRule.builder().net(IpPrefix.parse("10.201.0.0/24")).build())
                            .destination(EntityRule.builder().port(Port.of(80)).build())
                            .build())
                    .build())
            .build();
    filter.apply(node, r.update(web));
    assertThat(expected(web, hep)).containsExactly(true, true, false);
    assertThat(probe()).as("policy opens port 80").isEqualTo(expected(web, hep));
  }
}
