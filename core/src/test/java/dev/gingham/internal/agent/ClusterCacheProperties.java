package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpAddress;
import dev.gingham.resource.NodeSpec;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.WorkloadEndpointSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Snapshots made by applying batches of changes equal a snapshot listed from scratch, share what
 * the changes did not touch, and recompute derived values only when their kinds change.
 */
class ClusterCacheProperties {
  /** One change: a node or an endpoint put (with a version) or deleted. */
  record Change(boolean endpoint, int name, boolean delete, int version) {
    ResourceId id() {
      return endpoint
          ? new ResourceId(ResourceKind.WORKLOAD_ENDPOINT, "ns", "wep-" + name)
          : ResourceId.of(ResourceKind.NODE, "node-" + name);
    }

    Resource<?> resource() {
      if (endpoint) {
        IpAddress a = IpAddress.parse("10.0." + (version % 250) + "." + (name + 1));
        return Resource.of(
            ResourceKind.WORKLOAD_ENDPOINT,
            ObjectMeta.of("ns", "wep-" + name),
            WorkloadEndpointSpec.builder("gw" + name)
                .node("node-" + (version % 3))
                .ipNetworks(List.of(a.toPrefix()))
                .build());
      }
      return Resource.of(
          ResourceKind.NODE,
          ObjectMeta.builder("node-" + name)
              .labels(dev.gingham.policy.Labels.of(Map.of("v", "v" + version)))
              .build(),
          NodeSpec.of(null));
    }
  }

  @Provide
  Arbitrary<Change> changes() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 40),
            Arbitraries.integers().between(0, 3).map(i -> i == 0),
            Arbitraries.integers().between(0, 1000))
        .as(Change::new);
  }

  @Property(tries = 300)
  void batchesAppliedEqualTheStateListedFromScratch(
      @ForAll @Size(max = 200) List<@net.jqwik.api.From("changes") Change> changes,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 17) int batch) {
    Map<ResourceId, Resource<?>> truth = new LinkedHashMap<>();
    ClusterCache cache = ClusterCache.of(List.of(), 0);
    for (int from = 0; from < changes.size(); from += batch) {
      List<Change> part = changes.subList(from, Math.min(changes.size(), from + batch));
      // As the syncer folds a batch: by id, the last change winning.
      Map<ResourceId, Change> folded = new LinkedHashMap<>();
      for (Change c : part) {
        folded.put(c.id(), c);
        if (c.delete()) {
          truth.remove(c.id());
        } else {
          truth.put(c.id(), c.resource());
        }
      }
      List<Resource<?>> puts = new ArrayList<>();
      List<ResourceId> deletes = new ArrayList<>();
      for (Change c : folded.values()) {
        if (c.delete()) {
          deletes.add(c.id());
        } else {
          puts.add(c.resource());
        }
      }
      ClusterCache before = cache;
      cache = cache.apply(puts, deletes, from + 1);
      boolean nodesTouched = folded.values().stream().anyMatch(c -> !c.endpoint());
      boolean endpointsTouched = folded.values().stream().anyMatch(Change::endpoint);
      if (!nodesTouched) {
        assertThat(cache.sameKinds(before, List.of(ResourceKind.NODE)))
            .as("nodes untouched by the batch are shared")
            .isTrue();
      }
      if (!endpointsTouched) {
        assertThat(cache.sameKinds(before, List.of(ResourceKind.WORKLOAD_ENDPOINT))).isTrue();
      }
    }
    ClusterCache scratch = ClusterCache.of(truth.values(), 1);
    assertThat(cache.size()).isEqualTo(truth.size());
    assertThat(cache.all()).isEqualTo(scratch.all());
    assertThat(cache.list(ResourceKind.NODE)).isEqualTo(scratch.list(ResourceKind.NODE));
    assertThat(cache.list(ResourceKind.WORKLOAD_ENDPOINT))
        .isEqualTo(scratch.list(ResourceKind.WORKLOAD_ENDPOINT));
    for (int n = 0; n < 3; n++) {
      assertThat(cache.endpointsOf("node-" + n)).isEqualTo(scratch.endpointsOf("node-" + n));
    }
    for (int i = 0; i <= 40; i++) {
      ResourceId id = ResourceId.of(ResourceKind.NODE, "node-" + i);
      assertThat(cache.get(ResourceKind.NODE, "node-" + i).orElse(null)).isEqualTo(truth.get(id));
    }
  }

  @Test
  void aDerivedValueIsComputedOnceUntilOneOfItsKindsChanges() {
    AtomicInteger computed = new AtomicInteger();
    List<ResourceKind<?>> kinds = List.of(ResourceKind.WORKLOAD_ENDPOINT);
    Change wep = new Change(true, 1, false, 1);
    Change node = new Change(false, 1, false, 1);
    ClusterCache a = ClusterCache.of(List.of(wep.resource(), node.resource()), 1);
    a.derive("count", kinds, c -> computed.incrementAndGet());
    a.derive("count", kinds, c -> computed.incrementAndGet());
    ClusterCache b = a.apply(List.of(new Change(false, 2, false, 1).resource()), List.of(), 2);
    assertThat((Integer) b.derive("count", kinds, c -> computed.incrementAndGet())).isEqualTo(1);
    ClusterCache c = b.apply(List.of(new Change(true, 2, false, 1).resource()), List.of(), 3);
    assertThat((Integer) c.derive("count", kinds, x -> computed.incrementAndGet())).isEqualTo(2);
    assertThat(computed).hasValue(2);
  }

  @Test
  void deletingTheLastResourceOfAKindLeavesItEmptyAndAMissingDeleteChangesNothing() {
    Resource<?> n = new Change(false, 1, false, 1).resource();
    ClusterCache a = ClusterCache.of(List.of(n), 1);
    ClusterCache b = a.apply(List.of(), List.of(ResourceId.of(ResourceKind.NODE, "node-9")), 2);
    assertThat(b.sameKinds(a, List.of(ResourceKind.NODE))).isTrue();
    assertThat(b.list(ResourceKind.NODE)).containsExactly(n.as(ResourceKind.NODE));
    ClusterCache c = b.apply(List.of(), List.of(n.id()), 3);
    assertThat(c.list(ResourceKind.NODE)).isEmpty();
    assertThat(c.size()).isZero();
    assertThat(c.get(ResourceKind.NODE, "node-1")).isEmpty();
  }
}
