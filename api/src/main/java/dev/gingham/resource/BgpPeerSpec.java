package dev.gingham.resource;

import dev.gingham.net.IpAddress;
import dev.gingham.policy.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A BGP peering (Calico's {@code BGPPeer}): which nodes peer ({@code node}, or those {@code
 * nodeSelector} matches, or all) and with whom (the router at {@code peerIP} in AS {@code
 * asNumber}, or the nodes {@code peerSelector} matches). Immutable; build one with {@link
 * #builder()}, which checks what Calico checks.
 *
 * @param node the one node that peers, or null
 * @param nodeSelector the nodes that peer, or null (with {@code node} null too: every node)
 * @param peerIp the peer's address, or null when {@code peerSelector} names the peers
 * @param peerPort the peer's port, or 0 for BGP's 179
 * @param asNumber the peer's AS with {@code peerIp}; 0 with {@code peerSelector} (the nodes' own)
 * @param peerSelector the nodes to peer with, or null
 * @param keepOriginalNextHop whether routes to the peer keep their next hop
 * @param sourceAddress which address the session starts from
 * @param maxRestartTime how long the peer's routes are kept when it restarts gracefully, or null
 *     for the default
 * @param numAllowedLocalAsNumbers how often our own AS may appear in a received AS path, 0 to 10
 * @param ttlSecurity the hop count of the Generalized TTL Security Mechanism, 0 (off) to 255
 * @param reachableBy the gateway to the peer, for peers several hops away, or null
 * @param filters the names of the BGP filters applied to the peering, in order
 */
