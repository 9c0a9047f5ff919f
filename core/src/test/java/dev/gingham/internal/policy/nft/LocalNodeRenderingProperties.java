package dev.gingham.internal.policy.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.NftablesOptions;
import dev.gingham.net.IpAddress;
import dev.gingham.policy.Action;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.HostEndpoint;
import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.policy.Labels;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Rule;
import dev.gingham.policy.WorkloadEndpoint;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.jspecify.annotations.Nullable;

/**
 * A renderer told its node ({@link NftablesOptions#localNode()}) against one that renders every
 * endpoint: the local ruleset must be the full one with the other nodes' interfaces taken out of
 * every set that holds interfaces, and with the profile lists only other nodes use taken out; every
 * chain and every address, network and named-port set must be the same. Core has no packet
 * evaluator over a rendered ruleset (the kernel differential properties in impl-linux are that), so
 * verdict equality is shown structurally: a packet of a local interface is judged by the same
 * chains, by its own interface's memberships (kept whole) and by address sets (kept whole), so it
 * gets the same verdict from both.
 */
class LocalNodeRenderingProperties {
  /** Sets whose elements name an interface: dispatch, policy, tier and profile membership. */
  private static boolean perEndpoint(String set) {
    return set.equals("wl-ifaces")
        || set.equals("wl-addrs")
        || set.equals("he-ifaces")
        || set.startsWith("i-")
        || set.startsWith("t-")
        || set.startsWith("pm-");
  }

  @Property(tries = 60)
  @Label("the local ruleset is the full one without other nodes' per-endpoint elements")
  void localRulesetIsTheFullOneWithoutRemoteEndpointState(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int endpoints,
      @ForAll @IntRange(min = 0, max = 12) int policies,
      @ForAll @IntRange(min = 1, max = 4) int nodes) {
    Random r = new Random(seed);
    String self = "node-" + r.nextInt(nodes + 1); // sometimes a node with no endpoints
    PolicyModel model = model(r, endpoints, policies, nodes);
    NftPolicyRenderer full = new NftPolicyRenderer(NftablesOptions.DEFAULT);
    NftPolicyRenderer local = local(self);
    Rendered all = Rendered.of(full.load(model), full.chains());
    Rendered mine = Rendered.of(local.load(model), local.chains());

    assertThat(mine).isEqualTo(expected(all, model, self));
    Set<String> remote = new HashSet<>();
    for (Endpoint e : model.endpoints()) {
      if (e.node() != null && !e.node().equals(self)) {
        remote.add("\"" + e.interfaceName() + "\"");
      }
    }
    mine.elements()
        .forEach(
            (set, keys) ->
                assertThat(keys)
                    .as("elements of %s naming another node's interface", set)
                    .noneMatch(k -> remote.contains(k.split(" \\. ")[0])));
    Statistics.collect(remote.isEmpty() ? "no remote endpoint" : "remote endpoints");
  }

  @Property(tries = 40)
  @Label("an update to a local renderer gives what a fresh load gives")
  void updateEqualsAFreshLoad(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int endpoints,
      @ForAll @IntRange(min = 0, max = 8) int policies,
      @ForAll @IntRange(min = 1, max = 3) int nodes) {
    Random r = new Random(seed);
    String self = "node-" + r.nextInt(nodes);
    PolicyModel before = model(new Random(seed), endpoints, policies, nodes);
    // The same seed again with one more endpoint and a different draw of nodes and labels after it.
    PolicyModel after = model(new Random(seed ^ r.nextLong()), endpoints + 1, policies, nodes);
    NftPolicyRenderer updated = local(self);
    updated.load(before);
    updated.update(after);
    NftPolicyRenderer fresh = local(self);
    fresh.load(after);
    assertThat(Rendered.of(updated.full(), updated.chains()))
        .isEqualTo(Rendered.of(fresh.full(), fresh.chains()));
  }

