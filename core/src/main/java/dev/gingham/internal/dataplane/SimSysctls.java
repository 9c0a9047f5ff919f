package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.Sysctls;

/**
 * Kernel parameters of the simulation: {@code net/ipv4/ip_forward} and, for "all", "default" and
 * each device, the {@code conf} keys forwarding, proxy_arp, rp_filter (IPv4), forwarding,
 * accept_ra, accept_dad, proxy_ndp (IPv6) and {@code neigh/DEV/proxy_delay}, with the kernel's
 * defaults. A new device takes the "default" values. Every value is an integer, as these are in the
 * kernel (EINVAL otherwise).
 */
final class SimSysctls implements Sysctls {
  private final SimulatedDataplane dp;

  SimSysctls(SimulatedDataplane dp) {
    this.dp = dp;
  }

  @Override
  public String get(NetworkNamespace ns, Sysctl sysctl) {
    return dp.in(
        ns,
        n -> {
          String v = n.sysctls.get(sysctl.path());
          if (v == null) {
            throw Errors.noEntry("sysctl " + sysctl, "no such parameter");
          }
          return v;
        });
  }

  @Override
  public void set(NetworkNamespace ns, Sysctl sysctl, String value) {
    String what = "sysctl " + sysctl + " = " + value;
    dp.in(
        ns,
        n -> {
          if (!n.sysctls.containsKey(sysctl.path())) {
            throw Errors.noEntry(what, "no such parameter");
          }
          String v = value.strip();
          if (!v.matches("-?[0-9]{1,10}")) {
            throw Errors.invalid(what, "the value must be an integer");
          }
          n.sysctls.put(sysctl.path(), String.valueOf(Long.parseLong(v)));
          if (sysctl.path().equals("net/ipv4/ip_forward")) {
            // As the kernel does: ip_forward sets forwarding on every IPv4 interface.
            n.sysctls.replaceAll(
                (k, old) ->
                    k.startsWith("net/ipv4/conf/") && k.endsWith("/forwarding")
                        ? n.sysctls.get("net/ipv4/ip_forward")
                        : old);
          }
          return null;
        });
  }
}