public record BgpPeerSpec(
    @Nullable String node,
    @Nullable Selector nodeSelector,
    @Nullable IpAddress peerIp,
    int peerPort,
    long asNumber,
    @Nullable Selector peerSelector,
    boolean keepOriginalNextHop,
    SourceAddress sourceAddress,
    @Nullable Duration maxRestartTime,
    int numAllowedLocalAsNumbers,
    int ttlSecurity,
    @Nullable IpAddress reachableBy,
    List<String> filters) {

  /** The largest AS number: 4-octet ASes. */
  public static final long MAX_AS_NUMBER = 0xFFFF_FFFFL;

  /** Which address a session starts from. */
  public enum SourceAddress {
    /** The node's own address (its BGP address). */
    USE_NODE_IP("UseNodeIP"),
    /** Whatever the kernel picks. */
    NONE("None");

    private final String text;

    SourceAddress(String text) {
      this.text = text;
    }

    /** Calico's spelling: {@code UseNodeIP} or {@code None}. */
    public String text() {
      return text;
    }

    /**
     * The value Calico spells this way.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static SourceAddress parse(String text) {
      for (SourceAddress s : values()) {
        if (s.text.equals(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "source address must be UseNodeIP or None, was '" + text + "'");
    }
  }

  public BgpPeerSpec {
    Objects.requireNonNull(sourceAddress, "sourceAddress");
    filters = List.copyOf(filters);
    if (node != null) {
      ObjectMeta.requireName("spec.node", node);
      if (nodeSelector != null) {
        throw new InvalidResourceException(
            "spec.nodeSelector", "give node or nodeSelector, not both (node is '" + node + "')");
      }
    }
    if ((peerIp == null) == (peerSelector == null)) {
      throw new InvalidResourceException(
          "spec.peerIP",
          peerIp == null
              ? "give peerIP (with asNumber) or peerSelector"
              : "give peerIP or peerSelector, not both");
    }
    if (peerIp != null) {
      requireAs("spec.asNumber", asNumber);
    } else if (asNumber != 0) {
      throw new InvalidResourceException(
          "spec.asNumber",
          "must be left out with peerSelector (the selected nodes' own AS is used), was "
              + asNumber);
    }
    if (peerPort < 0 || peerPort > 65535 || (peerSelector != null && peerPort != 0)) {
      throw new InvalidResourceException(
          "spec.peerIP",
          peerSelector != null
              ? "a port needs a peerIP"
              : "port " + peerPort + " is out of range 1..65535");
    }
    if (maxRestartTime != null && maxRestartTime.isNegative()) {
      throw new InvalidResourceException(
          "spec.maxRestartTime", "must not be negative, was " + maxRestartTime);
    }
    if (numAllowedLocalAsNumbers < 0 || numAllowedLocalAsNumbers > 10) {
      throw new InvalidResourceException(
          "spec.numAllowedLocalASNumbers", "must be 0..10, was " + numAllowedLocalAsNumbers);
    }
    if (ttlSecurity < 0 || ttlSecurity > 255) {
      throw new InvalidResourceException(
          "spec.ttlSecurity", "must be 0..255 hops, was " + ttlSecurity);
    }
    if (reachableBy != null && peerIp != null && reachableBy.family() != peerIp.family()) {
      throw new InvalidResourceException(
          "spec.reachableBy",
          "gateway " + reachableBy + " is not of the family of peerIP " + peerIp);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < filters.size(); i++) {
      ObjectMeta.requireName("spec.filters[" + i + "]", filters.get(i));
      if (!seen.add(filters.get(i))) {
        throw new InvalidResourceException(
            "spec.filters[" + i + "]", "filter '" + filters.get(i) + "' is named twice");
      }
    }
  }

  /** Checks an AS number: 1 to {@value #MAX_AS_NUMBER}. */
  static long requireAs(String field, long asNumber) {
    if (asNumber < 1 || asNumber > MAX_AS_NUMBER) {
      throw new InvalidResourceException(
          field, "AS number must be 1.." + MAX_AS_NUMBER + ", was " + asNumber);
    }
    return asNumber;
  }

  /** Whether every node peers: neither {@code node} nor {@code nodeSelector} is set. */
  public boolean isGlobal() {
    return node == null && nodeSelector == null;
  }

  /** A builder with nothing set: source address {@code UseNodeIP}, no filters. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.node = node;
    b.nodeSelector = nodeSelector;
    b.peerIp = peerIp;
    b.peerPort = peerPort;
    b.asNumber = asNumber;
    b.peerSelector = peerSelector;
    b.keepOriginalNextHop = keepOriginalNextHop;
    b.sourceAddress = sourceAddress;
    b.maxRestartTime = maxRestartTime;
    b.numAllowedLocalAsNumbers = numAllowedLocalAsNumbers;
    b.ttlSecurity = ttlSecurity;
    b.reachableBy = reachableBy;
    b.filters = new ArrayList<>(filters);
    return b;
  }

  /** Builds a {@link BgpPeerSpec}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String node;
    private @Nullable Selector nodeSelector;
    private @Nullable IpAddress peerIp;
    private int peerPort;
    private long asNumber;
    private @Nullable Selector peerSelector;
    private boolean keepOriginalNextHop;
    private SourceAddress sourceAddress = SourceAddress.USE_NODE_IP;
    private @Nullable Duration maxRestartTime;
    private int numAllowedLocalAsNumbers;
    private int ttlSecurity;
    private @Nullable IpAddress reachableBy;
    private List<String> filters = new ArrayList<>();

    private Builder() {}

    public Builder node(@Nullable String v) {
      node = v;
      return this;
    }

    public Builder nodeSelector(@Nullable Selector v) {
      nodeSelector = v;
      return this;
    }

    /** The peer's address, on BGP's port. */
    public Builder peerIp(@Nullable IpAddress v) {
      peerIp = v;
      return this;
    }

    /** The peer's port; 0 for 179. */
    public Builder peerPort(int v) {
      peerPort = v;
      return this;
    }

    public Builder asNumber(long v) {
      asNumber = v;
      return this;
    }

    public Builder peerSelector(@Nullable Selector v) {
      peerSelector = v;
      return this;
    }

    public Builder keepOriginalNextHop(boolean v) {
      keepOriginalNextHop = v;
      return this;
    }

    public Builder sourceAddress(SourceAddress v) {
      sourceAddress = Objects.requireNonNull(v, "sourceAddress");
      return this;
    }

    public Builder maxRestartTime(@Nullable Duration v) {
      maxRestartTime = v;
      return this;
    }

    public Builder numAllowedLocalAsNumbers(int v) {
      numAllowedLocalAsNumbers = v;
      return this;
    }

    public Builder ttlSecurity(int v) {
      ttlSecurity = v;
      return this;
    }

    public Builder reachableBy(@Nullable IpAddress v) {
      reachableBy = v;
      return this;
    }

    public Builder filters(List<String> v) {
      filters = new ArrayList<>(v);
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws InvalidResourceException naming the field that is wrong
     */
    public BgpPeerSpec build() {
      return new BgpPeerSpec(
          node,
          nodeSelector,
          peerIp,
          peerPort,
          asNumber,
          peerSelector,
          keepOriginalNextHop,
          sourceAddress,
          maxRestartTime,
          numAllowedLocalAsNumbers,
          ttlSecurity,
          reachableBy,
          filters);
    }
  }
}
