package dev.gingham.internal.resource.codec;

import dev.gingham.ipam.AllowedUse;
import dev.gingham.ipam.EncapsulationMode;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.MacAddress;
import dev.gingham.policy.Action;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.IcmpMatch;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Port;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import dev.gingham.policy.Tier;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.BgpPeerSpec;
import dev.gingham.resource.HostAddress;
import dev.gingham.resource.HostEndpointSpec;
import dev.gingham.resource.NodeSpec;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.WorkloadEndpointSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Random valid resources of every kind, made from a seed: each field takes a value of its range or
 * is left unset, so that round trips cover what the codec writes and what it leaves out.
 */
final class ResourceArbitraries {
  private static final String[] SELECTORS = {
    "all()",
    "app == 'web'",
    "has(role)",
    "tier in {'a', 'b'} && !has(x)",
    "role != 'db' || app == 'x'"
  };
  private static final String[] LABEL_KEYS = {"app", "tier", "team", "example.com/role", "x_1"};
  private static final String[] LABEL_VALUES = {"a", "web", "x-1", "", "A.b_c"};

  private ResourceArbitraries() {}

  /** Resources of every kind, evenly. */
  static Arbitrary<Resource<?>> resources() {
    return Arbitraries.longs().map(seed -> resource(new Random(seed)));
  }

  static Resource<?> resource(Random r) {
    for (int attempt = 0; ; attempt++) {
      try {
        ResourceKind<?> k = ResourceKind.all().get(r.nextInt(ResourceKind.all().size()));
        return make(k, r);
      } catch (IllegalArgumentException e) {
        if (attempt > 100) {
          throw e; // a generator that keeps making invalid values is a bug in the generator
        }
      }
    }
  }

