package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The path attributes of a route (RFC 4271 section 5, RFC 1997, RFC 8092, RFC 4456): immutable,
 * with value equality, so that the engine interns them and routes that share attributes share one
 * instance. Build them with {@link #builder()}; change one with {@link #toBuilder()}.
 *
 * <p>MED and LOCAL_PREF are optional: {@link #hasMed()} and {@link #hasLocalPref()} say whether
 * they are present. The next hop is the route's own family's next hop, whether it came in the
 * NEXT_HOP attribute or in MP_REACH_NLRI; it is null only for attributes not yet bound to a next
 * hop (a locally originated route whose next hop the speaker fills in per peer).
 *
 * <p>Instances are thread-safe. Their hash code is computed once.
 */
public final class PathAttributes {
  /** LOCAL_PREF when a route carries none: 100, as in every common implementation. */
  public static final long DEFAULT_LOCAL_PREF = 100;

  private final Origin origin;
  private final AsPath asPath;
  private final @Nullable IpAddress nextHop;
  // MED and LOCAL_PREF are unsigned 32-bit values, stored in ints: a hundred thousand sets each
  // save eight bytes.
  private final int med;
  private final boolean hasMed;
  private final int localPref;
  private final boolean hasLocalPref;
  private final boolean atomicAggregate;
  private final @Nullable Aggregator aggregator;
  private final List<Community> communities;
  private final List<LargeCommunity> largeCommunities;
  private final @Nullable Ipv4Address originatorId;
  private final List<Ipv4Address> clusterList;
  private final List<UnknownAttribute> unknown;
  private final int hash;

  private PathAttributes(Builder b) {
    this.origin = b.origin;
    this.asPath = b.asPath;
    this.nextHop = b.nextHop;
    this.med = (int) b.med;
    this.hasMed = b.hasMed;
    this.localPref = (int) b.localPref;
    this.hasLocalPref = b.hasLocalPref;
    this.atomicAggregate = b.atomicAggregate;
    this.aggregator = b.aggregator;
    this.communities = List.copyOf(b.communities);
    this.largeCommunities = List.copyOf(b.largeCommunities);
    this.originatorId = b.originatorId;
    this.clusterList = List.copyOf(b.clusterList);
    this.unknown = List.copyOf(b.unknown);
    this.hash = computeHash();
  }

  /** A builder with ORIGIN IGP, an empty AS path and nothing else. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these attributes. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.origin = origin;
    b.asPath = asPath;
    b.nextHop = nextHop;
    b.med = Integer.toUnsignedLong(med);
    b.hasMed = hasMed;
    b.localPref = Integer.toUnsignedLong(localPref);
    b.hasLocalPref = hasLocalPref;
    b.atomicAggregate = atomicAggregate;
    b.aggregator = aggregator;
    b.communities = communities;
    b.largeCommunities = largeCommunities;
    b.originatorId = originatorId;
    b.clusterList = clusterList;
    b.unknown = unknown;
    return b;
  }

  /** ORIGIN. */
  public Origin origin() {
    return origin;
  }

  /** AS_PATH, merged with AS4_PATH when it came from a 2-octet peer. */
  public AsPath asPath() {
    return asPath;
  }

  /** The next hop, or null if not bound to one. */
  public @Nullable IpAddress nextHop() {
    return nextHop;
  }

  /** Whether MULTI_EXIT_DISC is present. */
  public boolean hasMed() {
    return hasMed;
  }

  /** MULTI_EXIT_DISC, or 0 when absent (RFC 4271 section 9.1.2.2 c: a missing MED is lowest). */
  public long med() {
    return Integer.toUnsignedLong(med);
  }

  /** Whether LOCAL_PREF is present. */
  public boolean hasLocalPref() {
    return hasLocalPref;
  }

  /** LOCAL_PREF, or {@link #DEFAULT_LOCAL_PREF} when absent. */
  public long localPref() {
    return Integer.toUnsignedLong(localPref);
  }

  /** Whether ATOMIC_AGGREGATE is present. */
  public boolean atomicAggregate() {
    return atomicAggregate;
  }

  /** AGGREGATOR, or null. */
  public @Nullable Aggregator aggregator() {
    return aggregator;
  }

  /** COMMUNITIES, in the order received. */
  public List<Community> communities() {
    return communities;
  }

  /** LARGE_COMMUNITY, in the order received. */
  public List<LargeCommunity> largeCommunities() {
    return largeCommunities;
  }

  /** ORIGINATOR_ID (RFC 4456), or null. */
  public @Nullable Ipv4Address originatorId() {
    return originatorId;
  }

  /** CLUSTER_LIST (RFC 4456), nearest first. */
  public List<Ipv4Address> clusterList() {
    return clusterList;
  }

  /** Attributes this speaker does not know, kept to pass on. */
  public List<UnknownAttribute> unknown() {
    return unknown;
  }

  private int computeHash() {
    int h = origin.hashCode();
    h = h * 31 + asPath.hashCode();
    h = h * 31 + Objects.hashCode(nextHop);
    h = h * 31 + med + (hasMed ? 1 : 0);
    h = h * 31 + localPref + (hasLocalPref ? 1 : 0);
    h = h * 31 + (atomicAggregate ? 1 : 0);
    h = h * 31 + Objects.hashCode(aggregator);
    h = h * 31 + communities.hashCode();
    h = h * 31 + largeCommunities.hashCode();
    h = h * 31 + Objects.hashCode(originatorId);
    h = h * 31 + clusterList.hashCode();
    return h * 31 + unknown.hashCode();
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof PathAttributes)) {
      return false;
    }
    PathAttributes p = (PathAttributes) o;
    return p.hash == hash
        && p.origin == origin
        && p.med == med
        && p.hasMed == hasMed
        && p.localPref == localPref
        && p.hasLocalPref == hasLocalPref
        && p.atomicAggregate == atomicAggregate
        && p.asPath.equals(asPath)
        && Objects.equals(p.nextHop, nextHop)
        && Objects.equals(p.aggregator, aggregator)
        && p.communities.equals(communities)
        && p.largeCommunities.equals(largeCommunities)
        && Objects.equals(p.originatorId, originatorId)
        && p.clusterList.equals(clusterList)
        && p.unknown.equals(unknown);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("origin ").append(origin);
    sb.append(", as-path [").append(asPath).append(']');
    if (nextHop != null) {
      sb.append(", next-hop ").append(nextHop);
    }
    if (hasMed) {
      sb.append(", med ").append(med);
    }
    if (hasLocalPref) {
      sb.append(", local-pref ").append(localPref);
    }
    if (atomicAggregate) {
      sb.append(", atomic-aggregate");
    }
    if (aggregator != null) {
      sb.append(", aggregator ").append(aggregator);
    }
    if (!communities.isEmpty()) {
      sb.append(", communities ").append(communities);
    }
    if (!largeCommunities.isEmpty()) {
      sb.append(", large-communities ").append(largeCommunities);
    }
    if (originatorId != null) {
      sb.append(", originator-id ").append(originatorId);
    }
    if (!clusterList.isEmpty()) {
      sb.append(", cluster-list ").append(clusterList);
    }
    for (UnknownAttribute u : unknown) {
      sb.append(", ").append(u);
    }
    return sb.toString();
  }

  /** Builds {@link PathAttributes}. Not thread-safe. */
  public static final class Builder {
    private Origin origin = Origin.IGP;
    private AsPath asPath = AsPath.EMPTY;
    private @Nullable IpAddress nextHop;
    private long med;
    private boolean hasMed;
    private long localPref = DEFAULT_LOCAL_PREF;
    private boolean hasLocalPref;
    private boolean atomicAggregate;
    private @Nullable Aggregator aggregator;
    // Lists are made when something goes in: a decoder builds many sets with few of them.
    private List<Community> communities = List.of();
    private List<LargeCommunity> largeCommunities = List.of();
    private @Nullable Ipv4Address originatorId;
    private List<Ipv4Address> clusterList = List.of();
    private List<UnknownAttribute> unknown = List.of();

    private Builder() {}

    /** Sets ORIGIN. */
    public Builder origin(Origin origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /** Sets AS_PATH. */
    public Builder asPath(AsPath asPath) {
      this.asPath = Objects.requireNonNull(asPath, "asPath");
      return this;
    }

    /** Sets the next hop; null unbinds it. */
    public Builder nextHop(@Nullable IpAddress nextHop) {
      this.nextHop = nextHop;
      return this;
    }

    /**
     * Sets MULTI_EXIT_DISC.
     *
     * @throws IllegalArgumentException if not in 0..4294967295
     */
    public Builder med(long med) {
      this.med = Asns.check(med, "MED");
      this.hasMed = true;
      return this;
    }

    /** Removes MULTI_EXIT_DISC. */
    public Builder clearMed() {
      this.med = 0;
      this.hasMed = false;
      return this;
    }

    /**
     * Sets LOCAL_PREF.
     *
     * @throws IllegalArgumentException if not in 0..4294967295
     */
    public Builder localPref(long localPref) {
      this.localPref = Asns.check(localPref, "LOCAL_PREF");
      this.hasLocalPref = true;
      return this;
    }

    /** Removes LOCAL_PREF. */
    public Builder clearLocalPref() {
      this.localPref = DEFAULT_LOCAL_PREF;
      this.hasLocalPref = false;
      return this;
    }

    /** Sets or clears ATOMIC_AGGREGATE. */
    public Builder atomicAggregate(boolean atomicAggregate) {
      this.atomicAggregate = atomicAggregate;
      return this;
    }

    /** Sets AGGREGATOR; null removes it. */
    public Builder aggregator(@Nullable Aggregator aggregator) {
      this.aggregator = aggregator;
      return this;
    }

    /** Replaces COMMUNITIES. */
    public Builder communities(List<Community> communities) {
      this.communities = List.copyOf(communities);
      return this;
    }

    /** Adds one community. */
    public Builder addCommunity(Community community) {
      Objects.requireNonNull(community, "community");
      if (!(this.communities instanceof ArrayList)) {
        this.communities = new ArrayList<>(this.communities);
      }
      this.communities.add(community);
      return this;
    }

    /** Replaces LARGE_COMMUNITY. */
    public Builder largeCommunities(List<LargeCommunity> largeCommunities) {
      this.largeCommunities = List.copyOf(largeCommunities);
      return this;
    }

    /** Adds one large community. */
    public Builder addLargeCommunity(LargeCommunity community) {
      Objects.requireNonNull(community, "community");
      if (!(this.largeCommunities instanceof ArrayList)) {
        this.largeCommunities = new ArrayList<>(this.largeCommunities);
      }
      this.largeCommunities.add(community);
      return this;
    }

    /** Sets ORIGINATOR_ID; null removes it. */
    public Builder originatorId(@Nullable Ipv4Address originatorId) {
      this.originatorId = originatorId;
      return this;
    }

    /** Replaces CLUSTER_LIST. */
    public Builder clusterList(List<Ipv4Address> clusterList) {
      this.clusterList = List.copyOf(clusterList);
      return this;
    }

    /** Replaces the unknown attributes. */
    public Builder unknown(List<UnknownAttribute> unknown) {
      this.unknown = List.copyOf(unknown);
      return this;
    }

    /** The attributes. */
    public PathAttributes build() {
      return new PathAttributes(this);
    }
  }
}
