package dev.gingham.internal.policy.nft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.NftablesOptions;
import dev.gingham.internal.policy.PolicyDelta;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.Policy;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Rule;
import dev.gingham.policy.WorkloadEndpoint;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * A renderer that follows a model through deltas ({@link NftPolicyRenderer#update(PolicyDelta)})
 * must end exactly where a fresh load of the last model starts: the same chains, sets and elements,
 * and, with every transaction applied in turn to a simulated packet filter, the same table as the
 * fresh load's transaction gives. The changes are random: endpoints added, removed and relabelled,
 * profiles whose inherited labels change (so equal endpoints and network sets change their
 * effective labels), network sets, and policies and a global policy on inherited labels coming and
 * going.
 */
class PolicyDeltaProperties {

  @Property(tries = 80)
  @Label("random changes applied as deltas render what a full render of the final model renders")
  void deltasEqualAFullRender(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 30) int endpoints,
      @ForAll @IntRange(min = 1, max = 6) int steps,
      @ForAll boolean localNode) {
    Random r = new Random(seed);
    NftablesOptions options =
        localNode ? NftablesOptions.builder().localNode("node-0").build() : NftablesOptions.DEFAULT;
    Models models = new Models(r, endpoints);
    PolicyModel first = models.next();
    NftPolicyRenderer followed = new NftPolicyRenderer(options);
    List<FilterTransaction> txns = new ArrayList<>();
    txns.add(followed.load(first));
    PolicyModel at = first;
    int changes = 0;
    for (int i = 0; i < steps; i++) {
      models.mutate();
      PolicyModel next = models.next();
      PolicyDelta d = PolicyDelta.between(at, next);
      changes += d.size();
      assertThat(followed.applied()).as("the delta path, not the fallback").isSameAs(at);
      txns.add(followed.update(d));
      at = next;
    }
    NftPolicyRenderer fresh = new NftPolicyRenderer(options);
    FilterTransaction load = fresh.load(at);

    assertThat(LocalNodeRenderingProperties.Rendered.of(followed.full(), followed.chains()))
        .isEqualTo(LocalNodeRenderingProperties.Rendered.of(fresh.full(), fresh.chains()));
    assertThat(followed.stats()).isEqualTo(fresh.stats());
    assertThat(followed.model()).isEqualTo(fresh.model());
    try (Dataplane dp = Dataplanes.open("simulated")) {
      assertThat(table(dp, "followed", txns)).isEqualTo(table(dp, "fresh", List.of(load)));
    }
    Statistics.collect(
        changes == 0 ? "no change" : changes < 10 ? "< 10 changes" : ">= 10 changes");
  }

  @Property(tries = 30)
  @Label("a delta from another model than the one applied falls back to the whole model")
  void aStaleDeltaFallsBack(@ForAll long seed, @ForAll @IntRange(min = 0, max = 20) int endpoints) {
    Random r = new Random(seed);
    Models models = new Models(r, endpoints);
    PolicyModel a = models.next();
    models.mutate();
    PolicyModel b = models.next();
    models.mutate();
    PolicyModel c = models.next();
    NftPolicyRenderer followed = new NftPolicyRenderer(NftablesOptions.DEFAULT);
    followed.load(a);
    followed.update(PolicyDelta.between(b, c)); // the renderer never saw b
    NftPolicyRenderer fresh = new NftPolicyRenderer(NftablesOptions.DEFAULT);
    fresh.load(c);
    assertThat(followed.applied()).isSameAs(c);
    assertThat(LocalNodeRenderingProperties.Rendered.of(followed.full(), followed.chains()))
        .isEqualTo(LocalNodeRenderingProperties.Rendered.of(fresh.full(), fresh.chains()));
  }

  @Example
  void aPodAddIsADeltaOfOneEndpoint() {
    Models models = new Models(new Random(1), 200);
    PolicyModel a = models.next();
    List<Endpoint> eps = new ArrayList<>(a.endpoints());
    eps.add(
        WorkloadEndpoint.builder("ns1", "late")
            .interfaceName("gwlate")
            .address(IpAddress.parse("10.9.9.9"))
            .node("node-1")
            .build());
    PolicyModel b =
        new PolicyModel(
            a.tiers(),
            a.policies(),
            a.profiles(),
            a.networkSets(),
            eps,
            a.failsafeInbound(),
            a.failsafeOutbound());
    PolicyDelta d = PolicyDelta.between(a, b);
    assertThat(d.size()).isEqualTo(1);
    assertThat(d.endpointsPut())
        .extracting(Endpoint::resource)
        .containsExactly(eps.get(eps.size() - 1).resource());
    NftPolicyRenderer followed =
        new NftPolicyRenderer(NftablesOptions.builder().localNode("node-0").build());
    followed.load(a);
    FilterTransaction tx = followed.update(d);
    // Another node's pod: only address-set elements, no chain.
    assertThat(tx.operations())
        .allSatisfy(op -> assertThat(op.object()).isInstanceOf(FilterObject.Element.class));
  }

  /** The table a sequence of transactions leaves in a new namespace, comparable. */
  private static Map<String, Object> table(
      Dataplane dp, String name, List<FilterTransaction> txns) {
    try (NetworkNamespace ns = dp.namespaces().create(name)) {
      for (FilterTransaction t : txns) {
        dp.packetFilter().apply(ns, t);
      }
      FilterTable t = dp.packetFilter().read(ns, FilterFamily.INET, "gingham").orElseThrow();
      Map<String, Object> out = new TreeMap<>();
      for (FilterObject.Chain c : t.chains()) {
        List<String> bodies = new ArrayList<>();
        t.rules().getOrDefault(c.name(), List.of()).forEach(rule -> bodies.add(rule.body()));
        out.put("chain " + c.name() + " " + c.hook(), bodies);
      }
      t.sets().forEach(s -> out.put("set " + s.name(), s.type() + " " + s.flags()));
      t.maps().forEach(m -> out.put("map " + m.name(), m.keyType() + " " + m.valueType()));
      t.elements()
          .forEach(
              (set, els) -> {
                Set<String> keys = new TreeSet<>();
                els.forEach(e -> keys.add(e.key() + " " + e.value()));
                out.put("elements " + set, keys);
              });
      return out;
    }
  }

  /** A model that changes at random, step by step. */
  private static final class Models {
    private final Random r;
    private final Map<String, WorkloadEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private final Map<String, NetworkSet> sets = new LinkedHashMap<>();
    private final List<Policy> policies = new ArrayList<>();
    private boolean teamPolicy;
    private int nextEndpoint;

    Models(Random r, int endpoints) {
      this.r = r;
      for (String p : List.of("pa", "pb", "kns.ns1")) {
        profiles.put(p, profile(p));
      }
      for (int i = 0; i < endpoints; i++) {
        addEndpoint();
      }
      sets.put("a", set("a"));
      policies.addAll(NftPolicyRendererTest.policies(r.nextInt(8)));
      teamPolicy = r.nextBoolean();
    }

    PolicyModel next() {
      PolicyModel.Builder b = PolicyModel.builder();
      profiles.values().forEach(b::profile);
      sets.values().forEach(b::networkSet);
      b.policies(policies);
      if (teamPolicy) {
        b.policy(
            GlobalNetworkPolicy.builder("team-a")
                .selector("team == 'a'")
                .ingress(
                    Rule.builder(Action.ALLOW)
                        .source(EntityRule.builder().selector("team == 'b'").build())
                        .build())
                .build());
      }
      b.endpoints(new ArrayList<>(endpoints.values()));
      return b.build();
    }

    void mutate() {
      int n = 1 + r.nextInt(4);
      for (int i = 0; i < n; i++) {
        switch (r.nextInt(9)) {
          case 0, 1 -> addEndpoint();
          case 2 -> removeOne(endpoints);
          case 3 -> relabelEndpoint();
          case 4 -> {
            String p = List.of("pa", "pb", "kns.ns1").get(r.nextInt(3));
            profiles.put(p, profile(p)); // new inherited labels (or the same)
          }
          case 5 -> {
            String s = "s" + r.nextInt(3);
            if (sets.containsKey(s) && r.nextBoolean()) {
              sets.remove(s);
            } else {
              sets.put(s, set(s));
            }
          }
          case 6 -> policies.clear();
          case 7 -> {
            policies.clear();
            policies.addAll(NftPolicyRendererTest.policies(1 + r.nextInt(8)));
          }
          default -> teamPolicy = !teamPolicy;
        }
      }
    }

    private void addEndpoint() {
      int i = nextEndpoint++;
      WorkloadEndpoint w = NftPolicyRendererTest.endpoint(i, "app" + r.nextInt(10));
      endpoints.put(w.resource(), withProfilesAndNode(w));
    }

    private void relabelEndpoint() {
      if (endpoints.isEmpty()) {
        return;
      }
      List<WorkloadEndpoint> all = new ArrayList<>(endpoints.values());
      WorkloadEndpoint w = all.get(r.nextInt(all.size()));
      endpoints.put(
          w.resource(),
          new WorkloadEndpoint(
              w.namespace(),
              w.name(),
              w.interfaceName(),
              w.addresses(),
              Labels.of("app", "app" + r.nextInt(10), "idx", Integer.toString(r.nextInt(7))),
              w.profiles(),
              w.ports(),
              w.node()));
    }

    private WorkloadEndpoint withProfilesAndNode(WorkloadEndpoint w) {
      List<String> ps = new ArrayList<>();
      for (String p : List.of("pa", "pb")) {
        if (r.nextInt(3) == 0) {
          ps.add(p);
        }
      }
      if (w.namespace().equals("ns1") && r.nextBoolean()) {
        ps.add("kns.ns1");
      }
      return new WorkloadEndpoint(
          w.namespace(),
          w.name(),
          w.interfaceName(),
          w.addresses(),
          w.labels(),
          ps,
          w.ports(),
          "node-" + r.nextInt(3));
    }

    private Profile profile(String name) {
      Labels labels =
          switch (r.nextInt(3)) {
            case 0 -> Labels.of("team", "a");
            case 1 -> Labels.of("team", "b", "idx", Integer.toString(r.nextInt(7)));
            default -> Labels.empty();
          };
      return Profile.of(
          name,
          labels,
          List.of(Rule.of(r.nextBoolean() ? Action.ALLOW : Action.DENY)),
          List.of(Rule.of(Action.ALLOW)));
    }

    private NetworkSet set(String name) {
      List<IpPrefix> nets = new ArrayList<>();
      int k = 1 + r.nextInt(3);
      for (int i = 0; i < k; i++) {
        nets.add(IpPrefix.parse("172.16." + r.nextInt(8) + ".0/" + (24 + r.nextInt(8))));
      }
      Labels labels = r.nextBoolean() ? Labels.of("team", "b") : Labels.empty();
      return NetworkSet.of("ns1", name, labels, nets);
    }

    private <V> void removeOne(Map<String, V> m) {
      if (!m.isEmpty()) {
        List<String> keys = new ArrayList<>(m.keySet());
        m.remove(keys.get(r.nextInt(keys.size())));
      }
    }
  }
}
