package dev.gingham.internal.policy.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.NftablesOptions;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EndpointPort;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.Policy;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Port;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.WorkloadEndpoint;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NftPolicyRendererTest {

  static WorkloadEndpoint endpoint(int i, String app) {
    return WorkloadEndpoint.builder("ns" + (i % 5), "pod-" + i)
        .interfaceName("gw" + i)
        .address(IpAddress.parse("10.1." + (i / 250) + "." + (1 + i % 250)))
        .labels(Labels.of("app", app, "idx", Integer.toString(i % 7)))
        .port(EndpointPort.of("http", Protocol.TCP, 8000 + i % 3))
        .build();
  }

  static List<Policy> policies(int count) {
    List<Policy> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          NetworkPolicy.builder("pol-" + i)
              .namespace("ns" + (i % 5))
              .order((double) (i % 3))
              .selector("app == 'app" + (i % 10) + "'")
              .ingress(
                  Rule.builder(Action.ALLOW)
                      .protocol(Protocol.TCP)
                      .source(EntityRule.builder().selector("idx == '" + (i % 7) + "'").build())
                      .destination(
                          EntityRule.builder().port(Port.named("http")).port(Port.of(80)).build())
                      .build())
              .egress(
                  Rule.builder(i % 2 == 0 ? Action.PASS : Action.DENY)
                      .destination(EntityRule.builder().net(IpPrefix.parse("192.0.2.0/24")).build())
                      .build())
              .build());
    }
    return out;
  }

  static PolicyModel model(int endpoints, int policies, long shuffle) {
    List<WorkloadEndpoint> eps = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      eps.add(endpoint(i, "app" + (i % 10)));
    }
    List<Policy> ps = policies(policies);
    if (shuffle != 0) {
      Collections.shuffle(eps, new Random(shuffle));
      Collections.shuffle(ps, new Random(shuffle));
    }
    return PolicyModel.builder().endpoints(eps).policies(ps).build();
  }

  static NftPolicyRenderer renderer() {
    return new NftPolicyRenderer(NftablesOptions.DEFAULT);
  }

  @Test
  void theSameModelRendersTheSameWhateverTheOrderOfItsParts() {
    FilterTransaction a = renderer().load(model(300, 40, 0));
    FilterTransaction b = renderer().load(model(300, 40, 7));
    assertThat(a).isEqualTo(b);
    // And incremental updates that end at the same model end at the same full program.
    NftPolicyRenderer r = renderer();
    r.load(model(100, 10, 0));
    r.update(model(300, 40, 3));
    assertThat(r.full()).isEqualTo(a);
  }

  @Test
  void addingAnEndpointChangesOnlyElements() {
    NftPolicyRenderer r = renderer();
    r.load(model(500, 50, 0));
    WorkloadEndpoint e = endpoint(500, "app3");
    FilterTransaction tx = r.putEndpoint(e);
    assertThat(tx.operations())
        .allSatisfy(
            op -> {
              assertThat(op.verb()).isEqualTo(FilterTransaction.Verb.ADD);
              assertThat(op.object()).isInstanceOf(FilterObject.Element.class);
            });
    assertThat(tx.operations()).hasSizeLessThan(40);
    assertThat(tx.operations())
        .extracting(FilterTransaction.Operation::object)
        .contains(
            new FilterObject.Element("wl-ifaces", "\"gw500\"", null),
            new FilterObject.Element("wl-addrs", "\"gw500\" . 10.1.2.1", null));
  }

  @Test
  void changingALabelChangesOnlySetElements() {
    NftPolicyRenderer r = renderer();
    r.load(model(500, 50, 0));
    WorkloadEndpoint before = endpoint(42, "app2");
    WorkloadEndpoint after =
        WorkloadEndpoint.builder(before.namespace(), before.name())
            .interfaceName(before.interfaceName())
            .addresses(before.addresses())
            .labels(before.labels().with("app", "app5"))
            .ports(before.ports())
            .build();
    FilterTransaction tx = r.putEndpoint(after);
    assertThat(tx.operations()).isNotEmpty();
    assertThat(tx.operations())
        .allSatisfy(op -> assertThat(op.object()).isInstanceOf(FilterObject.Element.class));
    // Changing it back restores the elements, and the table equals a fresh render.
    r.putEndpoint(before);
    assertThat(r.full()).isEqualTo(renderer().load(model(500, 50, 0)));
  }

  @Test
  void removingAnEndpointDeletesOnlyElements() {
    NftPolicyRenderer r = renderer();
    r.load(model(50, 5, 0));
    WorkloadEndpoint e = endpoint(7, "app7");
    FilterTransaction tx = r.removeEndpoint(e);
    assertThat(tx.operations())
        .isNotEmpty()
        .allSatisfy(
            op -> {
              assertThat(op.verb()).isEqualTo(FilterTransaction.Verb.DELETE);
              assertThat(op.object()).isInstanceOf(FilterObject.Element.class);
            });
    assertThat(r.removeEndpoint(e).operations()).isEmpty();
    assertThat(r.full()).isEqualTo(renderer().load(without(model(50, 5, 0), e)));
  }

  static PolicyModel without(PolicyModel m, WorkloadEndpoint gone) {
    List<WorkloadEndpoint> eps = new ArrayList<>();
    m.endpoints().stream().filter(x -> !x.equals(gone)).forEach(x -> eps.add((WorkloadEndpoint) x));
    return PolicyModel.builder().endpoints(eps).policies(m.policies()).build();
  }

  @Test
  void ruleCountGrowsWithPoliciesAndNotWithEndpoints() {
    NftPolicyRenderer a = renderer();
    a.load(model(1000, 100, 0));
    NftPolicyRenderer b = renderer();
    b.load(model(2000, 100, 0));
    NftPolicyRenderer c = renderer();
    c.load(model(2000, 200, 0));
    // Endpoints are elements, not rules.
    assertThat(b.stats().rules()).isEqualTo(a.stats().rules());
    assertThat(b.stats().elements()).isGreaterThan(a.stats().elements());
    // And a fixed number of rules per policy, whatever the endpoints.
    int perPolicy = (c.stats().rules() - b.stats().rules()) / 100;
    assertThat(c.stats().rules() - b.stats().rules()).isEqualTo(perPolicy * 100);
    assertThat(perPolicy).isBetween(2, 12);
  }

  @Test
  void equalSelectorsShareOneSet() {
    NftPolicyRenderer r = renderer();
    r.load(
        PolicyModel.builder()
            .policy(
                NetworkPolicy.builder("a")
                    .namespace("p")
                    .ingress(
                        Rule.builder(Action.ALLOW)
                            .source(EntityRule.builder().selector("x == '1' && y == '2'").build())
                            .build())
                    .build())
            .policy(
                NetworkPolicy.builder("b")
                    .namespace("p")
                    .ingress(
                        Rule.builder(Action.ALLOW)
                            .source(EntityRule.builder().selector("(y=='2') && x=='1'").build())
                            .build())
                    .build())
            .build());
    assertThat(r.chains().keySet()).filteredOn(n -> n.startsWith("p-")).hasSize(2);
    long selectorSets =
        r.full().operations().stream()
            .filter(
                op ->
                    op.verb() == FilterTransaction.Verb.ADD
                        && op.object() instanceof FilterObject.NamedSet)
            .filter(op -> ((FilterObject.NamedSet) op.object()).name().startsWith("s-"))
            .count();
    assertThat(selectorSets).isEqualTo(1);
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    NftPolicyRenderer r = renderer();
    PolicyModel good = model(20, 3, 0);
    r.load(good);
    WorkloadEndpoint v6 =
        WorkloadEndpoint.builder("ns1", "v6")
            .interfaceName("gw99")
            .address(IpAddress.parse("2001:db8::1"))
            .build();
    assertThatThrownBy(() -> r.putEndpoint(v6))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage(
            "WorkloadEndpoint ns1/v6: spec.addresses[0]: IPv6 address 2001:db8::1 is not rendered to nftables yet");
    WorkloadEndpoint badIface =
        WorkloadEndpoint.builder("ns1", "x")
            .interfaceName("eth0")
            .address(IpAddress.parse("10.9.0.1"))
            .build();
    assertThatThrownBy(() -> r.putEndpoint(badIface))
        .hasMessage(
            "WorkloadEndpoint ns1/x: spec.interfaceName: 'eth0' does not start with the workload prefix 'gw'");
    WorkloadEndpoint noProfile =
        WorkloadEndpoint.builder("ns1", "x").interfaceName("gw98").profile("kns.ns1").build();
    assertThatThrownBy(() -> r.putEndpoint(noProfile))
        .hasMessage("WorkloadEndpoint ns1/x: spec.profiles[0]: profile 'kns.ns1' does not exist");
    WorkloadEndpoint taken = WorkloadEndpoint.builder("ns1", "other").interfaceName("gw3").build();
    assertThatThrownBy(() -> r.putEndpoint(taken))
        .hasMessageContaining("interface 'gw3' is already");
    List<WorkloadEndpoint> withV6 = new ArrayList<>();
    good.endpoints().forEach(e -> withV6.add((WorkloadEndpoint) e));
    withV6.add(v6);
    PolicyModel bad = PolicyModel.builder().endpoints(withV6).policies(good.policies()).build();
    assertThatThrownBy(() -> r.update(bad)).isInstanceOf(InvalidPolicyException.class);
    assertThat(r.update(good).operations()).as("nothing changed").isEmpty();
    assertThat(r.model().endpoints()).hasSameSizeAs(good.endpoints());
    assertThat(r.full()).isEqualTo(renderer().load(good));
  }

  @Test
  void repairIsEmptyInSyncAndFullWithStrayDeletionsOtherwise() {
    NftPolicyRenderer r = renderer();
    FilterTransaction full = r.load(model(10, 2, 0));
    FilterTable mirror = mirror(full);
    assertThat(r.repair(mirror).operations()).isEmpty();
    List<FilterObject.Chain> chains = new ArrayList<>(mirror.chains());
    chains.add(FilterObject.Chain.regular("stray"));
    FilterTable drifted =
        new FilterTable(
            FilterFamily.INET,
            "gingham",
            chains,
            mirror.rules(),
            mirror.sets(),
            mirror.maps(),
            mirror.elements());
    FilterTransaction repair = r.repair(drifted);
    assertThat(repair.operations().get(repair.operations().size() - 1))
        .isEqualTo(
            new FilterTransaction.Operation(
                FilterTransaction.Verb.DELETE, FilterObject.Chain.regular("stray")));
  }

  /** The table a full transaction builds, as a reader would return it. */
  static FilterTable mirror(FilterTransaction full) {
    List<FilterObject.Chain> chains = new ArrayList<>();
    Map<String, List<FilterObject.Rule>> rules = new java.util.HashMap<>();
    List<FilterObject.NamedSet> sets = new ArrayList<>();
    List<FilterObject.NamedMap> maps = new ArrayList<>();
    Map<String, List<FilterObject.Element>> elements = new java.util.HashMap<>();
    for (FilterTransaction.Operation op : full.operations()) {
      if (op.verb() != FilterTransaction.Verb.ADD) {
        continue;
      }
      FilterObject o = op.object();
      if (o instanceof FilterObject.Chain) {
        chains.add((FilterObject.Chain) o);
      } else if (o instanceof FilterObject.Rule) {
        rules
            .computeIfAbsent(((FilterObject.Rule) o).chain(), k -> new ArrayList<>())
            .add((FilterObject.Rule) o);
      } else if (o instanceof FilterObject.NamedSet) {
        sets.add((FilterObject.NamedSet) o);
        elements.putIfAbsent(((FilterObject.NamedSet) o).name(), new ArrayList<>());
      } else if (o instanceof FilterObject.NamedMap) {
        maps.add((FilterObject.NamedMap) o);
        elements.putIfAbsent(((FilterObject.NamedMap) o).name(), new ArrayList<>());
      } else {
        FilterObject.Element e = (FilterObject.Element) o;
        elements.get(e.container()).add(e);
      }
    }
    return new FilterTable(FilterFamily.INET, "gingham", chains, rules, sets, maps, elements);
  }
}
