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
 */
public final class ImportPipeline implements UpdateHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ImportPipeline.class);

  private final PrefixIndex index;
  private final LocRib locRib;
  private final AdjRibIn adjRibIn;
  private final PathSource source;
  private final long localAs;
  private final int routerId;
  private final PeerConfig config;
  private final UnaryOperator<PathAttributes> interner;
  private final Consumer<AddressFamily> endOfRib;
  private long malformed;
  // The prefixes of one UPDATE share their attributes: the last decision is reused for them.
  private @Nullable PathAttributes lastAttributes;
  private @Nullable Candidate lastCandidate;

  /**
   * A pipeline for one session.
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
    this.index = index;
    this.locRib = locRib;
    this.adjRibIn = adjRibIn;
    this.source = source;
    this.localAs = localAs;
    this.routerId = routerId;
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
  public void withdrawIpv4(int address, int length) {
    withdraw(index.findIpv4(address, length));
  }

  @Override
  public void withdrawIpv6(long high, long low, int length) {
    withdraw(index.ipv6(high, low, length));
  }

  private void withdraw(int id) {
    if (id >= 0 && adjRibIn.get(id) != null) {
      locRib.update(id, source, null);
      adjRibIn.remove(id);
    }
  }

  @Override
  public void announceIpv4(int address, int length, PathAttributes attributes) {
    announce(index.ipv4(address, length), attributes);
  }

  @Override
  public void announceIpv6(long high, long low, int length, PathAttributes attributes) {
    announce(index.ipv6(high, low, length), attributes);
  }

  private void announce(int id, PathAttributes attributes) {
    adjRibIn.put(id, attributes);
    locRib.update(id, source, candidate(id, attributes));
  }

  /** The candidate a received route becomes, or null if loop detection or policy rejects it. */
  private @Nullable Candidate candidate(int id, PathAttributes attributes) {
    if (attributes == lastAttributes) {
      return lastCandidate;
    }
    if (source.external() ? attributes.asPath().contains(localAs) : isOwnOriginator(attributes)) {
      return null;
    }
    RoutePolicy policy = config.importPolicy();
    if (policy == RoutePolicy.ACCEPT_ALL) {
      if (attributes != lastAttributes) {
        lastAttributes = attributes;
        lastCandidate = source.candidate(attributes);
      }
      return lastCandidate;
    }
    IpAddress peer = config.address();
    RouteDecision decision;
    try {
      decision =
          policy.evaluate(BgpRoute.learned(index.prefix(id), attributes, peer, false), config);
    } catch (RuntimeException e) {
      LOG.warn(
          "import policy of {} failed on {}; the route is rejected", peer, index.prefix(id), e);
      return null;
    }
    if (!decision.accepted()) {
      return null;
    }
    return source.candidate(interner.apply(decision.attributesOr(attributes)));
  }

  private boolean isOwnOriginator(PathAttributes attributes) {
    Ipv4Address originator = attributes.originatorId();
    return originator != null && originator.toInt() == routerId;
  }

  /** Runs every held route through the import policy again, after a policy change. */
  public void reimport() {
    for (int id : adjRibIn.ids()) {
      PathAttributes a = adjRibIn.get(id);
      if (a != null) {
        locRib.update(id, source, candidate(id, a));
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
      withdraw(id);
    }
  }

  /** Withdraws the routes still stale, as at End-of-RIB or when the restart time runs out. */
  public int dropStale(@Nullable AddressFamily family) {
    int dropped = 0;
    if (adjRibIn.staleCount() == 0) {
      return 0;
    }
    for (int id : adjRibIn.ids()) {
      if (adjRibIn.isStale(id) && (family == null || familyOf(id) == family)) {
        withdraw(id);
        dropped++;
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
