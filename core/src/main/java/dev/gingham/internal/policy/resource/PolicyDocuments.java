package dev.gingham.internal.policy.resource;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.HostEndpoint;
import dev.gingham.policy.IcmpMatch;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Port;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import dev.gingham.policy.Tier;
import dev.gingham.policy.WorkloadEndpoint;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a model from documents: Calico's {@code projectcalico.org/v3} Tier, NetworkPolicy,
 * GlobalNetworkPolicy, Profile, NetworkSet, GlobalNetworkSet, WorkloadEndpoint and HostEndpoint,
 * and Kubernetes' NetworkPolicy, Namespace and Pod (through {@link KubernetesConverter}). A list
 * document ({@code kind: List} with {@code items}) is read item by item. All or nothing: the first
 * bad document throws, naming resource and field. Stateless and thread-safe.
 */
public final class PolicyDocuments {
  private PolicyDocuments() {}

  /**
   * Reads documents into a model.
   *
   * @param interfacePrefix the workload interface prefix, for pods without an interface annotation
   * @throws dev.gingham.policy.InvalidPolicyException naming the resource and field
   */
  public static PolicyModel read(List<?> documents, String interfacePrefix) {
    PolicyModel.Builder b = PolicyModel.builder();
    for (Object d : documents) {
      add(b, d, interfacePrefix);
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static void add(PolicyModel.Builder b, @Nullable Object d, String prefix) {
    if (d == null) {
      return; // an empty YAML document
    }
    Tree doc = Tree.root("document", d);
    doc.mapOrNull();
    Map<String, ?> m = (Map<String, ?>) d;
    String kind = doc.get("kind").requiredString();
    String api = doc.get("apiVersion").string();
    if (kind.equals("List")) {
      for (Tree item : doc.get("items").list()) {
        add(b, item.value, prefix);
      }
      return;
    }
    boolean k8s = api != null && (api.equals("v1") || api.startsWith("networking.k8s.io/"));
    if (k8s) {
      switch (kind) {
        case "NetworkPolicy":
          b.policy(KubernetesConverter.networkPolicy(m));
          return;
        case "Namespace":
          b.profile(KubernetesConverter.namespace(m));
          return;
        case "Pod":
          b.endpoint(KubernetesConverter.pod(m, prefix));
          return;
        default:
          throw doc.get("kind").error("unsupported Kubernetes kind '" + kind + "'");
      }
    }
    if (api != null && !api.startsWith("projectcalico.org/")) {
      throw doc.get("apiVersion").error("unsupported apiVersion '" + api + "'");
    }
    Tree meta = doc.get("metadata");
    String name = meta.get("name").requiredString();
    String ns = meta.get("namespace").string();
    String resource = kind + " " + (ns == null ? "" : ns + "/") + name;
    Tree r = Tree.root(resource, d);
    Tree spec = r.get("spec");
    switch (kind) {
      case "Tier":
        b.tier(r.wrap(() -> Tier.of(name, spec.get("order").number())));
        return;
      case "NetworkPolicy":
      case "GlobalNetworkPolicy":
        policy(b, r, kind, name, ns);
        return;
      case "Profile":
        {
          Map<String, String> labels = spec.get("labelsToApply").stringMap();
          List<Rule> in = rules(spec.get("ingress"));
          List<Rule> out = rules(spec.get("egress"));
          b.profile(r.wrap(() -> Profile.of(name, Labels.of(labels), in, out)));
          return;
        }
      case "NetworkSet":
      case "GlobalNetworkSet":
        {
          Map<String, String> labels = r.get("metadata").get("labels").stringMap();
          List<IpPrefix> nets = nets(spec.get("nets"));
          String setNs = kind.equals("NetworkSet") ? (ns == null ? "default" : ns) : null;
          b.networkSet(r.wrap(() -> new NetworkSet(setNs, name, Labels.of(labels), nets)));
          return;
        }
      case "WorkloadEndpoint":
        {
          Map<String, String> labels = r.get("metadata").get("labels").stringMap();
          WorkloadEndpoint.Builder w =
              WorkloadEndpoint.builder(ns == null ? "default" : ns, name)
                  .interfaceName(spec.get("interfaceName").requiredString())
                  .labels(r.wrap(() -> Labels.of(labels)))
                  .profiles(strings(spec.get("profiles")))
                  .ports(ports(spec.get("ports")));
          for (Tree ip : spec.get("ipNetworks").list()) {
            String s = ip.requiredString();
            IpPrefix p =
                ip.wrap(() -> IpPrefix.parse(s.contains("/") ? s : s + "/" + hostLength(s)));
            if (p.length() != p.family().bits()) {
              throw ip.error("'" + s + "' is not a single address");
            }
            w.address(p.network());
          }
          b.endpoint(r.wrap(w::build));
          return;
        }
      case "HostEndpoint":
        {
          Map<String, String> labels = r.get("metadata").get("labels").stringMap();
          List<IpAddress> ips = new ArrayList<>();
          for (Tree ip : spec.get("expectedIPs").list()) {
            String s = ip.requiredString();
            ips.add(ip.wrap(() -> IpAddress.parse(s)));
          }
          String iface = spec.get("interfaceName").requiredString();
          List<String> profiles = strings(spec.get("profiles"));
          List<EndpointPort> ports = ports(spec.get("ports"));
          b.endpoint(
              r.wrap(() -> new HostEndpoint(name, iface, ips, Labels.of(labels), profiles, ports)));
          return;
        }
      default:
        throw doc.get("kind").error("unsupported kind '" + kind + "'");
    }
  }

  private static int hostLength(String address) {
    return address.contains(":") ? 128 : 32;
  }

  private static void policy(
      PolicyModel.Builder b, Tree r, String kind, String name, @Nullable String ns) {
    Tree spec = r.get("spec");
    String tier = spec.get("tier").string();
    Double order = spec.get("order").number();
    Tree selTree = spec.get("selector");
    String selText = selTree.string();
    Selector sel = selText == null ? Selector.ALL : selTree.wrap(() -> Selector.parse(selText));
    Set<PolicyType> types = EnumSet.noneOf(PolicyType.class);
    for (Tree t : spec.get("types").list()) {
      String s = t.requiredString();
      types.add(t.wrap(() -> PolicyType.parse(s)));
    }
    List<Rule> in = rules(spec.get("ingress"));
    List<Rule> out = rules(spec.get("egress"));
    if (kind.equals("NetworkPolicy")) {
      b.policy(
          r.wrap(
              () ->
                  NetworkPolicy.builder(name)
                      .namespace(ns == null ? "default" : ns)
                      .tier(tier == null ? Tier.DEFAULT_NAME : tier)
                      .order(order)
                      .selector(sel)
                      .types(types)
                      .ingress(in)
                      .egress(out)
                      .build()));
    } else {
      Tree nsTree = spec.get("namespaceSelector");
      String nsText = nsTree.string();
      Selector nsSel = nsText == null ? null : nsTree.wrap(() -> Selector.parse(nsText));
      b.policy(
          r.wrap(
              () ->
                  GlobalNetworkPolicy.builder(name)
                      .tier(tier == null ? Tier.DEFAULT_NAME : tier)
                      .order(order)
                      .selector(sel)
                      .namespaceSelector(nsSel)
                      .types(types)
                      .ingress(in)
                      .egress(out)
                      .build()));
    }
  }

  private static List<Rule> rules(Tree list) {
    List<Rule> out = new ArrayList<>();
    for (Tree t : list.list()) {
      Tree a = t.get("action");
      String action = a.requiredString();
      Rule.Builder r = Rule.builder(a.wrap(() -> Action.parse(action)));
      r.protocol(protocol(t.get("protocol")));
      r.notProtocol(protocol(t.get("notProtocol")));
      r.icmp(icmp(t.get("icmp")));
      r.notIcmp(icmp(t.get("notICMP")));
      r.source(entity(t.get("source")));
      r.destination(entity(t.get("destination")));
      out.add(t.wrap(r::build));
    }
    return out;
  }

  private static @Nullable Protocol protocol(Tree t) {
    if (t.isMissing()) {
      return null;
    }
    if (t.value instanceof Number) {
      int n = t.integer();
      return t.wrap(() -> Protocol.of(n));
    }
    String s = t.requiredString();
    return t.wrap(() -> Protocol.parse(s));
  }

  private static @Nullable IcmpMatch icmp(Tree t) {
    if (t.isMissing()) {
      return null;
    }
    Integer type = t.get("type").integer();
    if (type == null) {
      throw t.get("type").error("is required");
    }
    Integer code = t.get("code").integer();
    return t.wrap(() -> new IcmpMatch(type, code));
  }

  private static EntityRule entity(Tree t) {
    if (t.isMissing()) {
      return EntityRule.ANY;
    }
    EntityRule.Builder e =
        EntityRule.builder().nets(nets(t.get("nets"))).notNets(nets(t.get("notNets")));
    e.selector(selector(t.get("selector")));
    e.notSelector(selector(t.get("notSelector")));
    e.namespaceSelector(selector(t.get("namespaceSelector")));
    e.ports(portMatches(t.get("ports")));
    e.notPorts(portMatches(t.get("notPorts")));
    return e.build();
  }

  private static @Nullable Selector selector(Tree t) {
    String s = t.string();
    return s == null ? null : t.wrap(() -> Selector.parse(s));
  }

  private static List<IpPrefix> nets(Tree t) {
    List<IpPrefix> out = new ArrayList<>();
    for (Tree n : t.list()) {
      String s = n.requiredString();
      out.add(n.wrap(() -> IpPrefix.parse(s.contains("/") ? s : s + "/" + hostLength(s))));
    }
    return out;
  }

  private static List<Port> portMatches(Tree t) {
    List<Port> out = new ArrayList<>();
    for (Tree p : t.list()) {
      if (p.value instanceof Number) {
        int n = p.integer();
        out.add(p.wrap(() -> Port.of(n)));
      } else {
        String s = p.requiredString();
        out.add(p.wrap(() -> Port.parse(s)));
      }
    }
    return out;
  }

  private static List<EndpointPort> ports(Tree t) {
    List<EndpointPort> out = new ArrayList<>();
    for (Tree p : t.list()) {
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

  private static List<String> strings(Tree t) {
    List<String> out = new ArrayList<>();
    for (Tree s : t.list()) {
      out.add(s.requiredString());
    }
    return out;
  }
}