  private static Resource<?> make(ResourceKind<?> k, Random r) {
    String name = name(r);
    if (k == ResourceKind.IPAM_CONFIGURATION) {
      boolean strict = r.nextBoolean();
      IpamConfig c =
          IpamConfig.builder()
              .strictAffinity(strict)
              .autoAllocateBlocks(!strict || r.nextBoolean())
              .maxBlocksPerHost(1 + r.nextInt(100))
              .ipCooldown(Duration.ofMillis(r.nextBoolean() ? 0 : r.nextInt(1_200_000)))
              .build();
      return Resource.ipamConfiguration(c);
    }
    if (k == ResourceKind.IP_POOL) {
      IpPrefix cidr = prefix(r, r.nextInt(4) > 0);
      int min = cidr.family().bits() == 32 ? 20 : 116;
      int block = Math.max(min, cidr.length()) + r.nextInt(5);
      IpPool.Builder b =
          IpPool.builder(name, cidr)
              .blockSize(Math.min(block, cidr.family().bits()))
              .natOutgoing(r.nextBoolean())
              .disabled(r.nextBoolean())
              .disableBgpExport(r.nextBoolean())
              .nodeSelector(r.nextBoolean() ? "all()" : "rack == 'r" + r.nextInt(3) + "'");
      if (cidr.family().bits() == 32 && r.nextBoolean()) {
        b.ipipMode(EncapsulationMode.values()[r.nextInt(3)]);
      } else {
        b.vxlanMode(EncapsulationMode.values()[r.nextInt(3)]);
      }
      if (r.nextBoolean()) {
        b.allowedUses(AllowedUse.values()[r.nextInt(2)]);
      }
      if (r.nextBoolean()) {
        b.reservedPerBlock(r.nextInt(2), r.nextInt(2));
      }
      return Resource.of(ResourceKind.IP_POOL, ObjectMeta.of(name), b.build());
    }
    if (k == ResourceKind.IP_RESERVATION) {
      List<IpPrefix> cidrs = new ArrayList<>();
      for (int i = 0; i <= r.nextInt(3); i++) {
        cidrs.add(prefix(r, r.nextBoolean()));
      }
      return Resource.of(
          ResourceKind.IP_RESERVATION, ObjectMeta.of(name), IpReservation.of(name, cidrs));
    }
    ObjectMeta meta = meta(r, name, k.namespaced() ? namespace(r) : null);
    if (k == ResourceKind.BGP_CONFIGURATION) {
      BgpConfigurationSpec.Builder b = BgpConfigurationSpec.builder();
      if (r.nextBoolean()) {
        b.logSeverityScreen(BgpConfigurationSpec.LOG_SEVERITIES.get(r.nextInt(5)))
            .nodeToNodeMeshEnabled(r.nextBoolean())
            .asNumber(1 + (long) r.nextInt(Integer.MAX_VALUE) * 2)
            .listenPort(1 + r.nextInt(65535))
            .bindMode(BgpConfigurationSpec.BindMode.values()[r.nextInt(2)])
            .serviceClusterIps(List.of(prefix(r, true)))
            .serviceExternalIps(List.of(prefix(r, false)))
            .nodeMeshMaxRestartTime(Duration.ofSeconds(r.nextInt(1000)))
            .ignoredInterfaces(List.of("eth*", "docker0"))
            .communities(
                List.of(new BgpConfigurationSpec.NamedCommunity("c1", "65000:" + r.nextInt(65536))))
            .prefixAdvertisements(
                List.of(
                    new BgpConfigurationSpec.PrefixAdvertisement(
                        prefix(r, true), List.of("c1", "1:2:3"))));
      }
      return Resource.of(ResourceKind.BGP_CONFIGURATION, meta, b.build());
    }
    if (k == ResourceKind.BGP_PEER) {
      BgpPeerSpec.Builder b = BgpPeerSpec.builder();
      if (r.nextBoolean()) {
        IpAddress peer = address(r, r.nextBoolean());
        b.peerIp(peer)
            .asNumber(1 + r.nextInt(Integer.MAX_VALUE))
            .peerPort(r.nextBoolean() ? 0 : 1 + r.nextInt(65535));
        if (r.nextBoolean()) {
          b.reachableBy(address(r, peer.bitLength() == 32));
        }
      } else {
        b.peerSelector(Selector.parse(SELECTORS[r.nextInt(SELECTORS.length)]));
      }
      switch (r.nextInt(3)) {
        case 0:
          b.node(name(r));
          break;
        case 1:
          b.nodeSelector(Selector.parse(SELECTORS[r.nextInt(SELECTORS.length)]));
          break;
        default:
          break;
      }
      b.keepOriginalNextHop(r.nextBoolean())
          .sourceAddress(BgpPeerSpec.SourceAddress.values()[r.nextInt(2)])
          .maxRestartTime(r.nextBoolean() ? null : Duration.ofMillis(r.nextInt(10_000_000)))
          .numAllowedLocalAsNumbers(r.nextInt(11))
          .ttlSecurity(r.nextInt(256))
          .filters(r.nextBoolean() ? List.of() : List.of("f1", "f2"));
      return Resource.of(ResourceKind.BGP_PEER, meta, b.build());
    }
    if (k == ResourceKind.NODE) {
      NodeSpec.Bgp bgp =
          r.nextBoolean()
              ? null
              : new NodeSpec.Bgp(
                  new HostAddress(address(r, true), r.nextInt(33)),
                  r.nextBoolean() ? null : new HostAddress(address(r, false), r.nextInt(129)),
                  r.nextBoolean() ? null : 1L + r.nextInt(Integer.MAX_VALUE),
                  r.nextBoolean() ? null : Ipv4Address.of(r.nextInt()),
                  r.nextBoolean() ? null : address(r, true));
      NodeSpec n =
          new NodeSpec(
              bgp,
              r.nextBoolean() ? null : address(r, true),
              r.nextBoolean() ? null : MacAddress.of(r.nextLong() & 0xFFFF_FFFF_FFFFL),
              r.nextBoolean()
                  ? List.of()
                  : List.of(
                      new NodeSpec.Address(
                          new HostAddress(address(r, true), 24), NodeSpec.AddressType.INTERNAL_IP),
                      new NodeSpec.Address(new HostAddress(address(r, false), 128), null)),
              r.nextBoolean() ? List.of() : List.of(new NodeSpec.OrchRef(name, "k8s")));
      return Resource.of(ResourceKind.NODE, meta, n);
    }
    if (k == ResourceKind.TIER) {
      return Resource.of(ResourceKind.TIER, meta, Tier.of(name, order(r)));
    }
    if (k == ResourceKind.PROFILE) {
      return Resource.of(
          ResourceKind.PROFILE, meta, Profile.of(name, labels(r), rules(r, true), rules(r, true)));
    }
    if (k == ResourceKind.NETWORK_SET || k == ResourceKind.GLOBAL_NETWORK_SET) {
      NetworkSet s =
          new NetworkSet(
              meta.namespace(), name, meta.labels(), List.of(prefix(r, true), prefix(r, false)));
      return Resource.of(
          k.namespaced() ? ResourceKind.NETWORK_SET : ResourceKind.GLOBAL_NETWORK_SET, meta, s);
    }
    List<Rule> in = rules(r, false);
    List<Rule> out = rules(r, false);
    Set<PolicyType> types = EnumSet.noneOf(PolicyType.class);
    if (!in.isEmpty() || r.nextBoolean()) {
      types.add(PolicyType.INGRESS);
    }
    if (!out.isEmpty() || types.isEmpty()) {
      types.add(PolicyType.EGRESS);
    }
    if (k == ResourceKind.NETWORK_POLICY) {
      NetworkPolicy p =
          NetworkPolicy.builder(name)
              .namespace(meta.namespace())
              .tier(r.nextBoolean() ? "default" : "t" + r.nextInt(3))
              .order(order(r))
              .selector(Selector.parse(SELECTORS[r.nextInt(SELECTORS.length)]))
              .types(types)
              .ingress(in)
              .egress(out)
              .build();
      return Resource.of(ResourceKind.NETWORK_POLICY, meta, p);
    }
    if (k == ResourceKind.GLOBAL_NETWORK_POLICY) {
      GlobalNetworkPolicy p =
          GlobalNetworkPolicy.builder(name)
              .tier(r.nextBoolean() ? "default" : "t" + r.nextInt(3))
              .order(order(r))
              .selector(Selector.parse(SELECTORS[r.nextInt(SELECTORS.length)]))
              .namespaceSelector(
                  r.nextBoolean() ? null : Selector.parse(SELECTORS[r.nextInt(SELECTORS.length)]))
              .types(types)
              .ingress(in)
              .egress(out)
              .build();
      return Resource.of(ResourceKind.GLOBAL_NETWORK_POLICY, meta, p);
    }
    List<EndpointPort> ports =
        r.nextBoolean()
            ? List.of()
            : List.of(EndpointPort.of("http", Protocol.TCP, 1 + r.nextInt(65535)));
    List<String> profiles = r.nextBoolean() ? List.of() : List.of("kns.a", "ksa.a.b");
    if (k == ResourceKind.HOST_ENDPOINT) {
      return Resource.of(
          ResourceKind.HOST_ENDPOINT,
          meta,
          new HostEndpointSpec(
              r.nextBoolean() ? null : name(r),
              "eth" + r.nextInt(9),
              List.of(address(r, true)),
              profiles,
              ports));
    }
    IpAddress ip = address(r, r.nextBoolean());
    WorkloadEndpointSpec.Builder w =
        WorkloadEndpointSpec.builder("cali" + Integer.toHexString(r.nextInt(0xFFFFFF)))
            .address(ip)
            .profiles(profiles)
            .ports(ports);
    if (r.nextBoolean()) {
      w.node(name(r))
          .orchestrator("k8s")
          .workload("w")
          .pod("p-" + r.nextInt(9))
          .endpoint("eth0")
          .containerId(Long.toHexString(r.nextLong()))
          .serviceAccountName("default")
          .mac(MacAddress.of(r.nextLong() & 0xFFFF_FFFF_FFFFL))
          .ipNats(List.of(new WorkloadEndpointSpec.IpNat(ip, address(r, ip.bitLength() == 32))));
    }
    return Resource.of(ResourceKind.WORKLOAD_ENDPOINT, meta, w.build());
  }

