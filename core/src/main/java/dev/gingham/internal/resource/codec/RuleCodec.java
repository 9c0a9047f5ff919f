package dev.gingham.internal.resource.codec;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.IcmpMatch;
import dev.gingham.policy.Port;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Rules, their entity rules and ports, and the smaller values policy documents share (nets,
 * selectors, named ports), as Calico writes them. Thread-safe: stateless.
 */
final class RuleCodec {
  private static final List<String> RULE_FIELDS =
      List.of(
          "action",
          "protocol",
          "notProtocol",
          "icmp",
          "notICMP",
          "source",
          "destination",
          "metadata");
  private static final List<String> ENTITY_FIELDS =
      List.of(
          "nets", "notNets", "selector", "notSelector", "namespaceSelector", "ports", "notPorts");
  private static final List<String> ICMP_FIELDS = List.of("type", "code");
  private static final List<String> PORT_FIELDS = List.of("name", "protocol", "port");

  private RuleCodec() {}

  static List<Rule> rules(Tree list) {
    List<Rule> out = new ArrayList<>();
    for (Tree t : list.list()) {
      t.refuse("ipVersion", "ipVersion is not supported by Gingham; match on nets instead")
          .refuse("http", "HTTP matches need an application-layer proxy, which Gingham has not")
          .requireOnly(RULE_FIELDS);
      Tree meta = t.get("metadata").requireOnly(List.of("annotations"));
      Tree notes = meta.get("annotations");
      Map<String, String> annotations = notes.stringMap();
      Tree a = t.get("action");
      String action = a.requiredString();
      Rule.Builder r = Rule.builder(a.wrap(() -> Action.parse(action)));
      r.protocol(protocol(t.get("protocol")));
      r.notProtocol(protocol(t.get("notProtocol")));
      r.icmp(icmp(t.get("icmp")));
      r.notIcmp(icmp(t.get("notICMP")));
      r.source(entity(t.get("source")));
      r.destination(entity(t.get("destination")));
      r.annotations(annotations);
      out.add(notes.wrap(r::build));
    }
    return out;
  }

  static List<Object> encodeRules(List<Rule> rules) {
    List<Object> out = new ArrayList<>(rules.size());
    for (Rule r : rules) {
      Out o = new Out().put("action", r.action().text());
      o.put("protocol", protocolValue(r.protocol()));
      o.put("notProtocol", protocolValue(r.notProtocol()));
      if (r.icmp() != null) {
        o.map("icmp", icmpValue(r.icmp()));
      }
      if (r.notIcmp() != null) {
        o.map("notICMP", icmpValue(r.notIcmp()));
      }
      o.object("source", entityValue(r.source()));
      o.object("destination", entityValue(r.destination()));
      if (!r.annotations().isEmpty()) {
        o.map("metadata", Map.of("annotations", r.annotations()));
      }
      out.add(o.fields());
    }
    return out;
  }

  static @Nullable Protocol protocol(Tree t) {
    if (t.isMissing()) {
      return null;
    }
    if (t.value() instanceof Number) {
      Integer n = t.integer();
      return t.wrap(() -> Protocol.of(n));
    }
    String s = t.requiredString();
    return t.wrap(() -> Protocol.parse(s));
  }

  /** A protocol as Calico writes it: a name where it has one, else the number. */
  static @Nullable Object protocolValue(@Nullable Protocol p) {
    if (p == null) {
      return null;
    }
    String name = p.toString();
    return name.equals(Integer.toString(p.number())) ? (Object) p.number() : name;
  }

  private static @Nullable IcmpMatch icmp(Tree t) {
    if (t.isMissing()) {
      return null;
    }
    t.requireOnly(ICMP_FIELDS);
    Integer type = t.get("type").integer();
    if (type == null) {
      throw t.get("type").error("is required");
    }
    Integer code = t.get("code").integer();
    return t.wrap(() -> new IcmpMatch(type, code));
  }