  @Example
  void aBlankLocalNodeIsRefusedByName() {
    assertThatThrownBy(() -> NftablesOptions.builder().localNode(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("' '");
  }

  @Example
  void anEndpointWithABadNodeNameIsRefusedByField() {
    assertThatThrownBy(
            () ->
                WorkloadEndpoint.builder("ns", "pod")
                    .interfaceName("gw1")
                    .node("Not_A_Node")
                    .build())
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("spec.node")
        .hasMessageContaining("Not_A_Node");
  }

  // ------------------------------------------------------------------------------ helpers

  private static NftPolicyRenderer local(String node) {
    return new NftPolicyRenderer(NftablesOptions.builder().localNode(node).build());
  }

  /**
   * Workloads of {@link NftPolicyRendererTest}, spread over nodes, with profiles; host endpoints.
   */
  private static PolicyModel model(Random r, int endpoints, int policies, int nodes) {
    List<String> profileNames = List.of("pa", "pb", "pc");
    PolicyModel.Builder b = PolicyModel.builder();
    for (String p : profileNames) {
      b.profile(
          Profile.of(
              p,
              Labels.of("prof", p),
              List.of(Rule.of(r.nextBoolean() ? Action.ALLOW : Action.DENY)),
              List.of(Rule.of(Action.ALLOW))));
    }
    for (int i = 0; i < endpoints; i++) {
      WorkloadEndpoint w = NftPolicyRendererTest.endpoint(i, "app" + r.nextInt(10));
      List<String> profiles = new ArrayList<>();
      for (String p : profileNames) {
        if (r.nextInt(3) == 0) {
          profiles.add(p);
        }
      }
      b.endpoint(
          new WorkloadEndpoint(
              w.namespace(),
              w.name(),
              w.interfaceName(),
              w.addresses(),
              w.labels(),
              profiles,
              w.ports(),
              node(r, nodes)));
    }
    for (int n = 0; n < nodes; n++) {
      if (r.nextBoolean()) {
        b.endpoint(
            new HostEndpoint(
                "host-" + n,
                "eth" + n,
                List.of(IpAddress.parse("192.168.0." + (n + 1))),
                Labels.of("app", "app" + r.nextInt(10)),
                r.nextBoolean() ? List.of("pa") : List.of(),
                List.of(),
                "node-" + n));
      }
    }
    b.policies(NftPolicyRendererTest.policies(policies));
    return b.build();
  }

  private static @Nullable String node(Random r, int nodes) {
    return r.nextInt(8) == 0 ? null : "node-" + r.nextInt(nodes);
  }

  /** The full ruleset as a local renderer of {@code self} should render it. */
  private static Rendered expected(Rendered full, PolicyModel model, String self) {
    Set<String> localIfaces = new HashSet<>();
    for (Endpoint e : model.endpoints()) {
      if (e.node() == null || e.node().equals(self)) {
        localIfaces.add("\"" + e.interfaceName() + "\"");
      }
    }
    Map<String, Set<String>> elements = new TreeMap<>();
    Set<String> sets = new TreeSet<>(full.sets());
    full.elements()
        .forEach(
            (set, keys) -> {
              Set<String> kept = new TreeSet<>();
              for (String k : keys) {
                if (!perEndpoint(set) || localIfaces.contains(k.split(" \\. ")[0])) {
                  kept.add(k);
                }
              }
              if (set.startsWith("pm-") && kept.isEmpty()) {
                sets.remove(set); // a list of profiles only other nodes' endpoints have
              } else if (!kept.isEmpty()) {
                elements.put(set, kept);
              }
            });
    Map<String, List<String>> chains = new TreeMap<>();
    full.chains()
        .forEach(
            (name, rules) -> {
              if (name.startsWith("pl-")
                  && !sets.contains("pm-" + name.substring(3, name.lastIndexOf('-')))) {
                return;
              }
              List<String> kept = new ArrayList<>();
              for (String rule : rules) {
                int at = rule.indexOf("@pm-");
                if (at < 0 || sets.contains(rule.substring(at + 1, rule.indexOf(' ', at)))) {
                  kept.add(rule);
                }
              }
              chains.put(name, kept);
            });
    return new Rendered(sets, elements, chains);
  }

  /** What a ruleset is made of, comparable: set names, non-empty elements by set, chains. */
  record Rendered(
      Set<String> sets, Map<String, Set<String>> elements, Map<String, List<String>> chains) {
    static Rendered of(FilterTransaction full, Map<String, List<String>> chains) {
      Set<String> sets = new TreeSet<>();
      Map<String, Set<String>> elements = new TreeMap<>();
      for (FilterTransaction.Operation op : full.operations()) {
        if (op.object() instanceof FilterObject.NamedSet s) {
          sets.add(s.name());
        } else if (op.object() instanceof FilterObject.Element el) {
          elements.computeIfAbsent(el.container(), k -> new TreeSet<>()).add(el.key());
        }
      }
      return new Rendered(sets, elements, new TreeMap<>(chains));
    }
  }
}
