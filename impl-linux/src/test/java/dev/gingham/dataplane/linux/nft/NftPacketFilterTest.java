package dev.gingham.dataplane.linux.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.NftablesOptions;
import dev.gingham.core.Policies;
import dev.gingham.core.PolicyRenderer;
import dev.gingham.dataplane.linux.Prerequisites;
import dev.gingham.dataplane.linux.Shell;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Port;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.WorkloadEndpoint;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packet filter against the real kernel, in a namespace of its own. */
class NftPacketFilterTest {
  private static final String NS = PodNetwork.PREFIX + "filter";
  private final NftPacketFilter filter = new NftPacketFilter();
  private final PathNamespace ns = PathNamespace.named(NS);

  @BeforeEach
  void setUp() {
    Prerequisites.require();
    Shell.run(false, "ip", "netns", "delete", NS);
    Shell.run("ip", "netns", "add", NS);
  }

  @AfterEach
  void tearDown() {
    filter.close();
    Shell.run(false, "ip", "netns", "delete", NS);
  }

  private static PolicyModel model(int endpoints) {
    PolicyModel.Builder b = PolicyModel.builder();
    for (int i = 1; i <= endpoints; i++) {
      b.endpoint(
          WorkloadEndpoint.builder("prod", "pod-" + i)
              .interfaceName("gw" + i)
              .address(PodNetwork.address(i))
              .labels(Labels.of("app", i % 2 == 0 ? "web" : "db"))
              .build());
    }
    b.policy(
        NetworkPolicy.builder("web")
            .namespace("prod")
            .selector("app == 'web'")
            .ingress(
                Rule.builder(Action.ALLOW)
                    .protocol(Protocol.TCP)
                    .source(EntityRule.builder().selector("app == 'db'").build())
                    .destination(
                        EntityRule.builder().port(Port.of(80)).port(Port.range(8000, 8100)).build())
                    .build())
            .ingress(
                Rule.builder(Action.DENY)
                    .source(EntityRule.builder().net(IpPrefix.parse("10.0.0.0/8")).build())
                    .build())
            .build());
    return b.build();
  }

  @Test
  void appliesTheFullProgramAndReadsItBack() {
    PolicyRenderer r = Policies.nftables(NftablesOptions.DEFAULT);
    FilterTransaction full = r.load(model(4));
    filter.apply(ns, full);
    Optional<FilterTable> t = filter.read(ns, FilterFamily.INET, "gingham");
    assertThat(t).isPresent();
    assertThat(r.repair(t.get()).operations()).as("no drift right after apply").isEmpty();
    assertThat(t.get().elements().get("wl-ifaces"))
        .extracting(FilterObject.Element::key)
        .contains("\"gw1\"", "\"gw4\"");
    // Applying the full program again converges to the same table.
    filter.apply(ns, r.full());
    assertThat(r.repair(filter.read(ns, FilterFamily.INET, "gingham").orElseThrow()).operations())
        .isEmpty();
  }

  @Test
  void appliesIncrementalChangesAndRepairsDrift() {
    PolicyRenderer r = Policies.nftables(NftablesOptions.DEFAULT);
    filter.apply(ns, r.load(model(4)));
    // One more endpoint: a small transaction.
    FilterTransaction add =
        r.putEndpoint(
            WorkloadEndpoint.builder("prod", "pod-5")
                .interfaceName("gw5")
                .address(PodNetwork.address(5))
                .labels(Labels.of("app", "web"))
                .build());
    assertThat(add.operations().size()).isLessThan(20);
    filter.apply(ns, add);
    assertThat(r.repair(filter.read(ns, FilterFamily.INET, "gingham").orElseThrow()).operations())
        .isEmpty();
    // Someone deletes an element and adds a chain: drift, repaired.
    Shell.run(
        "ip", "netns", "exec", NS, "nft", "delete element inet gingham wl-ifaces { \"gw5\" }");
    Shell.run("ip", "netns", "exec", NS, "nft", "add chain inet gingham stray");
    FilterTable drifted = filter.read(ns, FilterFamily.INET, "gingham").orElseThrow();
    FilterTransaction repair = r.repair(drifted);
    assertThat(repair.operations()).isNotEmpty();
    filter.apply(ns, repair);
    FilterTable repaired = filter.read(ns, FilterFamily.INET, "gingham").orElseThrow();
    assertThat(r.repair(repaired).operations()).isEmpty();
    assertThat(repaired.chains()).extracting(FilterObject.Chain::name).doesNotContain("stray");
  }

