package dev.gingham.cni.spec;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A plugin's result, in the model of CNI 1.1 ({@link ResultCodec} writes it in any supported
 * version and reads every one). Immutable.
 *
 * @param interfaces the interfaces, referred to by index from {@code ips}
 * @param ips the addresses
 * @param routes the routes
 * @param dns the DNS settings
 */
public record CniResult(
    List<Interface> interfaces, List<IpConfig> ips, List<RouteEntry> routes, Dns dns) {

  public CniResult {
    interfaces = List.copyOf(interfaces);
    ips = List.copyOf(ips);
    routes = List.copyOf(routes);
  }

  /** An empty result. */
  public static CniResult empty() {
    return new CniResult(List.of(), List.of(), List.of(), Dns.EMPTY);
  }

  /**
   * This result with another's interfaces, ips and routes appended, indexes shifted: how a plugin
   * adds its own to a {@code prevResult}.
   */
  public CniResult plus(CniResult more) {
    List<Interface> ifs = new ArrayList<>(interfaces);
    ifs.addAll(more.interfaces);
    List<IpConfig> all = new ArrayList<>(ips);
    for (IpConfig ip : more.ips) {
      Integer i = ip.interfaceIndex();
      all.add(i == null ? ip : ip.withInterface(i + interfaces.size()));
    }
    List<RouteEntry> rs = new ArrayList<>(routes);
    rs.addAll(more.routes);
    return new CniResult(ifs, all, rs, dns.isEmpty() ? more.dns : dns);
  }

  /**
   * An interface.
   *
   * @param name its name
   * @param mac its hardware address as text, or empty
   * @param mtu its MTU, or 0 when not reported (1.1.0 only)
   * @param sandbox the namespace path it is in, or empty for the host
   */
  public record Interface(String name, String mac, int mtu, String sandbox) {}

  /**
   * An address.
   *
   * @param address the address
   * @param prefixLength the subnet length it is configured with
   * @param gateway the gateway, or null
   * @param interfaceIndex the index of its interface in {@code interfaces}, or null
   */
  public record IpConfig(
      IpAddress address,
      int prefixLength,
      @Nullable IpAddress gateway,
      @Nullable Integer interfaceIndex) {
    public IpConfig {
      if (prefixLength < 0 || prefixLength > address.bitLength()) {
        throw new IllegalArgumentException(
            "prefix length of " + address + " must be 0.." + address.bitLength());
      }
    }

    /** The same address on another interface. */
    public IpConfig withInterface(int index) {
      return new IpConfig(address, prefixLength, gateway, index);
    }

    /** {@code 10.65.0.5/32}. */
    public String cidr() {
      return address + "/" + prefixLength;
    }
  }

  /**
   * A route.
   *
   * @param dst the destination
   * @param gw the gateway, or null for the address's gateway
   */
  public record RouteEntry(IpPrefix dst, @Nullable IpAddress gw) {}

  /**
   * DNS settings.
   *
   * @param nameservers the name servers
   * @param domain the local domain, or empty
   * @param search the search domains
   * @param options the resolver options
   */
  public record Dns(
      List<String> nameservers, String domain, List<String> search, List<String> options) {
    /** No settings. */
    public static final Dns EMPTY = new Dns(List.of(), "", List.of(), List.of());

    public Dns {
      nameservers = List.copyOf(nameservers);
      search = List.copyOf(search);
      options = List.copyOf(options);
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
      return nameservers.isEmpty() && domain.isEmpty() && search.isEmpty() && options.isEmpty();
    }
  }
}
