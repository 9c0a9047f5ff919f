package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.RouteDecision;
import dev.gingham.bgp.RoutePolicy;
import dev.gingham.internal.bgp.wire.UpdateHandler;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the routes one session decodes into its peer's Adj-RIB-In and, through loop detection and
 * the import policy, into the Loc-RIB. With the accept-all policy the path of an announcement
 * allocates nothing once the prefix and its attribute set are known. Not thread-safe.
 *
 * <p>Loop detection: on eBGP, an AS_PATH that holds the local AS; on iBGP (RFC 4456 section 8), an
 * ORIGINATOR_ID equal to this speaker's BGP identifier or a CLUSTER_LIST that holds its cluster id.
 * A looped route stays in the Adj-RIB-In but is not a candidate.
 */
public final class ImportPipeline implements UpdateHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ImportPipeline.class);

  private final PrefixIndex index;
  private final LocRib locRib;
  private final AdjRibIn adjRibIn;
  private final PathSource source;
  private final long localAs;
  private final int routerId;
  private final int clusterId;
  private final PeerConfig config;
  private final UnaryOperator<PathAttributes> interner;
  private final Consumer<AddressFamily> endOfRib;
  private long malformed;
  // The prefixes of one UPDATE share their attributes: the last decision is reused for them.
  private @Nullable PathAttributes lastAttributes;
  private int lastPathId;
  private @Nullable Candidate lastCandidate;

  /**
   * A pipeline for one session, with the router id as cluster id.
   *
   * @param localAs the AS presented to this peer, for loop detection
   * @param routerId this speaker's BGP identifier, for ORIGINATOR_ID loop detection
   * @param endOfRib told when the peer sends End-of-RIB
   */
  public ImportPipeline(
      PrefixIndex index,
      LocRib locRib,
      AdjRibIn adjRibIn,
      PathSource source,
      long localAs,
      int routerId,
      PeerConfig config,
      UnaryOperator<PathAttributes> interner,
      Consumer<AddressFamily> endOfRib) {
    this(index, locRib, adjRibIn, source, localAs, routerId, routerId, config, interner, endOfRib);
  }

  /**
   * A pipeline for one session.
   *
   * @param localAs the AS presented to this peer, for loop detection
   * @param routerId this speaker's BGP identifier, for ORIGINATOR_ID loop detection
   * @param clusterId this speaker's cluster id, for CLUSTER_LIST loop detection
   * @param endOfRib told when the peer sends End-of-RIB
   */
  public ImportPipeline(
      PrefixIndex index,
      LocRib locRib,
      AdjRibIn adjRibIn,
      PathSource source,
      long localAs,
      int routerId,
      int clusterId,
      PeerConfig config,
      UnaryOperator<PathAttributes> interner,
      Consumer<AddressFamily> endOfRib) {
    this.index = index;
    this.locRib = locRib;
    this.adjRibIn = adjRibIn;
    this.source = source;
    this.localAs = localAs;
    this.routerId = routerId;
    this.clusterId = clusterId;
    this.config = config;
    this.interner = interner;
    this.endOfRib = endOfRib;
  }

  /** The source this pipeline feeds the Loc-RIB from. */
  public PathSource source() {
    return source;
  }

  /** The number of UPDATEs treated as withdrawals or with discarded attributes. */
  public long malformedCount() {
    return malformed;
  }

  @Override
  public void withdrawIpv4(int pathId, int address, int length) {
    withdraw(index.findIpv4(address, length), pathId);
  }

  @Override
  public void withdrawIpv6(int pathId, long high, long low, int length) {
    int id =
        index.find(dev.gingham.net.IpPrefix.of(dev.gingham.net.Ipv6Address.of(high, low), length));
    withdraw(id, pathId);
  }

  private void withdraw(int id, int pathId) {
    if (id >= 0 && adjRibIn.get(id, pathId) != null) {
      locRib.update(id, source, pathId, null);
      adjRibIn.remove(id, pathId);
    }
  }

  @Override
  public void announceIpv4(int pathId, int address, int length, PathAttributes attributes) {
    announce(index.ipv4(address, length), pathId, attributes);
  }

  @Override
  public void announceIpv6(int pathId, long high, long low, int length, PathAttributes attributes) {
    announce(index.ipv6(high, low, length), pathId, attributes);
  }

  /** Stores a route as if the peer had sent it, e.g. from a table injected as this peer's. */
  public void announce(int id, int pathId, PathAttributes attributes) {
    adjRibIn.put(id, pathId, attributes);
    locRib.update(id, source, pathId, candidate(id, pathId, attributes));
  }

  /** The candidate a received route becomes, or null if loop detection or policy rejects it. */
  private @Nullable Candidate candidate(int id, int pathId, PathAttributes attributes) {
    if (attributes == lastAttributes && pathId == lastPathId) {
      return lastCandidate;
    }
    if (looped(attributes)) {
      return null;
    }
    RoutePolicy policy = config.importPolicy();
    if (policy == RoutePolicy.ACCEPT_ALL) {
      lastAttributes = attributes;
      lastPathId = pathId;
      lastCandidate = source.candidate(pathId, attributes);
      return lastCandidate;
    }
    IpAddress peer = config.address();
    RouteDecision decision;
    try {
      decision =
          policy.evaluate(
              BgpRoute.learned(index.prefix(id), attributes, peer, false, pathId), config);
    } catch (RuntimeException e) {
      LOG.warn(
          "import policy of {} failed on {}; the route is rejected", peer, index.prefix(id), e);
      return null;
    }
    if (!decision.accepted()) {
      return null;
    }
    return source.candidate(pathId, interner.apply(decision.attributesOr(attributes)));
  }

  private boolean looped(PathAttributes attributes) {
    if (source.external()) {
      return attributes.asPath().contains(localAs);
    }
    Ipv4Address originator = attributes.originatorId();
    if (originator != null && originator.toInt() == routerId) {
      return true;
    }
    for (Ipv4Address cluster : attributes.clusterList()) {
      if (cluster.toInt() == clusterId) {
        return true;
      }
    }
    return false;
  }

  /** Runs every held route through the import policy again, after a policy change. */
  public void reimport() {
    lastAttributes = null;
    lastCandidate = null;
    for (int id : adjRibIn.ids()) {
      for (int k = adjRibIn.pathCount(id) - 1; k >= 0; k--) {
        int pathId = adjRibIn.pathIdAt(id, k);
        locRib.update(id, source, pathId, candidate(id, pathId, adjRibIn.attributesAt(id, k)));
      }
    }
  }

  /** Whether a held route is accepted into the Loc-RIB. */
  public boolean isAccepted(int id) {
    for (Candidate c : locRib.candidates(id)) {
      if (c.source() == source) {
        return true;
      }
    }
    return false;
  }

  /** Withdraws every route of this peer from the Loc-RIB and empties its Adj-RIB-In. */
  public void dropAll() {
    for (int id : adjRibIn.ids()) {
      for (int k = adjRibIn.pathCount(id) - 1; k >= 0; k--) {
        withdraw(id, adjRibIn.pathIdAt(id, k));
      }
    }
  }

  /** Withdraws the paths still stale, as at End-of-RIB or when the restart time runs out. */
  public int dropStale(@Nullable AddressFamily family) {
    int dropped = 0;
    if (adjRibIn.staleCount() == 0) {
      return 0;
    }
    for (int id : adjRibIn.ids()) {
      if (family != null && familyOf(id) != family) {
        continue;
      }
      for (int k = adjRibIn.pathCount(id) - 1; k >= 0; k--) {
        if (adjRibIn.isStaleAt(id, k)) {
          withdraw(id, adjRibIn.pathIdAt(id, k));
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** The family of a prefix id. */
  public AddressFamily familyOf(int id) {
    return index.isIpv4(id) ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
  }

  @Override
  public void endOfRib(AddressFamily family) {
    endOfRib.accept(family);
  }

  @Override
  public void malformed(String reason) {
    malformed++;
    LOG.warn("UPDATE from {}: {}", config.address(), reason);
  }
}
