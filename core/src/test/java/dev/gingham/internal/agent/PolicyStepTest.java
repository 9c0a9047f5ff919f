package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.internal.policy.PolicyDelta;
import dev.gingham.internal.resource.codec.PolicyModels;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.Labels;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.WorkloadEndpointSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStepTest {
  private static final List<ResourceKind<?>> KINDS =
      List.of(ResourceKind.PROFILE, ResourceKind.WORKLOAD_ENDPOINT);

  private static Resource<WorkloadEndpointSpec> pod(int i, String app) {
    return Resource.of(
        ResourceKind.WORKLOAD_ENDPOINT,
        ObjectMeta.builder("pod-" + i).namespace("ns").labels(Labels.of("app", app)).build(),
        WorkloadEndpointSpec.builder("gw" + i)
            .node("node-" + (i % 3))
            .ipNetworks(List.of(IpPrefix.parse("10.64.0." + i + "/32")))
            .build());
  }

  @Test
  void aStepConvertsOnlyChangedResourcesAndItsDeltaHoldsExactlyTheChange() {
    List<Resource<?>> pods = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      pods.add(pod(i, "a"));
    }
    ClusterCache first = ClusterCache.of(pods, 1);
    PolicyStep one = PolicyStep.of(first, KINDS, null);
    assertThat(one.model()).isEqualTo(PolicyModels.of(first.list(ResourceKind.WORKLOAD_ENDPOINT)));
    assertThat(one.since(one.model())).isEmpty();

    Resource<?> relabelled = pod(7, "b");
    Resource<?> added = pod(60, "a");
    ClusterCache second = first.apply(List.of(relabelled, added), List.of(pods.get(3).id()), 2);
    PolicyStep two = PolicyStep.of(second, KINDS, one);

    List<Resource<?>> now = new ArrayList<>(second.list(ResourceKind.WORKLOAD_ENDPOINT));
    assertThat(two.model()).isEqualTo(PolicyModels.of(now));
    // Untouched resources made the very same endpoint objects.
    Resource<?> untouched = pods.get(10);
    assertThat(two.endpoints().get(untouched)).isSameAs(one.endpoints().get(untouched));

    List<PolicyDelta> deltas = two.since(one.model());
    assertThat(deltas).hasSize(1);
    PolicyDelta d = deltas.get(0);
    assertThat(d.endpointsPut())
        .extracting(Endpoint::resource)
        .containsExactlyInAnyOrder(
            PolicyModels.endpoint(relabelled).resource(), PolicyModels.endpoint(added).resource());
    assertThat(d.endpointsRemoved()).containsExactly(PolicyModels.endpoint(pods.get(3)).resource());
    assertThat(d.size()).isEqualTo(3);
    assertThat(two.since(PolicyModels.of(first.list(ResourceKind.WORKLOAD_ENDPOINT))))
        .as("another model, though equal")
        .isNull();
  }

  @Test
  void aStepKeepsTheLastFourDeltas() {
    List<Resource<?>> pods = new ArrayList<>(List.of(pod(1, "a")));
    ClusterCache c = ClusterCache.of(pods, 1);
    PolicyStep first = PolicyStep.of(c, KINDS, null);
    PolicyStep step = first;
    List<PolicyStep> steps = new ArrayList<>(List.of(first));
    for (int i = 2; i <= 6; i++) {
      c = c.apply(List.of(pod(i, "a")), List.<ResourceId>of(), i);
      step = PolicyStep.of(c, KINDS, step);
      steps.add(step);
    }
    assertThat(step.recent()).hasSize(PolicyStep.KEPT);
    assertThat(step.since(steps.get(0).model())).isNull();
    assertThat(step.since(steps.get(1).model())).hasSize(4);
    assertThat(step.since(steps.get(4).model())).hasSize(1);
  }
}
