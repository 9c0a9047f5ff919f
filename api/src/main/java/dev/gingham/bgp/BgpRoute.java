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
 * the peer sends it again or the restart ends.
 */
public final class BgpRoute {
  private final IpPrefix prefix;
  private final PathAttributes attributes;
  private final @Nullable IpAddress peer;
  private final boolean stale;

  private BgpRoute(
      IpPrefix prefix, PathAttributes attributes, @Nullable IpAddress peer, boolean stale) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.peer = peer;
    this.stale = stale;
  }

  /** A locally originated route, for {@link BgpSpeaker#announce(BgpRoute)}. */
  public static BgpRoute of(IpPrefix prefix, PathAttributes attributes) {
    return new BgpRoute(prefix, attributes, null, false);
  }

  /** A route learned from {@code peer}. */
  public static BgpRoute learned(
      IpPrefix prefix, PathAttributes attributes, IpAddress peer, boolean stale) {
    return new BgpRoute(prefix, attributes, Objects.requireNonNull(peer, "peer"), stale);
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

  /** This route with other attributes. */
  public BgpRoute withAttributes(PathAttributes attributes) {
    return new BgpRoute(prefix, attributes, peer, stale);
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
        && r.stale == stale;
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, attributes, peer, stale);
  }

  @Override
  public String toString() {
    return prefix
        + " from "
        + (peer == null ? "local" : peer)
        + (stale ? " (stale)" : "")
        + ": "
        + attributes;
  }
}
