package dev.gingham.internal.agent;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * How a node finds its own address, as Calico's {@code IP_AUTODETECTION_METHOD} says it:
 *
 * <ul>
 *   <li>{@code first-found}: the first global address of an up interface that is not a loopback, a
 *       workload's, a tunnel's or a bridge's own, in interface order;
 *   <li>{@code can-reach=DEST}: the address the node would use to reach {@code DEST} (an address),
 *       that is, an address on the interface of the most specific route to it;
 *   <li>{@code interface=REGEX}: the first address of an interface whose whole name matches;
 *   <li>{@code skip-interface=REGEX}: as first-found, skipping interfaces whose name matches;
 *   <li>{@code cidr=CIDR[,CIDR...]}: the first address inside one of the CIDRs, on an interface
 *       first-found would consider.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class AutodetectionMethod {
  /** The kinds of method. */
  public enum Kind {
    FIRST_FOUND,
    CAN_REACH,
    INTERFACE,
    SKIP_INTERFACE,
    CIDR
  }

  /** Interfaces first-found never picks: Calico's list, and Gingham's own. */
  private static final Pattern NEVER =
      Pattern.compile(
          "lo|docker.*|cbr.*|kube-ipvs.*|cali.*|gw.*|gg.*|vxlan.*|tunl.*|flannel.*|virbr.*|veth.*");

  private final Kind kind;
  private final String text;
  private final @Nullable Pattern pattern;
  private final @Nullable IpAddress destination;
  private final List<IpPrefix> cidrs;

  private AutodetectionMethod(
      Kind kind,
      String text,
      @Nullable Pattern pattern,
      @Nullable IpAddress destination,
      List<IpPrefix> cidrs) {
    this.kind = kind;
    this.text = text;
    this.pattern = pattern;
    this.destination = destination;
    this.cidrs = List.copyOf(cidrs);
  }

  /**
   * Parses a method.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static AutodetectionMethod parse(String text) {
    if (text.equals("first-found")) {
      return new AutodetectionMethod(Kind.FIRST_FOUND, text, null, null, List.of());
    }
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw bad(
          text,
          "expected first-found, can-reach=DEST, interface=REGEX, skip-interface=REGEX or"
              + " cidr=CIDR");
    }
    String name = text.substring(0, eq);
    String value = text.substring(eq + 1);
    if (value.isEmpty()) {
      throw bad(text, "nothing after '" + name + "='");
    }
    switch (name) {
      case "can-reach":
        try {
          return new AutodetectionMethod(
              Kind.CAN_REACH, text, null, IpAddress.parse(value), List.of());
        } catch (IllegalArgumentException e) {
          throw bad(text, "can-reach needs an IP address: " + e.getMessage());
        }
      case "interface":
        return new AutodetectionMethod(Kind.INTERFACE, text, regex(text, value), null, List.of());
      case "skip-interface":
        return new AutodetectionMethod(
            Kind.SKIP_INTERFACE, text, regex(text, value), null, List.of());
      case "cidr":
        List<IpPrefix> cidrs = new ArrayList<>();
        for (String c : value.split(",", -1)) {
          try {
            cidrs.add(IpPrefix.parse(c.trim()));
          } catch (IllegalArgumentException e) {
            throw bad(text, "'" + c + "' is not a CIDR: " + e.getMessage());
          }
        }
        return new AutodetectionMethod(Kind.CIDR, text, null, null, cidrs);
      default:
        throw bad(
            text,
            "unknown method '"
                + name
                + "' (expected can-reach, interface, skip-interface or cidr)");
    }
  }

  private static Pattern regex(String text, String value) {
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw bad(text, "'" + value + "' is not a regular expression: " + e.getDescription());
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException(
        "IP auto-detection method '" + printable(text) + "': " + why);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Picks the node's address of a family.
   *
   * @param links the namespace's links, in interface order
   * @param addresses the namespace's addresses
   * @param routes the namespace's routes (for can-reach)
   * @return the address, with its prefix length, or empty when none fits
   */
  public Optional<InterfaceAddress> detect(
      IpFamily family, List<Link> links, List<InterfaceAddress> addresses, List<Route> routes) {
    if (kind == Kind.CAN_REACH) {
      return canReach(family, addresses, routes);
    }
    for (Link link : links) {
      if (!link.up() || !eligible(link.name())) {
        continue;
      }
      for (InterfaceAddress a : addresses) {
        if (a.device().equals(link.name())
            && a.address().family() == family
            && (!a.address().isLoopback() || kind == Kind.INTERFACE || kind == Kind.CIDR)
            && !a.address().isLinkLocal()
            && (kind != Kind.CIDR || inCidrs(a.address()))) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  private boolean eligible(String device) {
    switch (kind) {
      case INTERFACE:
        return pattern.matcher(device).matches();
      case SKIP_INTERFACE:
        return !pattern.matcher(device).matches() && !NEVER.matcher(device).matches();
      default:
        return !NEVER.matcher(device).matches();
    }
  }

  private boolean inCidrs(IpAddress a) {
    for (IpPrefix c : cidrs) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private Optional<InterfaceAddress> canReach(
      IpFamily family, List<InterfaceAddress> addresses, List<Route> routes) {
    if (destination.family() != family) {
      return Optional.empty();
    }
    // An address whose own subnet holds the destination is the one the kernel would use.
    InterfaceAddress best = null;
    for (InterfaceAddress a : addresses) {
      if (a.address().family() == family
          && a.subnet().contains(destination)
          && (best == null || a.prefixLength() > best.prefixLength())) {
        best = a;
      }
    }
    if (best != null) {
      return Optional.of(best);
    }
    Route via = null;
    for (Route r : routes) {
      if (r.destination().family() == family
          && r.destination().contains(destination)
          && r.device() != null
          && (via == null || r.destination().length() > via.destination().length())) {
        via = r;
      }
    }
    if (via == null) {
      return Optional.empty();
    }
    for (InterfaceAddress a : addresses) {
      if (a.device().equals(via.device())
          && a.address().family() == family
          && !a.address().isLinkLocal()) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return text;
  }
}
