package dev.gingham.dataplane.linux.nft;

import dev.gingham.internal.policy.Scoping;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.GlobalNetworkPolicy;
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
import java.util.Random;
import java.util.Set;

/**
 * Random policy models over the pods of a {@link PodNetwork}: pods 1..n/2 in namespace {@code
 * ns-a}, the rest in {@code ns-b}; random labels, named ports, profiles, tiers, network sets and
 * policies whose rules use every match the renderer supports for TCP and UDP.
 */
final class RandomPolicies {
  private static final List<String> SELECTORS =
      List.of(
          "all()",
          "app == 'web'",
          "app in {'web', 'db'}",
          "role == 'x'",
          "!has(role)",
          "role != 'y'",
          "app starts with 'c'",
          "has(app) && role == 'y'",
          "app == 'db' || role == 'x'");
  private static final List<String> NAMESPACE_SELECTORS =
      List.of("team == 'red'", "all()", "env == 'prod'", "team != 'blue'");
  private static final List<IpPrefix> NETS =
      List.of(
          IpPrefix.parse("10.200.0.0/30"),
          IpPrefix.parse("10.200.0.4/30"),
          IpPrefix.parse("10.200.0.0/16"),
          IpPrefix.parse("10.200.0.2/32"),
          IpPrefix.parse("192.0.2.0/24"));

  private final Random r;
  private final int pods;

  RandomPolicies(long seed, int pods) {
    this.r = new Random(seed);
    this.pods = pods;
  }

  static String namespaceOf(int pod, int pods) {
    return pod <= pods / 2 ? "ns-a" : "ns-b";
  }

  PolicyModel model() {
    PolicyModel.Builder b = PolicyModel.builder();
    boolean security = r.nextBoolean();
    if (security) {
      b.tier(Tier.of("security", 10.0));
    }
    for (String ns : List.of("ns-a", "ns-b")) {
      Map<String, String> nsLabels =
          r.nextBoolean()
              ? Map.of("team", pick("red", "blue"), "env", "prod")
              : Map.of("team", pick("red", "blue"));
      List<Rule> in = List.of(Rule.of(Action.ALLOW));
      List<Rule> out = List.of(Rule.of(Action.ALLOW));
      if (r.nextInt(8) == 0) {
        in = List.of(rule(null, PolicyType.INGRESS), Rule.of(Action.ALLOW));
      }
      b.profile(
          Profile.of(
              Scoping.namespaceProfile(ns), Scoping.namespaceProfileLabels(ns, nsLabels), in, out));
    }
    for (int n = 1; n <= pods; n++) {
      String ns = namespaceOf(n, pods);
      WorkloadEndpoint.Builder e =
          WorkloadEndpoint.builder(ns, "pod-" + n)
              .interfaceName(PodNetwork.iface(n))
              .address(PodNetwork.address(n));
      Labels labels = Labels.of("app", pick("web", "db", "cache"));
      if (r.nextInt(3) > 0) {
        labels = labels.with("role", pick("x", "y"));
      }
      e.labels(labels);
      if (r.nextInt(10) > 0) {
        e.profile(Scoping.namespaceProfile(ns));
      }
      if (r.nextBoolean()) {
        e.port(EndpointPort.of("http", Protocol.TCP, r.nextBoolean() ? 80 : 8080));
      }
      if (r.nextBoolean()) {
        e.port(EndpointPort.of("web", Protocol.TCP, 81));
      }
      if (r.nextBoolean()) {
        e.port(EndpointPort.of("dns", Protocol.UDP, r.nextBoolean() ? 53 : 5353));
      }
      b.endpoint(e.build());
    }
    if (r.nextInt(3) == 0) {
      b.networkSet(
          NetworkSet.global(
              "outside", Labels.of("app", "cache"), List.of(NETS.get(r.nextInt(NETS.size())))));
    }
    if (r.nextInt(3) == 0) {
      b.networkSet(
          NetworkSet.of(
              "ns-a", "near", Labels.of("role", "x"), List.of(NETS.get(r.nextInt(NETS.size())))));
    }
    int policies = r.nextInt(6);
    for (int i = 0; i < policies; i++) {
      String tier = security && r.nextBoolean() ? "security" : Tier.DEFAULT_NAME;
      Double order = r.nextBoolean() ? null : (double) r.nextInt(5);
      Set<PolicyType> types = types();
      boolean global = r.nextInt(10) < 3;
      String ns = global ? null : pick("ns-a", "ns-b");
      List<Rule> ingress = new ArrayList<>();
      List<Rule> egress = new ArrayList<>();
      boolean ingressOk = types.isEmpty() || types.contains(PolicyType.INGRESS);
      boolean egressOk = types.isEmpty() || types.contains(PolicyType.EGRESS);
      for (int k = ingressOk ? r.nextInt(4) : 0; k > 0; k--) {
        ingress.add(rule(ns, PolicyType.INGRESS));
      }
      for (int k = egressOk ? r.nextInt(4) : 0; k > 0; k--) {
        egress.add(rule(ns, PolicyType.EGRESS));
      }
      Selector sel = Selector.parse(pick(SELECTORS));
      if (global) {
        b.policy(
            GlobalNetworkPolicy.builder("gp-" + i)
                .tier(tier)
                .order(order)
                .selector(sel)
                .namespaceSelector(
                    r.nextInt(4) == 0 ? Selector.parse(pick(NAMESPACE_SELECTORS)) : null)
                .types(types)
                .ingress(ingress)
                .egress(egress)
                .build());
      } else {
        b.policy(
            NetworkPolicy.builder("np-" + i)
                .namespace(ns)
                .tier(tier)
                .order(order)
                .selector(sel)
                .types(types)
                .ingress(ingress)
                .egress(egress)
                .build());
      }
    }
    return b.build();
  }

