package dev.gingham.internal.resource.codec;

import dev.gingham.internal.policy.Scoping;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Port;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import dev.gingham.policy.WorkloadEndpoint;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes {@code networking.k8s.io/v1} NetworkPolicy to Gingham policy, with Kubernetes
 * semantics, as Calico converts it:
 *
 * <ul>
 *   <li>the policy becomes {@code knp.default.NAME} in the default tier at order 1000, selecting
 *       the pods of its {@code podSelector} in its namespace;
 *   <li>{@code policyTypes} default to Ingress, plus Egress when there are egress rules;
 *   <li>each peer of a rule becomes a rule: {@code podSelector} and {@code namespaceSelector} (an
 *       empty one selects every namespace), or {@code ipBlock} with its {@code except} as not-nets;
 *       no peers match anything;
 *   <li>ports are split by protocol (TCP when unset); {@code endPort} makes a range and a name a
 *       named port, resolved on each pod;
 *   <li>a pod no policy selects keeps the namespace profile's default allow.
 * </ul>
 *
 * Namespaces become {@code kns.NAME} profiles that allow everything and carry the namespace's
 * labels, and pods become workload endpoints. Stateless and thread-safe.
 */
public final class KubernetesConverter {
  private KubernetesConverter() {}

  /**
   * Converts one NetworkPolicy document.
   *
   * @throws dev.gingham.policy.InvalidPolicyException naming the resource and field
   */
  public static NetworkPolicy networkPolicy(Map<String, ?> document) {
    Tree meta = Tree.root("NetworkPolicy", document).get("metadata");
    String name = meta.get("name").requiredString();
    String ns = meta.get("namespace").string();
    if (ns == null) {
      ns = "default";
    }
    Tree doc = Tree.root("NetworkPolicy " + ns + "/" + name, document);
    Tree spec = doc.get("spec");
    Selector pods = labelSelector(spec.get("podSelector"));
    List<Rule> ingress = new ArrayList<>();
    for (Tree r : spec.get("ingress").list()) {
      ingress.addAll(rules(r, r.get("from"), true));
    }
    List<Rule> egress = new ArrayList<>();
    for (Tree r : spec.get("egress").list()) {
      egress.addAll(rules(r, r.get("to"), false));
    }
    Set<PolicyType> types = EnumSet.noneOf(PolicyType.class);
    for (Tree t : spec.get("policyTypes").list()) {
      String s = t.requiredString();
      types.add(t.wrap(() -> PolicyType.parse(s)));
    }
    if (types.isEmpty()) {
      types.add(PolicyType.INGRESS);
      if (!spec.get("egress").list().isEmpty()) {
        types.add(PolicyType.EGRESS);
      }
    }
    // Rules of a direction the policy does not govern are ignored, as Kubernetes does.
    final String namespace = ns;
    return doc.wrap(
        () ->
            NetworkPolicy.builder("knp.default." + name)
                .namespace(namespace)
                .order(1000.0)
                .selector(pods)
                .types(types)
                .ingress(types.contains(PolicyType.INGRESS) ? ingress : List.of())
                .egress(types.contains(PolicyType.EGRESS) ? egress : List.of())
                .build());
  }