  private static Double order(Random r) {
    switch (r.nextInt(3)) {
      case 0:
        return null;
      case 1:
        return (double) r.nextInt(10_000);
      default:
        return r.nextInt(1000) + 0.5;
    }
  }

  private static List<Rule> rules(Random r, boolean maybeEmpty) {
    List<Rule> out = new ArrayList<>();
    int n = r.nextInt(maybeEmpty ? 3 : 4);
    for (int i = 0; i < n; i++) {
      Rule.Builder b = Rule.builder(Action.values()[r.nextInt(Action.values().length)]);
      int p = r.nextInt(5);
      Protocol proto =
          p == 0
              ? null
              : p == 1
                  ? Protocol.TCP
                  : p == 2 ? Protocol.UDP : p == 3 ? Protocol.ICMP : Protocol.of(47);
      b.protocol(proto);
      if (proto != null && proto.isIcmp() && r.nextBoolean()) {
        b.icmp(new IcmpMatch(r.nextInt(255), r.nextBoolean() ? null : r.nextInt(256)));
      }
      if (r.nextBoolean()) {
        b.notProtocol(Protocol.of(r.nextInt(256)));
      }
      b.source(entity(r, proto));
      b.destination(entity(r, proto));
      if (r.nextInt(4) == 0) {
        b.annotations(Map.of("from", "frontend", "example.com/why", "free text: " + r.nextInt()));
      }
      out.add(b.build());
    }
    return out;
  }

