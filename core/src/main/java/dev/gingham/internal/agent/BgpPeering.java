package dev.gingham.internal.agent;

import dev.gingham.bgp.PeerConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import dev.gingham.policy.Labels;
import dev.gingham.policy.Selector;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.BgpPeerSpec;
import dev.gingham.resource.NodeSpec;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The BGP side of the configuration, as Calico's confd renders it for BIRD: the node's AS, the
 * listen port, and the peers the node must have, computed from the cache. A pure function.
 *
 * <ul>
 *   <li>the full mesh to every other node that speaks BGP, unless {@code nodeToNodeMeshEnabled} is
 *       false;
 *   <li>each BGPPeer that applies to this node (global, naming it, or whose {@code nodeSelector}
 *       matches its labels): its {@code peerIP}, or every node its {@code peerSelector} selects
 *       (with that node's AS), as route reflectors are peered in Calico;
 *   <li>the other end of such a BGPPeer: when its {@code peerSelector} selects this node, every
 *       node the BGPPeer applies to.
 * </ul>
 *
 * <p>A node with a route reflector cluster id is a reflector: a node peer whose cluster id differs
 * from it (or is absent) is its route reflector client. The mesh is never a client peering.
 *
 * <p>A peer wanted twice keeps its first reason, in that order; the node's own address is never a
 * peer.
 */
final class BgpPeering {
  /** Calico's default AS. */
  static final long DEFAULT_AS = 64512;

  /** The BGP port. */
  static final int DEFAULT_PORT = 179;

  /** A wanted peer: why, and how. */
  record Wanted(String type, PeerConfig config) {}

  private BgpPeering() {}

  /** The cluster's BGPConfiguration named {@code default}, or null. */
  static @Nullable BgpConfigurationSpec configuration(ClusterCache cache) {
    return cache.get(ResourceKind.BGP_CONFIGURATION, "default").map(Resource::spec).orElse(null);
  }

  /** A node's AS: its own, else the configuration's, else 64512. */
  static long asOf(@Nullable NodeSpec node, @Nullable BgpConfigurationSpec config) {
    if (node != null && node.bgp() != null && node.bgp().asNumber() != null) {
      return node.bgp().asNumber();
    }
    if (config != null && config.asNumber() != null) {
      return config.asNumber();
    }
    return DEFAULT_AS;
  }

  /** The port every speaker listens on. */
  static int port(@Nullable BgpConfigurationSpec config) {
    return config != null && config.listenPort() != null ? config.listenPort() : DEFAULT_PORT;
  }

  /** A node's IPv4 BGP address, or null. */
  static @Nullable IpAddress addressOf(NodeSpec node) {
    return node.bgp() == null || node.bgp().ipv4Address() == null
        ? null
        : node.bgp().ipv4Address().address();
  }

  /** The peers node {@code self} must have, by address. */
  static Map<IpAddress, Wanted> peers(
      String self, ClusterCache cache, Duration holdTime, Duration connectRetry) {
    Map<IpAddress, Wanted> out = new LinkedHashMap<>();
    Resource<NodeSpec> me = cache.get(ResourceKind.NODE, self).orElse(null);
    if (me == null || addressOf(me.spec()) == null) {
      return out;
    }
    IpAddress myAddress = addressOf(me.spec());
    BgpConfigurationSpec config = configuration(cache);
    long myAs = asOf(me.spec(), config);
    int port = port(config);
    boolean mesh = config == null || !Boolean.FALSE.equals(config.nodeToNodeMeshEnabled());
    if (mesh) {
      for (Resource<NodeSpec> n : cache.list(ResourceKind.NODE)) {
        IpAddress a = addressOf(n.spec());
        if (!n.metadata().name().equals(self) && a != null && !a.equals(myAddress)) {
          out.putIfAbsent(
              a,
              new Wanted(
                  "mesh",
                  config(a, asOf(n.spec(), config), port, myAs, myAddress, holdTime, connectRetry)
                      .description("mesh " + n.metadata().name())
                      .build()));
        }
      }
    }
    Labels myLabels = me.metadata().labels();
    @Nullable Ipv4Address myCluster = clusterOf(me.spec());
    for (Resource<BgpPeerSpec> p : cache.list(ResourceKind.BGP_PEER)) {
      BgpPeerSpec s = p.spec();
      if (!appliesTo(s, self, myLabels)) {
        continue;
      }
      String type = s.isGlobal() ? "global" : "node";
      if (s.peerIp() != null) {
        if (!s.peerIp().equals(myAddress)) {
          out.putIfAbsent(
              s.peerIp(),
              new Wanted(
                  type,
                  config(
                          s.peerIp(),
                          s.asNumber(),
                          s.peerPort() == 0 ? DEFAULT_PORT : s.peerPort(),
                          myAs,
                          myAddress,
                          holdTime,
                          connectRetry)
                      .description("BGPPeer " + p.metadata().name())
                      .build()));
        }
        continue;
      }
      for (Resource<NodeSpec> n : cache.list(ResourceKind.NODE)) {
        IpAddress a = addressOf(n.spec());
        if (n.metadata().name().equals(self)
            || a == null
            || a.equals(myAddress)
            || !s.peerSelector().matches(n.metadata().labels())) {
          continue;
        }
        out.putIfAbsent(
            a,
            new Wanted(
                type,
                config(a, asOf(n.spec(), config), port, myAs, myAddress, holdTime, connectRetry)
                    .routeReflectorClient(isClient(myCluster, n.spec()))
                    .description("BGPPeer " + p.metadata().name() + " to " + n.metadata().name())
                    .build()));
      }
    }
    // The other side of a peerSelector: a node it selects peers with every node the BGPPeer
    // applies to, so that one BGPPeer configures both ends, as in Calico.
    for (Resource<BgpPeerSpec> p : cache.list(ResourceKind.BGP_PEER)) {
      BgpPeerSpec s = p.spec();
      Selector selector = s.peerSelector();
      if (s.peerIp() != null || selector == null || !selector.matches(myLabels)) {
        continue;
      }
      for (Resource<NodeSpec> n : cache.list(ResourceKind.NODE)) {
        IpAddress a = addressOf(n.spec());
        String name = n.metadata().name();
        if (name.equals(self)
            || a == null
            || a.equals(myAddress)
            || !appliesTo(s, name, n.metadata().labels())) {
          continue;
        }
        out.putIfAbsent(
            a,
            new Wanted(
                "selected",
                config(a, asOf(n.spec(), config), port, myAs, myAddress, holdTime, connectRetry)
                    .routeReflectorClient(isClient(myCluster, n.spec()))
                    .description("BGPPeer " + p.metadata().name() + " from " + name)
                    .build()));
      }
    }
    return out;
  }

  /** A node's route reflector cluster id, or null when it is not a reflector. */
  static @Nullable Ipv4Address clusterOf(NodeSpec node) {
    return node.bgp() == null ? null : node.bgp().routeReflectorClusterId();
  }

  /**
   * Whether a peer node is this node's route reflector client: this node is a reflector and the
   * peer is not one of the same cluster, as Calico's confd decides it.
   */
  private static boolean isClient(@Nullable Ipv4Address myCluster, NodeSpec peer) {
    return myCluster != null && !myCluster.equals(clusterOf(peer));
  }

  /** Whether a BGPPeer applies to a node: global, naming it, or selecting it. */
  private static boolean appliesTo(BgpPeerSpec s, String node, Labels labels) {
    return s.isGlobal()
        || node.equals(s.node())
        || (s.nodeSelector() != null && s.nodeSelector().matches(labels));
  }

  private static PeerConfig.Builder config(
      IpAddress address,
      long remoteAs,
      int port,
      long myAs,
      IpAddress myAddress,
      Duration holdTime,
      Duration connectRetry) {
    return PeerConfig.builder(address, remoteAs)
        .localAs(myAs)
        .port(port)
        .localAddress(myAddress)
        .holdTime(holdTime)
        .connectRetryTime(connectRetry)
        .gracefulRestartHelper(true);
  }
}