  private static Map<String, Object> icmpValue(IcmpMatch m) {
    return new Out().put("type", m.type()).put("code", m.code()).fields();
  }

  private static EntityRule entity(Tree t) {
    if (t.isMissing()) {
      return EntityRule.ANY;
    }
    t.refuse("serviceAccounts", "service account matches are not supported by Gingham")
        .refuse("services", "service matches are not supported by Gingham")
        .requireOnly(ENTITY_FIELDS);
    EntityRule.Builder e =
        EntityRule.builder().nets(nets(t.get("nets"))).notNets(nets(t.get("notNets")));
    e.selector(selector(t.get("selector")));
    e.notSelector(selector(t.get("notSelector")));
    e.namespaceSelector(selector(t.get("namespaceSelector")));
    e.ports(portMatches(t.get("ports")));
    e.notPorts(portMatches(t.get("notPorts")));
    return t.wrap(e::build);
  }

  private static Out entityValue(EntityRule e) {
    return new Out()
        .texts("nets", e.nets())
        .texts("notNets", e.notNets())
        .text("selector", e.selector())
        .text("notSelector", e.notSelector())
        .text("namespaceSelector", e.namespaceSelector())
        .list("ports", e.ports(), RuleCodec::portValue)
        .list("notPorts", e.notPorts(), RuleCodec::portValue);
  }

  static @Nullable Selector selector(Tree t) {
    String s = t.string();
    return s == null ? null : t.wrap(() -> Selector.parse(s));
  }

  /** Addresses and prefixes: an address alone is a /32 or /128. */
  static List<IpPrefix> nets(Tree t) {
    List<IpPrefix> out = new ArrayList<>();
    for (Tree n : t.list()) {
      String s = n.requiredString();
      out.add(n.wrap(() -> IpPrefix.parse(s.contains("/") ? s : s + "/" + hostLength(s))));
    }
    return out;
  }

  static int hostLength(String address) {
    return address.contains(":") ? 128 : 32;
  }

  static List<IpAddress> addresses(Tree t) {
    List<IpAddress> out = new ArrayList<>();
    for (Tree ip : t.list()) {
      String s = ip.requiredString();
      out.add(ip.wrap(() -> IpAddress.parse(s)));
    }
    return out;
  }

  private static List<Port> portMatches(Tree t) {
    List<Port> out = new ArrayList<>();
    for (Tree p : t.list()) {
      if (p.value() instanceof Number) {
        Integer n = p.integer();
        out.add(p.wrap(() -> Port.of(n)));
      } else {
        String s = p.requiredString();
        out.add(p.wrap(() -> Port.parse(s)));
      }
    }
    return out;
  }

  /** A port as Calico writes it: a number, or the text of a range or a name. */
  private static Object portValue(Port p) {
    return !p.isNamed() && p.min() == p.max() ? (Object) p.min() : p.toString();
  }

  /** Named ports of an endpoint: {@code {name, protocol, port}}. */
  static List<EndpointPort> endpointPorts(Tree t) {
    List<EndpointPort> out = new ArrayList<>();
    for (Tree p : t.list()) {
      p.refuse("hostPort", "host ports are not supported by Gingham")
          .refuse("hostIP", "host ports are not supported by Gingham")
          .requireOnly(PORT_FIELDS);
      String name = p.get("name").requiredString();
      Protocol proto = protocol(p.get("protocol"));
      Integer port = p.get("port").integer();
      if (proto == null || port == null) {
        throw p.error("a named port needs name, protocol and port");
      }
      out.add(p.wrap(() -> EndpointPort.of(name, proto, port)));
    }
    return out;
  }

  static Object endpointPortValue(EndpointPort p) {
    return new Out()
        .put("name", p.name())
        .put("protocol", protocolValue(p.protocol()))
        .put("port", p.port())
        .fields();
  }
}
