package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A route: a prefix, its path attributes, and where it came from (a peer, or this speaker for a
 * locally originated route). Immutable and thread-safe.
 *
 * <p>A route learned from a peer that is restarting gracefully (RFC 4724) is {@link #stale()} until
 * the peer sends it again or the restart ends. A peer that sends several paths of one prefix
 * (ADD-PATH, RFC 7911) tells them apart by {@link #pathId()}; it is 0 otherwise.
 */
public final class BgpRoute {
  private final IpPrefix prefix;
  private final PathAttributes attributes;
  private final @Nullable IpAddress peer;
  private final boolean stale;
  private final int pathId;

  private BgpRoute(
      IpPrefix prefix,
      PathAttributes attributes,
      @Nullable IpAddress peer,
      boolean stale,
      int pathId) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.peer = peer;
    this.stale = stale;
    this.pathId = pathId;
  }

  /** A locally originated route, for {@link BgpSpeaker#announce(BgpRoute)}. */
  public static BgpRoute of(IpPrefix prefix, PathAttributes attributes) {
    return new BgpRoute(prefix, attributes, null, false, 0);
  }

  /** A route learned from {@code peer}. */
  public static BgpRoute learned(
      IpPrefix prefix, PathAttributes attributes, IpAddress peer, boolean stale) {
    return learned(prefix, attributes, peer, stale, 0);
  }

  /**
   * A route learned from {@code peer} with the path identifier it sent (ADD-PATH), as an unsigned
   * 32-bit value.
   */
  public static BgpRoute learned(
      IpPrefix prefix, PathAttributes attributes, IpAddress peer, boolean stale, int pathId) {
    return new BgpRoute(prefix, attributes, Objects.requireNonNull(peer, "peer"), stale, pathId);
  }

  /**
   * An advertised route with the path identifier this speaker sent it with (ADD-PATH), as {@link
   * BgpSpeaker#ribOut(IpAddress)} reports it.
   */
  public static BgpRoute advertised(IpPrefix prefix, PathAttributes attributes, int pathId) {
    return new BgpRoute(prefix, attributes, null, false, pathId);
  }

  /** The destination. */
  public IpPrefix prefix() {
    return prefix;
  }

  /** The family of the destination. */
  public AddressFamily family() {
    return AddressFamily.unicast(prefix.family());
  }

  /** The path attributes. */
  public PathAttributes attributes() {
    return attributes;
  }

  /** The peer it was learned from, or null if this speaker originated it. */
  public @Nullable IpAddress peer() {
    return peer;
  }

  /** Whether this speaker originated it. */
  public boolean isLocal() {
    return peer == null;
  }

  /** Whether it is kept only because its peer is restarting gracefully. */
  public boolean stale() {
    return stale;
  }

  /**
   * The path identifier (RFC 7911) the route was received or sent with, an unsigned 32-bit value; 0
   * on a session without ADD-PATH.
   */
  public int pathId() {
    return pathId;
  }

  /** This route with other attributes. */
  public BgpRoute withAttributes(PathAttributes attributes) {
    return new BgpRoute(prefix, attributes, peer, stale, pathId);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BgpRoute)) {
      return false;
    }
    BgpRoute r = (BgpRoute) o;
    return r.prefix.equals(prefix)
        && r.attributes.equals(attributes)
        && Objects.equals(r.peer, peer)
        && r.stale == stale
        && r.pathId == pathId;
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, attributes, peer, stale, pathId);
  }

  @Override
  public String toString() {
    return prefix
        + " from "
        + (peer == null ? "local" : peer)
        + (pathId != 0 ? " path " + Integer.toUnsignedString(pathId) : "")
        + (stale ? " (stale)" : "")
        + ": "
        + attributes;
  }
}
