package dev.gingham.internal.policy.nft;

import dev.gingham.internal.policy.Scoping;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.Port;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A policy rule as nftables rule bodies, and the named sets those bodies refer to. One rule may
 * need several bodies: a side whose ports mix numbers and names matches either, which nftables says
 * with two rules. A rule that cannot match IPv4 (an IPv6-only net, ICMPv6) renders to none.
 */
final class RuleText {
  /** Receives each named set a rule refers to. */
  interface Uses {
    void selector(Selector s);

    void nets(List<IpPrefix> v4);

    void namedPorts(NamedPortKey k);
  }

  private RuleText() {}

  static String selectorSet(Selector s) {
    return "s-" + s.id();
  }

  static String ifaceSet(Selector s) {
    return "i-" + s.id();
  }

  static String netsSet(List<IpPrefix> v4) {
    return "n-" + Ids.of(v4.toString());
  }

  /** The IPv4 prefixes of a list, sorted and without duplicates. */
  static List<IpPrefix> v4(List<IpPrefix> nets) {
    return nets.stream().filter(p -> p.family() == IpFamily.IPV4).sorted().distinct().toList();
  }

  /** An element of an IPv4 interval set. */
  static String element(IpPrefix p) {
    return p.length() == 32 ? p.network().toString() : p.toString();
  }

  static String protocolName(Protocol p) {
    return p.hasPorts() ? p.toString().toLowerCase(Locale.ROOT) : Integer.toString(p.number());
  }

  /** Visits the named sets a rule refers to. */
  static void uses(Rule r, @Nullable String namespace, Uses out) {
    side(r.source(), r.protocol(), namespace, out);
    side(r.destination(), r.protocol(), namespace, out);
  }

  private static void side(
      EntityRule e, @Nullable Protocol protocol, @Nullable String namespace, Uses out) {
    List<IpPrefix> nets = v4(e.nets());
    if (!nets.isEmpty()) {
      out.nets(nets);
    }
    List<IpPrefix> notNets = v4(e.notNets());
    if (!notNets.isEmpty()) {
      out.nets(notNets);
    }
    Selector sel = Scoping.sideSelector(e, namespace);
    if (sel != null) {
      out.selector(sel);
    }
    if (e.notSelector() != null) {
      out.selector(e.notSelector());
    }
    if (protocol != null) {
      NamedPortKey k = named(e, e.ports(), protocol, namespace);
      if (k != null) {
        out.namedPorts(k);
      }
      k = named(e, e.notPorts(), protocol, namespace);
      if (k != null) {
        out.namedPorts(k);
      }
    }
  }

  private static @Nullable NamedPortKey named(
      EntityRule e, List<Port> ports, Protocol protocol, @Nullable String namespace) {
    List<String> names = ports.stream().filter(Port::isNamed).map(Port::name).toList();
    return names.isEmpty()
        ? null
        : new NamedPortKey(Scoping.namedPortSelector(e, namespace), protocol, names);
  }

  /** The bodies of a rule, each ending in {@code verdict}. */
  static List<String> bodies(Rule r, @Nullable String namespace, String verdict) {
    List<String> common = new ArrayList<>();
    Protocol proto = r.protocol();
    if (proto != null) {
      common.add("meta l4proto " + proto.number());
    }
    if (r.notProtocol() != null) {
      common.add("meta l4proto != " + r.notProtocol().number());
    }
    if (r.icmp() != null || r.notIcmp() != null) {
      if (proto == null || proto.number() != Protocol.ICMP.number()) {
        return List.of(); // ICMPv6 never matches IPv4
      }
      if (r.icmp() != null) {
        common.add("icmp type " + r.icmp().type());
        if (r.icmp().code() != null) {
          common.add("icmp code " + r.icmp().code());
        }
      }
      if (r.notIcmp() != null) {
        common.add(
            r.notIcmp().code() == null
                ? "icmp type != " + r.notIcmp().type()
                : "icmp type . icmp code != { "
                    + r.notIcmp().type()
                    + " . "
                    + r.notIcmp().code()
                    + " }");
      }
    }
    List<List<String>> src = side(r.source(), proto, namespace, "saddr", "sport");
    List<List<String>> dst = side(r.destination(), proto, namespace, "daddr", "dport");
    List<String> out = new ArrayList<>();
    for (List<String> a : src) {
      for (List<String> b : dst) {
        List<String> terms = new ArrayList<>(common);
        terms.addAll(a);
        terms.addAll(b);
        terms.add(verdict);
        out.add(String.join(" ", terms));
      }
    }
    return out;
  }

  /** The alternatives for one side: each a list of terms that must all hold. */
  private static List<List<String>> side(
      EntityRule e,
      @Nullable Protocol proto,
      @Nullable String namespace,
      String addr,
      String port) {
    List<String> terms = new ArrayList<>();
    if (!e.nets().isEmpty()) {
      List<IpPrefix> nets = v4(e.nets());
      if (nets.isEmpty()) {
        return List.of(); // only IPv6 nets: never matches IPv4
      }
      terms.add("ip " + addr + " @" + netsSet(nets));
    }
    List<IpPrefix> notNets = v4(e.notNets());
    if (!notNets.isEmpty()) {
      terms.add("ip " + addr + " != @" + netsSet(notNets));
    }
    Selector sel = Scoping.sideSelector(e, namespace);
    if (sel != null) {
      terms.add("ip " + addr + " @" + selectorSet(sel));
    }
    if (e.notSelector() != null) {
      terms.add("ip " + addr + " != @" + selectorSet(e.notSelector()));
    }
    String numericNot = numeric(e.notPorts());
    if (numericNot != null) {
      terms.add("th " + port + " != " + numericNot);
    }
    if (proto != null) {
      NamedPortKey notNamed = named(e, e.notPorts(), proto, namespace);
      if (notNamed != null) {
        terms.add("ip " + addr + " . meta l4proto . th " + port + " != @" + notNamed.setName());
      }
    }
    if (e.ports().isEmpty()) {
      return List.of(terms);
    }
    List<List<String>> alternatives = new ArrayList<>();
    String numeric = numeric(e.ports());
    if (numeric != null) {
      List<String> t = new ArrayList<>(terms);
      t.add("th " + port + " " + numeric);
      alternatives.add(t);
    }
    NamedPortKey named = proto == null ? null : named(e, e.ports(), proto, namespace);
    if (named != null) {
      List<String> t = new ArrayList<>(terms);
      t.add("ip " + addr + " . meta l4proto . th " + port + " @" + named.setName());
      alternatives.add(t);
    }
    return alternatives;
  }

  private static @Nullable String numeric(List<Port> ports) {
    List<int[]> ranges = new ArrayList<>();
    ports.stream()
        .filter(p -> !p.isNamed())
        .sorted((a, b) -> a.min() != b.min() ? a.min() - b.min() : a.max() - b.max())
        .forEach(
            p -> {
              int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
              // nftables refuses overlapping intervals: merge them (and adjacent ones).
              if (last != null && p.min() <= last[1] + 1) {
                last[1] = Math.max(last[1], p.max());
              } else {
                ranges.add(new int[] {p.min(), p.max()});
              }
            });
    if (ranges.isEmpty()) {
      return null;
    }
    return "{ "
        + ranges.stream()
            .map(r -> r[0] == r[1] ? Integer.toString(r[0]) : r[0] + "-" + r[1])
            .collect(Collectors.joining(", "))
        + " }";
  }
}