  private Set<PolicyType> types() {
    switch (r.nextInt(5)) {
      case 0:
        return EnumSet.of(PolicyType.INGRESS);
      case 1:
        return EnumSet.of(PolicyType.EGRESS);
      case 2:
        return EnumSet.of(PolicyType.INGRESS, PolicyType.EGRESS);
      default:
        return Set.of();
    }
  }

  private Rule rule(String ns, PolicyType direction) {
    int a = r.nextInt(100);
    Action action =
        a < 40 ? Action.ALLOW : a < 65 ? Action.DENY : a < 88 ? Action.PASS : Action.LOG;
    Rule.Builder b = Rule.builder(action);
    int p = r.nextInt(100);
    Protocol proto = p < 40 ? null : p < 75 ? Protocol.TCP : Protocol.UDP;
    b.protocol(proto);
    if (proto == null && r.nextInt(10) == 0) {
      b.notProtocol(r.nextBoolean() ? Protocol.TCP : Protocol.UDP);
    }
    b.source(side(proto, false));
    b.destination(side(proto, true));
    return b.build();
  }

  private EntityRule side(Protocol proto, boolean destination) {
    EntityRule.Builder e = EntityRule.builder();
    if (r.nextInt(100) < 35) {
      e.selector(pick(SELECTORS));
    }
    if (r.nextInt(100) < 10) {
      e.notSelector(Selector.parse(pick(SELECTORS)));
    }
    if (r.nextInt(100) < 15) {
      e.namespaceSelector(pick(NAMESPACE_SELECTORS));
    }
    if (r.nextInt(100) < 15) {
      e.net(NETS.get(r.nextInt(NETS.size())));
    }
    if (r.nextInt(100) < 10) {
      e.notNets(List.of(NETS.get(r.nextInt(NETS.size()))));
    }
    if (proto != null && destination && r.nextInt(100) < 55) {
      e.ports(ports());
    }
    if (proto != null && destination && r.nextInt(100) < 12) {
      e.notPorts(ports());
    }
    if (proto != null && !destination && r.nextInt(100) < 5) {
      e.port(Port.range(20000, 40000)); // source ports: the probes use 20000 and up
    }
    return e.build();
  }

  private List<Port> ports() {
    List<Port> all =
        List.of(
            Port.of(80),
            Port.of(81),
            Port.of(8080),
            Port.of(53),
            Port.of(5353),
            Port.range(80, 81),
            Port.range(5000, 6000),
            Port.named("http"),
            Port.named("dns"),
            Port.named("web"));
    List<Port> out = new ArrayList<>();
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      out.add(all.get(r.nextInt(all.size())));
    }
    return out;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[r.nextInt(options.length)];
  }

  private <T> T pick(List<T> options) {
    return options.get(r.nextInt(options.size()));
  }

  /** One pod of the model with new random labels. */
  WorkloadEndpoint relabel(PolicyModel model) {
    WorkloadEndpoint e =
        (WorkloadEndpoint) model.endpoints().get(r.nextInt(model.endpoints().size()));
    Labels labels = Labels.of("app", pick("web", "db", "cache"));
    if (r.nextBoolean()) {
      labels = labels.with("role", pick("x", "y"));
    }
    return WorkloadEndpoint.builder(e.namespace(), e.name())
        .interfaceName(e.interfaceName())
        .addresses(e.addresses())
        .labels(labels)
        .profiles(e.profiles())
        .ports(e.ports())
        .build();
  }

  /** About {@code count} probes between distinct pods, over the echo servers' ports. */
  List<PodNetwork.Probe> probes(int count) {
    List<PodNetwork.Probe> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int from = 1 + r.nextInt(pods);
      int to = 1 + r.nextInt(pods - 1);
      if (to >= from) {
        to++;
      }
      boolean tcp = r.nextInt(5) < 3;
      int port =
          tcp
              ? PodNetwork.TCP_PORTS[r.nextInt(PodNetwork.TCP_PORTS.length)]
              : PodNetwork.UDP_PORTS[r.nextInt(PodNetwork.UDP_PORTS.length)];
      out.add(new PodNetwork.Probe(from, to, tcp, port));
    }
    return out;
  }
}
