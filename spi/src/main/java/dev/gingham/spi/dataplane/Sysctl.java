package dev.gingham.spi.dataplane;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpFamily;

/**
 * A kernel parameter of a network namespace, by its path under {@code /proc/sys}: {@code
 * net/ipv4/conf/eth0/proxy_arp}. Paths rather than dotted names, because interface names may hold
 * dots. Immutable.
 *
 * @param path the path under {@code /proc/sys/net}, such as {@code net/ipv4/ip_forward}
 */
public record Sysctl(String path) {
  public Sysctl {
    if (!path.startsWith("net/") || path.contains("..") || path.endsWith("/")) {
      throw new IllegalArgumentException(
          "sysctl '" + path + "' must be a path under net/, without '..' or a trailing '/'");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '\\') {
        throw new IllegalArgumentException(
            "sysctl '" + path + "' has a forbidden character at index " + i);
      }
    }
  }

  /** {@code net/ipv4/ip_forward} or {@code net/ipv6/conf/all/forwarding}. */
  public static Sysctl forwarding(IpFamily family) {
    return family == IpFamily.IPV4
        ? new Sysctl("net/ipv4/ip_forward")
        : new Sysctl("net/ipv6/conf/all/forwarding");
  }

  /** Per-interface forwarding: {@code net/ipv4/conf/DEV/forwarding}, or the IPv6 one. */
  public static Sysctl forwarding(IpFamily family, String device) {
    return conf(family, device, "forwarding");
  }

  /** Proxy ARP on an interface: Calico answers a workload's every ARP with the host veth. */
  public static Sysctl proxyArp(String device) {
    return conf(IpFamily.IPV4, device, "proxy_arp");
  }

  /** How long proxy ARP waits before answering; Calico sets 0. */
  public static Sysctl proxyDelay(String device) {
    return new Sysctl("net/ipv4/neigh/" + InterfaceName.requireValid(device) + "/proxy_delay");
  }

  /** Reverse-path filtering on an interface. */
  public static Sysctl rpFilter(String device) {
    return conf(IpFamily.IPV4, device, "rp_filter");
  }

  /** Whether an interface accepts IPv6 router advertisements. */
  public static Sysctl acceptRa(String device) {
    return conf(IpFamily.IPV6, device, "accept_ra");
  }

  /** Whether an interface runs IPv6 duplicate address detection; Calico turns it off in pods. */
  public static Sysctl acceptDad(String device) {
    return conf(IpFamily.IPV6, device, "accept_dad");
  }

  /** Proxy NDP on an interface. */
  public static Sysctl proxyNdp(String device) {
    return conf(IpFamily.IPV6, device, "proxy_ndp");
  }

  private static Sysctl conf(IpFamily family, String device, String name) {
    String dir = family == IpFamily.IPV4 ? "net/ipv4/conf/" : "net/ipv6/conf/";
    if (!device.equals("all") && !device.equals("default")) {
      InterfaceName.requireValid(device);
    }
    return new Sysctl(dir + device + "/" + name);
  }

  @Override
  public String toString() {
    return path;
  }
}