  private static List<Rule> rules(Tree rule, Tree peers, boolean ingress) {
    List<EntityRule.Builder> sides = new ArrayList<>();
    if (peers.list().isEmpty()) {
      sides.add(EntityRule.builder());
    }
    for (Tree peer : peers.list()) {
      EntityRule.Builder e = EntityRule.builder();
      Tree block = peer.get("ipBlock");
      Tree podSel = peer.get("podSelector");
      Tree nsSel = peer.get("namespaceSelector");
      if (!block.isMissing()) {
        if (!podSel.isMissing() || !nsSel.isMissing()) {
          throw peer.error("ipBlock cannot be combined with podSelector or namespaceSelector");
        }
        Tree cidr = block.get("cidr");
        String c = cidr.requiredString();
        e.net(cidr.wrap(() -> IpPrefix.parseMasking(c)));
        List<IpPrefix> except = new ArrayList<>();
        for (Tree x : block.get("except").list()) {
          String s = x.requiredString();
          except.add(x.wrap(() -> IpPrefix.parseMasking(s)));
        }
        e.notNets(except);
      } else {
        if (!nsSel.isMissing()) {
          e.namespaceSelector(labelSelector(nsSel));
        }
        e.selector(podSel.isMissing() ? Selector.ALL : labelSelector(podSel));
      }
      sides.add(e);
    }
    // Ports, grouped by protocol: Gingham rules carry one protocol each.
    Map<Protocol, List<Port>> byProtocol = new LinkedHashMap<>();
    for (Tree p : rule.get("ports").list()) {
      Tree protoTree = p.get("protocol");
      String protoText = protoTree.string();
      Protocol proto = protoText == null ? Protocol.TCP : protoTree.wrap(() -> protocol(protoText));
      List<Port> ports = byProtocol.computeIfAbsent(proto, k -> new ArrayList<>());
      Tree port = p.get("port");
      if (port.isMissing()) {
        ports.clear();
        byProtocol.put(proto, null); // the whole protocol
        continue;
      }
      if (byProtocol.get(proto) == null) {
        continue;
      }
      Integer end = p.get("endPort").integer();
      if (port.value instanceof String) {
        if (end != null) {
          throw p.get("endPort").error("endPort needs a numeric port, not '" + port.value + "'");
        }
        String n = (String) port.value;
        ports.add(port.wrap(() -> Port.named(n)));
      } else {
        int start = port.integer();
        ports.add(port.wrap(() -> end == null ? Port.of(start) : Port.range(start, end)));
      }
    }
    List<Rule> out = new ArrayList<>();
    for (EntityRule.Builder side : sides) {
      EntityRule peer = side.build();
      if (byProtocol.isEmpty()) {
        out.add(ruleWith(peer, null, null, ingress));
      }
      for (Map.Entry<Protocol, List<Port>> e : byProtocol.entrySet()) {
        out.add(ruleWith(peer, e.getKey(), e.getValue(), ingress));
      }
    }
    return out;
  }

  private static Rule ruleWith(
      EntityRule peer, @Nullable Protocol proto, @Nullable List<Port> ports, boolean ingress) {
    EntityRule local =
        ports == null || ports.isEmpty()
            ? EntityRule.ANY
            : EntityRule.builder().ports(ports).build();
    EntityRule remoteWithPorts = peer;
    Rule.Builder r = Rule.builder(Action.ALLOW).protocol(proto);
    if (ingress) {
      r.source(remoteWithPorts).destination(local);
    } else {
      // Egress ports are the destination's: they join the peer's side.
      EntityRule.Builder d =
          EntityRule.builder()
              .nets(peer.nets())
              .notNets(peer.notNets())
              .selector(peer.selector())
              .namespaceSelector(peer.namespaceSelector());
      if (ports != null) {
        d.ports(ports);
      }
      r.destination(d.build());
    }
    return r.build();
  }

  private static Protocol protocol(String text) {
    switch (text) {
      case "TCP":
        return Protocol.TCP;
      case "UDP":
        return Protocol.UDP;
      case "SCTP":
        return Protocol.SCTP;
      default:
        throw new IllegalArgumentException(
            "unknown protocol '" + text + "', expected TCP, UDP or SCTP");
    }
  }

