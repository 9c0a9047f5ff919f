package dev.gingham.cni.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ipam} section for {@code gingham-ipam} (also accepted as {@code calico-ipam}, so that
 * a Calico conflist works with the types changed). Immutable.
 *
 * @param type the IPAM plugin's type
 * @param assignIpv4 whether to assign an IPv4 address (default true)
 * @param assignIpv6 whether to assign an IPv6 address (default false)
 * @param ipv4Pools the IPv4 pools to assign from, by name or CIDR; empty for any
 * @param ipv6Pools the IPv6 pools to assign from, by name or CIDR; empty for any
 * @param datastore the datastore URI, or null for the network's (or the default)
 * @param nodename the node name, or null for the network's (or the host name)
 */
public record IpamConf(
    String type,
    boolean assignIpv4,
    boolean assignIpv6,
    List<String> ipv4Pools,
    List<String> ipv6Pools,
    @Nullable String datastore,
    @Nullable String nodename) {
  /** The type of Gingham's IPAM plugin. */
  public static final String GINGHAM_IPAM = "gingham-ipam";

  /** Calico's spelling, served by the same code. */
  public static final String CALICO_IPAM = "calico-ipam";

  public IpamConf {
    ipv4Pools = List.copyOf(ipv4Pools);
    ipv6Pools = List.copyOf(ipv6Pools);
  }

  /** Whether Gingham's IPAM serves this section (in process, for the main plugin). */
  public boolean isGingham() {
    return type.equals(GINGHAM_IPAM) || type.equals(CALICO_IPAM);
  }
}
