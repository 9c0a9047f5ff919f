package dev.gingham.core;

import dev.gingham.internal.agent.AgentEngine;
import dev.gingham.internal.agent.AgentSettings;
import dev.gingham.internal.agent.AutodetectionMethod;
import dev.gingham.internal.agent.SharedAgents;
import dev.gingham.net.Ipv4Address;
import dev.gingham.policy.Labels;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.datastore.Datastore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Makes {@link NodeAgent}s. */
public final class NodeAgents {
  /** Where the workload MTU is written for the CNI plugin, as Calico writes it. */
  public static final Path DEFAULT_MTU_FILE = Path.of("/var/lib/gingham/mtu");

  private NodeAgents() {}

  /**
   * A builder of the agent of node {@code nodeName} over a datastore and a dataplane; the agent
   * programs the dataplane's host namespace unless {@link Builder#namespace} says otherwise.
   */
  public static Builder builder(Datastore datastore, Dataplane dataplane, String nodeName) {
    return new Builder(datastore, dataplane, nodeName);
  }

  /**
   * A group for the agents of many nodes in this JVM over one datastore, which share one syncer and
   * a few threads (see {@link AgentGroup}); give it to each with {@link Builder#group}. It starts
   * following the datastore at once.
   */
  public static AgentGroup group(Datastore datastore) {
    return new SharedAgents(Objects.requireNonNull(datastore, "datastore"));
  }

  /**
   * Checks an IP auto-detection method as Calico spells it: {@code first-found}, {@code
   * can-reach=DEST}, {@code interface=REGEX}, {@code skip-interface=REGEX} or {@code
   * cidr=CIDR[,CIDR...]}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static String requireAutodetectionMethod(String method) {
    AutodetectionMethod.parse(method);
    return method;
  }

  /** Builds and starts a {@link NodeAgent}. Not thread-safe. */
  public static final class Builder {
    private final Datastore datastore;
    private final Dataplane dataplane;
    private final String nodeName;
    private @Nullable NetworkNamespace namespace;
    private AutodetectionMethod autodetection = AutodetectionMethod.parse("first-found");
    private Labels labels = Labels.empty();
    private @Nullable Long asNumber;
    private @Nullable Ipv4Address routeReflectorClusterId;
    private @Nullable Path mtuFile;
    private String workloadInterfacePrefix = "gw";
    private Duration leaseTtl = Duration.ofSeconds(30);
    private Duration holdTime = Duration.ofSeconds(9);
    private final List<NodeAgent.Listener> listeners = new ArrayList<>();
    private @Nullable SharedAgents group;

    private Builder(Datastore datastore, Dataplane dataplane, String nodeName) {
      this.datastore = Objects.requireNonNull(datastore, "datastore");
      this.dataplane = Objects.requireNonNull(dataplane, "dataplane");
      this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    }

    /** The namespace the node's kernel state lives in; the dataplane's host by default. */
    public Builder namespace(NetworkNamespace namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /**
     * How the node's address is found; {@code first-found} by default.
     *
     * @throws IllegalArgumentException if the method is malformed
     */
    public Builder ipAutodetection(String method) {
      this.autodetection = AutodetectionMethod.parse(method);
      return this;
    }

    /** The node's labels, which BGPPeer node selectors and pools' node selectors read. */
    public Builder labels(Map<String, String> labels) {
      this.labels = Labels.of(labels);
      return this;
    }

    /** The node's own AS; else the BGPConfiguration's, else 64512. */
    public Builder asNumber(long asNumber) {
      if (asNumber < 1 || asNumber > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("AS number must be 1..4294967295, was " + asNumber);
      }
      this.asNumber = asNumber;
      return this;
    }

    /** Makes the node a route reflector of this cluster id. */
    public Builder routeReflectorClusterId(Ipv4Address clusterId) {
      this.routeReflectorClusterId = Objects.requireNonNull(clusterId, "clusterId");
      return this;
    }

    /**
     * Where the workload MTU is written; not written unless set (see {@link #DEFAULT_MTU_FILE}).
     */
    public Builder mtuFile(Path file) {
      this.mtuFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The prefix of workloads' host-side interfaces; {@code gw} by default. */
    public Builder workloadInterfacePrefix(String prefix) {
      this.workloadInterfacePrefix =
          NftablesOptions.builder()
              .workloadInterfacePrefix(prefix)
              .build()
              .workloadInterfacePrefix();
      return this;
    }

    /** The node's liveness lease; 30 s by default, renewed at a third of it. */
    public Builder leaseTtl(Duration ttl) {
      if (ttl.compareTo(Duration.ofSeconds(3)) < 0) {
        throw new IllegalArgumentException("lease TTL must be at least 3 s, was " + ttl);
      }
      this.leaseTtl = ttl;
      return this;
    }

    /** The BGP hold time offered to peers; 9 s by default, so that a dead node is noticed fast. */
    public Builder holdTime(Duration holdTime) {
      if (holdTime.getSeconds() < 3) {
        throw new IllegalArgumentException("hold time must be at least 3 s, was " + holdTime);
      }
      this.holdTime = holdTime;
      return this;
    }

    /**
     * Runs the agent in a group made by {@link NodeAgents#group} over the same datastore: on its
     * shared syncer and threads rather than its own.
     *
     * @throws IllegalArgumentException if the group was not made by {@link NodeAgents#group}
     */
    public Builder group(AgentGroup group) {
      Objects.requireNonNull(group, "group");
      if (!(group instanceof SharedAgents)) {
        throw new IllegalArgumentException(
            "not a group made by NodeAgents.group: " + group.getClass().getName());
      }
      this.group = (SharedAgents) group;
      return this;
    }

    /** Adds a listener for metrics. */
    public Builder listener(NodeAgent.Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Starts the agent: it registers the node and syncs; see {@link NodeAgent#awaitReady}. */
    public NodeAgent start() {
      NetworkNamespace ns = namespace != null ? namespace : dataplane.namespaces().host();
      AgentSettings s =
          new AgentSettings(
              nodeName,
              autodetection,
              labels,
              asNumber,
              routeReflectorClusterId,
              mtuFile,
              workloadInterfacePrefix,
              leaseTtl,
              holdTime,
              listeners);
      return AgentEngine.start(datastore, dataplane, ns, s, group);
    }
  }
}
