package dev.gingham.core;

import dev.gingham.bgp.PeerStatus;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A running node agent: felix, BIRD and confd of Calico in one object. It registers its node,
 * follows the datastore with a syncer, runs the BGP speaker whose peers follow the datastore,
 * programs routes, tunnels and the packet filter through the dataplane, and converges by
 * recomputing from the cache, never by replaying. Nothing is written to the dataplane before the
 * syncer is {@link SyncState#IN_SYNC in sync}; a datastore outage leaves the dataplane as it is.
 *
 * <p>Made by {@link NodeAgents#builder}. Thread-safe; {@link #close()} stops it and leaves the
 * dataplane as it is, so that a restarted agent takes over without a flush.
 */
public interface NodeAgent extends AutoCloseable {
  /** The states of the syncer, as Calico's felix names them. */
  enum SyncState {
    /** The datastore has not been reached yet, or was lost. */
    WAIT_FOR_DATASTORE,
    /** Listing the datastore; the cache is not complete. */
    RESYNCING,
    /** The cache holds the datastore's state and follows its changes. */
    IN_SYNC
  }

  /**
   * A BGP peer of the node and why it is one.
   *
   * @param type {@code mesh} (another node of the full mesh), {@code global} (a BGPPeer for every
   *     node) or {@code node} (a BGPPeer selecting this node)
   * @param status the speaker's view of the peer
   */
  record Peer(String type, PeerStatus status) {
    public Peer {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * What the agent holds now.
   *
   * @param node the node's name
   * @param address the node's detected underlay address with its prefix length, or null before
   *     registration
   * @param asNumber the node's AS
   * @param syncState the syncer's state
   * @param peers the BGP peers
   * @param blocks the IPAM blocks affine to this node that it exports
   * @param routes the routes it programs (its protocol's)
   * @param vxlanTunnelAddress the address of its VXLAN device, or null when no pool uses VXLAN
   * @param mtu the workload MTU it computed, or 0 before the first pass
   * @param applies how many passes it made since start
   * @param dataplaneErrors how many dataplane operations failed since start
   */
  record Status(
      String node,
      @Nullable String address,
      long asNumber,
      SyncState syncState,
      List<Peer> peers,
      List<IpPrefix> blocks,
      List<Route> routes,
      @Nullable IpAddress vxlanTunnelAddress,
      int mtu,
      long applies,
      long dataplaneErrors) {
    public Status {
      peers = List.copyOf(peers);
      blocks = List.copyOf(blocks);
      routes = List.copyOf(routes);
    }
  }

  /** Hooks for metrics; called on the agent's thread, so they must be quick. */
  interface Listener {
    /** A policy change was applied to the packet filter, taking {@code latency}. */
    default void policyApplied(Duration latency) {}

    /** A dataplane operation failed. */
    default void dataplaneError(String what, RuntimeException error) {}

    /** A pass over the cache finished. */
    default void passFinished(Duration took) {}
  }

  /** The node's name. */
  String nodeName();

  /** The syncer's state now. */
  SyncState syncState();

  /** A snapshot of what the agent holds. */
  Status status();

  /**
   * Waits until the syncer is in sync and one pass has been applied after it.
   *
   * @return whether that happened within the timeout
   */
  boolean awaitReady(Duration timeout) throws InterruptedException;

  /** Whether the last pass finished and the syncer is in sync. */
  boolean ready();

  /**
   * Stops the agent: the speaker closes its sessions, the syncer its watch. Routes, tunnels and
   * rules stay in the dataplane. Idempotent.
   */
  @Override
  void close();
}
