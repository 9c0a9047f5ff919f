package dev.gingham.internal.routing;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the route calculation reads of the cluster, for one node. Immutable; build one with
 * {@link #builder(String)}.
 */
public final class RoutingInputs {
  /** Calico's IP-in-IP device. */
  public static final String IPIP_DEVICE = "tunl0";

  /** Calico's IPv4 VXLAN device. */
  public static final String VXLAN_DEVICE = "vxlan.calico";

  /** Calico's IPv6 VXLAN device. */
  public static final String VXLAN_V6_DEVICE = "vxlan-v6.calico";

  private final String node;
  private final List<NodeAddress> addresses;
  private final List<LocalWorkload> workloads;
  private final List<IpPrefix> localBlocks;
  private final Map<String, RemoteNode> remoteNodes;
  private final List<RemoteBlock> remoteBlocks;
  private final List<RemoteWorkload> remoteWorkloads;
  private final List<PoolRouting> pools;
  private final List<LearnedRoute> learned;
  private final boolean bgp;
  private final int protocol;
  private final String ipipDevice;
  private final String vxlanDevice;
  private final String vxlanV6Device;

  private RoutingInputs(Builder b) {
    node = b.node;
    addresses = List.copyOf(b.addresses);
    workloads = List.copyOf(b.workloads);
    localBlocks = List.copyOf(b.localBlocks);
    remoteNodes = Map.copyOf(b.remoteNodes);
    remoteBlocks = List.copyOf(b.remoteBlocks);
    remoteWorkloads = List.copyOf(b.remoteWorkloads);
    pools = List.copyOf(b.pools);
    learned = List.copyOf(b.learned);
    bgp = b.bgp;
    protocol = b.protocol;
    ipipDevice = b.ipipDevice;
    vxlanDevice = b.vxlanDevice;
    vxlanV6Device = b.vxlanV6Device;
  }

  /** A builder for the inputs of the node with this name. */
  public static Builder builder(String node) {
    return new Builder(node);
  }

  public String node() {
    return node;
  }

  /** This node's underlay address of a family, or null. */
  public @Nullable NodeAddress address(IpFamily family) {
    for (NodeAddress a : addresses) {
      if (a.address().family() == family) {
        return a;
      }
    }
    return null;
  }

  public List<LocalWorkload> workloads() {
    return workloads;
  }

  public List<IpPrefix> localBlocks() {
    return localBlocks;
  }

  /** The other node of that name, or null. */
  public @Nullable RemoteNode remoteNode(String name) {
    return remoteNodes.get(name);
  }

  /**
   * The remote nodes by each of their addresses (the first node wins an address), made on first use
   * and kept: a learned pass looks up each changed route's next hop in the index of the whole pass
   * it builds on, and 500 agents rebuilding it per pass was a fifth of what a pod add allocated.
   */
  public Map<IpAddress, RemoteNode> remoteNodesByAddress() {
    Map<IpAddress, RemoteNode> m = byAddress;
    if (m == null) {
      Map<IpAddress, RemoteNode> out = new HashMap<>();
      for (RemoteNode n : remoteNodes.values()) {
        for (IpFamily f : FAMILIES) {
          NodeAddress a = n.address(f);
          if (a != null) {
            out.putIfAbsent(a.address(), n);
          }
        }
      }
      m = Collections.unmodifiableMap(out);
      byAddress = m; // two threads may both build it: equal either way
    }
    return m;
  }

  private static final IpFamily[] FAMILIES = IpFamily.values();

  private volatile @Nullable Map<IpAddress, RemoteNode> byAddress;

  public List<RemoteNode> remoteNodes() {
    return List.copyOf(remoteNodes.values());
  }

  public List<RemoteBlock> remoteBlocks() {
    return remoteBlocks;
  }

  public List<RemoteWorkload> remoteWorkloads() {
    return remoteWorkloads;
  }

  public List<PoolRouting> pools() {
    return pools;
  }

  public List<LearnedRoute> learned() {
    return learned;
  }

  /** Whether BGP runs: remote routes come from it rather than from the datastore. */
  public boolean bgp() {
    return bgp;
  }

  public int protocol() {
    return protocol;
  }

  public String ipipDevice() {
    return ipipDevice;
  }

  /** The VXLAN device of a family. */
  public String vxlanDevice(IpFamily family) {
    return family == IpFamily.IPV4 ? vxlanDevice : vxlanV6Device;
  }

  /** Builds {@link RoutingInputs}. Not thread-safe. */
  public static final class Builder {
    private final String node;
    private final List<NodeAddress> addresses = new ArrayList<>();
    private final List<LocalWorkload> workloads = new ArrayList<>();
    private final List<IpPrefix> localBlocks = new ArrayList<>();
    private final Map<String, RemoteNode> remoteNodes = new LinkedHashMap<>();
    private final List<RemoteBlock> remoteBlocks = new ArrayList<>();
    private final List<RemoteWorkload> remoteWorkloads = new ArrayList<>();
    private final List<PoolRouting> pools = new ArrayList<>();
    private final List<LearnedRoute> learned = new ArrayList<>();
    private boolean bgp;
    private int protocol = Route.PROTOCOL_GINGHAM;
    private String ipipDevice = IPIP_DEVICE;
    private String vxlanDevice = VXLAN_DEVICE;
    private String vxlanV6Device = VXLAN_V6_DEVICE;

    private Builder(String node) {
      this.node = Objects.requireNonNull(node, "node");
    }

    /** Adds this node's underlay address; at most one per family. */
    public Builder address(NodeAddress address) {
      for (NodeAddress a : addresses) {
        if (a.address().family() == address.address().family()) {
          throw new IllegalArgumentException(
              "node " + node + " already has " + a.address() + "; cannot add " + address.address());
        }
      }
      addresses.add(address);
      return this;
    }

    public Builder workload(LocalWorkload workload) {
      workloads.add(Objects.requireNonNull(workload, "workload"));
      return this;
    }

    public Builder localBlock(IpPrefix block) {
      localBlocks.add(Objects.requireNonNull(block, "block"));
      return this;
    }

    /** Adds another node; its name must be new. */
    public Builder remoteNode(RemoteNode remote) {
      if (remote.name().equals(node)) {
        throw new IllegalArgumentException("node " + node + " cannot be its own remote node");
      }
      if (remoteNodes.putIfAbsent(remote.name(), remote) != null) {
        throw new IllegalArgumentException("remote node " + remote.name() + " given twice");
      }
      return this;
    }

    public Builder remoteBlock(RemoteBlock block) {
      remoteBlocks.add(Objects.requireNonNull(block, "block"));
      return this;
    }

    public Builder remoteWorkload(RemoteWorkload workload) {
      remoteWorkloads.add(Objects.requireNonNull(workload, "workload"));
      return this;
    }

    public Builder pool(PoolRouting pool) {
      pools.add(Objects.requireNonNull(pool, "pool"));
      return this;
    }

    public Builder learned(LearnedRoute route) {
      learned.add(Objects.requireNonNull(route, "route"));
      return this;
    }

    /** Whether BGP runs; off by default. */
    public Builder bgp(boolean on) {
      this.bgp = on;
      return this;
    }

    /** The route protocol of the routes; {@value Route#PROTOCOL_GINGHAM} by default. */
    public Builder protocol(int protocol) {
      if (protocol < 0 || protocol > 255) {
        throw new IllegalArgumentException("route protocol must be 0..255, was " + protocol);
      }
      this.protocol = protocol;
      return this;
    }

    /** The tunnel devices' names; Calico's by default. */
    public Builder tunnelDevices(String ipip, String vxlan, String vxlanV6) {
      this.ipipDevice = InterfaceName.requireValid(ipip);
      this.vxlanDevice = InterfaceName.requireValid(vxlan);
      this.vxlanV6Device = InterfaceName.requireValid(vxlanV6);
      return this;
    }

    public RoutingInputs build() {
      return new RoutingInputs(this);
    }
  }
}