  @Test
  void elementOnlyChangesGoOverNetlinkAndReadBackAsNftWroteThem() {
    PolicyRenderer r = Policies.nftables(NftablesOptions.DEFAULT);
    filter.apply(ns, r.load(model(4)));
    List<WorkloadEndpoint> added = new java.util.ArrayList<>();
    for (int i = 5; i <= 40; i++) {
      WorkloadEndpoint e =
          WorkloadEndpoint.builder("prod", "pod-" + i)
              .interfaceName("gw" + i)
              .address(PodNetwork.address(i))
              .labels(Labels.of("app", i % 3 == 0 ? "web" : "db"))
              .build();
      FilterTransaction tx = r.putEndpoint(e);
      assertThat(tx.operations()).allMatch(op -> op.object() instanceof FilterObject.Element);
      filter.apply(ns, tx);
      added.add(e);
    }
    // Adjacent addresses in interval sets, concatenations, verdict maps: as nft reads them.
    assertThat(r.repair(filter.read(ns, FilterFamily.INET, "gingham").orElseThrow()).operations())
        .isEmpty();
    for (WorkloadEndpoint e : added.subList(0, 20)) {
      filter.apply(ns, r.removeEndpoint(e));
    }
    FilterTable t = filter.read(ns, FilterFamily.INET, "gingham").orElseThrow();
    assertThat(r.repair(t).operations()).isEmpty();
    assertThat(t.elements().get("wl-ifaces")).hasSize(4 + 16);
  }

  @Test
  void aRefusedNetlinkBatchChangesNothingAndNamesTheOperation() {
    PolicyRenderer r = Policies.nftables(NftablesOptions.DEFAULT);
    filter.apply(ns, r.load(model(2)));
    FilterTable before = filter.read(ns, FilterFamily.INET, "gingham").orElseThrow();
    FilterTransaction bad =
        FilterTransaction.builder(FilterFamily.INET, "gingham")
            .add(new FilterObject.Element("wl-ifaces", "\"gw77\"", null))
            .delete(new FilterObject.Element("wl-ifaces", "\"gw-absent\"", null))
            .build();
    assertThatThrownBy(() -> filter.apply(ns, bad))
        .isInstanceOf(DataplaneException.class)
        .hasMessageContaining("operation 1 (delete elements of wl-ifaces)")
        .hasMessageContaining("ENOENT");
    FilterTable after = filter.read(ns, FilterFamily.INET, "gingham").orElseThrow();
    assertThat(after.elements()).isEqualTo(before.elements());
  }

  @Test
  void aRefusedTransactionChangesNothingAndNamesTheOperation() {
    PolicyRenderer r = Policies.nftables(NftablesOptions.DEFAULT);
    filter.apply(ns, r.load(model(2)));
    FilterTable before = filter.read(ns, FilterFamily.INET, "gingham").orElseThrow();
    FilterTransaction bad =
        FilterTransaction.builder(FilterFamily.INET, "gingham")
            .add(FilterObject.Chain.regular("fine"))
            .add(FilterObject.Rule.of("fine", "ip saddr @no-such-set drop"))
            .build();
    assertThatThrownBy(() -> filter.apply(ns, bad))
        .isInstanceOf(DataplaneException.class)
        .hasMessageContaining("operation 1")
        .hasMessageContaining("no-such-set");
    FilterTable after = filter.read(ns, FilterFamily.INET, "gingham").orElseThrow();
    assertThat(after.chains()).isEqualTo(before.chains());
    assertThat(after.elements()).isEqualTo(before.elements());
  }

  @Test
  void readsNothingWhereThereIsNoTableAndDeletesTables() {
    assertThat(filter.read(ns, FilterFamily.INET, "gingham")).isEmpty();
    assertThat(filter.deleteTable(ns, FilterFamily.INET, "gingham")).isFalse();
    filter.apply(ns, Policies.nftables(NftablesOptions.DEFAULT).load(model(1)));
    assertThat(filter.deleteTable(ns, FilterFamily.INET, "gingham")).isTrue();
    assertThat(filter.read(ns, FilterFamily.INET, "gingham")).isEmpty();
  }

  @Test
  void renderedScriptIsStable() {
    String a = NftScript.of(Policies.nftables(NftablesOptions.DEFAULT).load(model(6))).text();
    String b = NftScript.of(Policies.nftables(NftablesOptions.DEFAULT).load(model(6))).text();
    assertThat(a).isEqualTo(b);
    assertThat(List.of(a.split("\n"))).anyMatch(l -> l.startsWith("add rule inet gingham p-"));
  }
}
