package dev.gingham.internal.dataplane;

import dev.gingham.net.MacAddress;
import dev.gingham.spi.dataplane.Link;
import org.jspecify.annotations.Nullable;

/** A device of the simulation. Mutable; guarded by the world's lock. */
final class SimLink {
  final String kind;
  int index;
  String name;
  @Nullable MacAddress mac;
  int mtu;
  boolean up;
  SimNamespace namespace;

  /** A veth's other end, or null. */
  @Nullable SimLink peer;

  SimLink(
      SimNamespace namespace,
      int index,
      String name,
      String kind,
      @Nullable MacAddress mac,
      int mtu) {
    this.namespace = namespace;
    this.index = index;
    this.name = name;
    this.kind = kind;
    this.mac = mac;
    this.mtu = mtu;
  }

  /** Carrier: up, and for a veth its peer up too. */
  boolean lowerUp() {
    SimLink p = peer;
    return up && (p == null || p.up);
  }

  Link snapshot() {
    return new Link(index, name, kind, mac, mtu, up, lowerUp(), 0);
  }
}