  /**
   * A Kubernetes LabelSelector ({@code matchLabels} and {@code matchExpressions} with In, NotIn,
   * Exists, DoesNotExist) as a selector; an empty one selects everything.
   */
  static Selector labelSelector(Tree sel) {
    List<Selector> terms = new ArrayList<>();
    Map<String, String> match = sel.get("matchLabels").stringMap();
    match.forEach(
        (k, v) -> terms.add(sel.get("matchLabels").get(k).wrap(() -> Selector.equal(k, v))));
    for (Tree x : sel.get("matchExpressions").list()) {
      String key = x.get("key").requiredString();
      String op = x.get("operator").requiredString();
      List<String> values = new ArrayList<>();
      for (Tree v : x.get("values").list()) {
        values.add(v.requiredString());
      }
      Selector s;
      switch (op) {
        case "In":
        case "NotIn":
          if (values.isEmpty()) {
            throw x.get("values").error("operator " + op + " needs values");
          }
          s = x.wrap(() -> Selector.in(key, values, op.equals("NotIn")));
          break;
        case "Exists":
          s = x.wrap(() -> Selector.has(key));
          break;
        case "DoesNotExist":
          s = x.wrap(() -> Selector.has(key).negate());
          break;
        default:
          throw x.get("operator")
              .error("unknown operator '" + op + "', expected In, NotIn, Exists or DoesNotExist");
      }
      terms.add(s);
    }
    return Selector.allOf(terms);
  }

  /**
   * A Namespace document as its {@code kns.NAME} profile: allow all, labels under {@code pcns.}.
   */
  public static Profile namespace(Map<String, ?> document) {
    Tree meta = Tree.root("Namespace", document).get("metadata");
    String name = meta.get("name").requiredString();
    Tree labels = Tree.root("Namespace " + name, document).get("metadata").get("labels");
    Map<String, String> l = new LinkedHashMap<>(labels.stringMap());
    // Kubernetes labels every namespace with its name.
    l.put("kubernetes.io/metadata.name", name);
    return labels.wrap(
        () ->
            Profile.of(
                Scoping.namespaceProfile(name),
                Scoping.namespaceProfileLabels(name, l),
                List.of(Rule.of(Action.ALLOW)),
                List.of(Rule.of(Action.ALLOW))));
  }

  /**
   * A Pod document as a workload endpoint: labels, {@code status.podIPs} (or {@code podIP}), the
   * named container ports, the namespace profile, and an interface named from the prefix and a hash
   * of the pod, as CNI plugins do.
   */
  public static WorkloadEndpoint pod(Map<String, ?> document, String interfacePrefix) {
    Tree meta = Tree.root("Pod", document).get("metadata");
    String name = meta.get("name").requiredString();
    String ns = meta.get("namespace").string();
    if (ns == null) {
      ns = "default";
    }
    Tree doc = Tree.root("Pod " + ns + "/" + name, document);
    Tree labels = doc.get("metadata").get("labels");
    Map<String, String> l = labels.stringMap();
    WorkloadEndpoint.Builder b =
        WorkloadEndpoint.builder(ns, name)
            .labels(labels.wrap(() -> Labels.of(l)))
            .profile(Scoping.namespaceProfile(ns));
    Tree ann = doc.get("metadata").get("annotations").get("gingham.dev/interface");
    String iface = ann.string();
    b.interfaceName(
        iface != null
            ? iface
            : interfacePrefix + Integer.toHexString((ns + "/" + name).hashCode()));
    List<Tree> ips = doc.get("status").get("podIPs").list();
    if (ips.isEmpty() && !doc.get("status").get("podIP").isMissing()) {
      Tree ip = doc.get("status").get("podIP");
      String s = ip.requiredString();
      b.address(ip.wrap(() -> IpAddress.parse(s)));
    }
    for (Tree ip : ips) {
      Tree t = ip.get("ip");
      String s = t.requiredString();
      b.address(t.wrap(() -> IpAddress.parse(s)));
    }
    for (Tree c : doc.get("spec").get("containers").list()) {
      for (Tree p : c.get("ports").list()) {
        String pn = p.get("name").string();
        if (pn == null) {
          continue;
        }
        Tree protoTree = p.get("protocol");
        String pt = protoTree.string();
        Protocol proto = pt == null ? Protocol.TCP : protoTree.wrap(() -> protocol(pt));
        Integer port = p.get("containerPort").integer();
        if (port == null) {
          throw p.get("containerPort").error("is required");
        }
        b.port(p.wrap(() -> EndpointPort.of(pn, proto, port)));
      }
    }
    return doc.wrap(b::build);
  }
}
