package dev.gingham.dataplane.linux.nft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.NftablesOptions;
import dev.gingham.core.Policies;
import dev.gingham.core.PolicyRenderer;
import dev.gingham.dataplane.linux.Prerequisites;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.Packet;
import dev.gingham.policy.PolicyEvaluator;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.Verdict;
import dev.gingham.policy.WorkloadEndpoint;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The rendered nftables program against the reference evaluator, on the real kernel: random seeded
 * models over six pods in two namespaces, routed through a node namespace that holds Gingham's
 * table; about 200 concurrent TCP and UDP probes per case; every probe that got through must be one
 * the evaluator allows, and every one that did not, one it denies. The first case loads the full
 * program, the later ones apply the renderer's incremental transactions, so both are checked.
 */
class KernelDifferentialProperties {
  private static final int PODS = 6;
  private static final int PROBES = 200;
  private static PodNetwork net;
  private static PolicyRenderer renderer;
  private static final NftPacketFilter FILTER = new NftPacketFilter();

  @BeforeContainer
  static void up() {
    Prerequisites.require();
    PodNetwork.removeStale();
    net = new PodNetwork("d" + ProcessHandle.current().pid(), PODS);
    renderer = Policies.nftables(NftablesOptions.DEFAULT);
  }

  @AfterContainer
  static void down() {
    FILTER.close();
    if (net != null) {
      net.close();
      net = null;
    }
  }

  @Property(tries = 15, seed = "8123456789", shrinking = ShrinkingMode.OFF)
  @Label("every probe the kernel lets through is one the evaluator allows, and only those")
  void kernelAgreesWithEvaluator(@ForAll long seed) throws IOException {
    RandomPolicies random = new RandomPolicies(seed, PODS);
    PolicyModel model = random.model();
    boolean first = renderer.model().endpoints().isEmpty();
    FilterTransaction tx = first ? renderer.load(model) : renderer.update(model);
    PathNamespace node = PathNamespace.named(net.node);
    FILTER.apply(node, tx);
    assertThat(
            renderer
                .repair(FILTER.read(node, FilterFamily.INET, "gingham").orElseThrow())
                .operations())
        .as("the kernel holds what the renderer handed out")
        .isEmpty();

    List<String> mismatches = new ArrayList<>();
    int allowed = probeAndCompare(model, random.probes(PROBES), mismatches);

    // Then one pod's labels change, incrementally: only set elements change, sent over netlink.
    WorkloadEndpoint moved = random.relabel(model);
    FilterTransaction change = renderer.putEndpoint(moved);
    assertThat(change.operations())
        .allMatch(
            op -> op.object() instanceof dev.gingham.spi.dataplane.filter.FilterObject.Element);
    FILTER.apply(node, change);
    PolicyModel after = renderer.model();
    allowed += probeAndCompare(after, random.probes(PROBES / 2), mismatches);

    Statistics.collect(allowed == 0 ? "all denied" : "some allowed");
    Statistics.collect(
        change.operations().isEmpty() ? "relabel changed nothing" : "relabel changed elements");
    if (!mismatches.isEmpty()) {
      Path dump = Path.of("target", "differential-" + seed + ".nft");
      Files.createDirectories(dump.getParent());
      Files.writeString(
          dump,
          model
              + "\n\n"
              + NftScript.of(renderer.full()).text()
              + "\n"
              + String.join("\n", mismatches));
    }
    assertThat(mismatches)
        .as("probes where the kernel and the evaluator disagree (model and program in target/)")
        .isEmpty();
  }

  /** Probes, judges each with the evaluator over {@code model}; returns how many it allows. */
  private static int probeAndCompare(
      PolicyModel model, List<PodNetwork.Probe> probes, List<String> mismatches)
      throws IOException {
    List<PodNetwork.Seen> seen = net.probe(probes, Duration.ofMillis(700));
    PolicyEvaluator evaluator = Policies.evaluator(model);
    int allowed = 0;
    for (int i = 0; i < probes.size(); i++) {
      PodNetwork.Probe p = probes.get(i);
      PodNetwork.Seen s = seen.get(i);
      Packet packet =
          p.tcp()
              ? Packet.tcp(
                  PodNetwork.address(p.from()),
                  s.sourcePort(),
                  PodNetwork.address(p.to()),
                  p.port())
              : Packet.udp(
                  PodNetwork.address(p.from()),
                  s.sourcePort(),
                  PodNetwork.address(p.to()),
                  p.port());
      Verdict v = evaluator.evaluate(packet, endpoint(model, p.from()), endpoint(model, p.to()));
      allowed += v.allowed() ? 1 : 0;
      if (v.allowed() != s.ok()) {
        mismatches.add(
            packet + ": kernel " + (s.ok() ? "ALLOWED" : "DENIED") + ", evaluator " + v.explain());
      }
    }
    return allowed;
  }

  private static Endpoint endpoint(PolicyModel model, int pod) {
    String name = "pod-" + pod;
    return model.endpoints().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }
}
