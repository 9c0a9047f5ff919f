package dev.gingham.ipam;

import dev.gingham.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses {@link Ipam#autoAssign} assigned, all to the request's handle.
 *
 * @param ipv4 the IPv4 addresses, as many as asked for
 * @param ipv6 the IPv6 addresses, as many as asked for
 */
public record AssignResult(List<IpAddress> ipv4, List<IpAddress> ipv6) {
  public AssignResult {
    ipv4 = List.copyOf(ipv4);
    ipv6 = List.copyOf(ipv6);
  }

  /** Every address, IPv4 first. */
  public List<IpAddress> all() {
    List<IpAddress> all = new ArrayList<>(ipv4.size() + ipv6.size());
    all.addAll(ipv4);
    all.addAll(ipv6);
    return all;
  }
}
