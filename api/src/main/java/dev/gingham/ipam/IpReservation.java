package dev.gingham.ipam;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Addresses that are never handed out, whatever pool they fall in: Calico's {@code IPReservation}.
 * Addresses already assigned when a reservation appears stay assigned until released. Immutable.
 */
public final class IpReservation {
  /** The most CIDRs one reservation may hold. */
  public static final int MAX_CIDRS = 1024;

  private final String name;
  private final List<IpPrefix> cidrs;

  private IpReservation(String name, List<IpPrefix> cidrs) {
    this.name = name;
    this.cidrs = cidrs;
  }

  /**
   * A reservation of these CIDRs, in the order given, duplicates dropped.
   *
   * @param name a DNS-1123 subdomain (see {@link IpamNames})
   * @throws IllegalArgumentException if the name is malformed, or there are no CIDRs or more than
   *     {@value #MAX_CIDRS}
   */
  public static IpReservation of(String name, List<IpPrefix> cidrs) {
    IpamNames.requireResourceName("reservation name", name);
    Objects.requireNonNull(cidrs, "cidrs");
    if (cidrs.isEmpty()) {
      throw new IllegalArgumentException("reservation '" + name + "' must hold at least one CIDR");
    }
    if (cidrs.size() > MAX_CIDRS) {
      throw new IllegalArgumentException(
          "reservation '"
              + name
              + "' holds "
              + cidrs.size()
              + " CIDRs, more than the limit of "
              + MAX_CIDRS);
    }
    List<IpPrefix> distinct = new ArrayList<>(cidrs.size());
    for (IpPrefix cidr : cidrs) {
      Objects.requireNonNull(cidr, "a CIDR of reservation '" + name + "'");
      if (!distinct.contains(cidr)) {
        distinct.add(cidr);
      }
    }
    return new IpReservation(name, List.copyOf(distinct));
  }

  /** A reservation of these CIDRs; see {@link #of(String, List)}. */
  public static IpReservation of(String name, IpPrefix... cidrs) {
    return of(name, Arrays.asList(cidrs));
  }

  /** The reservation's name. */
  public String name() {
    return name;
  }

  /** The reserved CIDRs. */
  public List<IpPrefix> cidrs() {
    return cidrs;
  }

  /** Whether the address is reserved by this reservation. */
  public boolean contains(IpAddress address) {
    for (IpPrefix cidr : cidrs) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpReservation
        && ((IpReservation) o).name.equals(name)
        && ((IpReservation) o).cidrs.equals(cidrs);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + cidrs.hashCode();
  }

  @Override
  public String toString() {
    return "IpReservation{" + name + ", " + cidrs + '}';
  }
}