  private static EntityRule entity(Random r, Protocol proto) {
    EntityRule.Builder e = EntityRule.builder();
    if (r.nextBoolean()) {
      e.net(prefix(r, true));
    }
    if (r.nextBoolean()) {
      e.notNets(List.of(prefix(r, false)));
    }
    if (r.nextBoolean()) {
      e.selector(SELECTORS[r.nextInt(SELECTORS.length)]);
    }
    if (r.nextBoolean()) {
      e.namespaceSelector(r.nextBoolean() ? "global()" : SELECTORS[r.nextInt(SELECTORS.length)]);
    }
    if (proto != null && proto.hasPorts() && r.nextBoolean()) {
      int a = r.nextInt(65536);
      e.port(Port.of(a)).port(Port.range(a / 2, a)).port(Port.named("http"));
    }
    return e.build();
  }

  private static ObjectMeta meta(Random r, String name, String namespace) {
    ObjectMeta.Builder b = ObjectMeta.builder(name).namespace(namespace).labels(labels(r));
    if (r.nextBoolean()) {
      b.annotations(Map.of("note", "free text: " + r.nextInt(), "example.com/x", ""));
    }
    if (r.nextBoolean()) {
      b.resourceVersion(1 + r.nextInt(Integer.MAX_VALUE))
          .uid(Long.toHexString(r.nextLong()))
          .creationTimestamp(Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE)));
    }
    return b.build();
  }

  private static Labels labels(Random r) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < r.nextInt(4); i++) {
      m.put(LABEL_KEYS[r.nextInt(LABEL_KEYS.length)], LABEL_VALUES[r.nextInt(LABEL_VALUES.length)]);
    }
    return Labels.of(m);
  }

  static String name(Random r) {
    StringBuilder s = new StringBuilder("n");
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789-.";
    for (int i = 0; i < r.nextInt(12); i++) {
      s.append(chars.charAt(r.nextInt(chars.length())));
    }
    return s.append(r.nextInt(10)).toString();
  }

  private static String namespace(Random r) {
    return "ns" + r.nextInt(5);
  }

  static IpAddress address(Random r, boolean v4) {
    byte[] bytes = new byte[v4 ? 4 : 16];
    r.nextBytes(bytes);
    return IpAddress.of(bytes);
  }

  static IpPrefix prefix(Random r, boolean v4) {
    int bits = v4 ? 32 : 128;
    int len = v4 ? 8 + r.nextInt(17) : 48 + r.nextInt(73);
    return IpPrefix.ofMasking(address(r, v4), Math.min(len, bits));
  }
}
