package dev.gingham.internal.agent;

import dev.gingham.internal.policy.PolicyDelta;
import dev.gingham.internal.resource.codec.PolicyModels;
import dev.gingham.policy.Endpoint;
import dev.gingham.policy.PolicyModel;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The policy model of one snapshot, with the deltas that led to it from the last few models: so
 * that the agents sharing a syncer compute each change of the model once, and each renderer that
 * applied one of those models follows by applying only what changed. Immutable.
 *
 * @param model the model
 * @param recent the last deltas, oldest first; the last one's {@code to()} is {@code model}, and
 *     each one's {@code from()} is the {@code to()} of the one before
 * @param endpoints the endpoint each endpoint resource of the snapshot made, by identity: a
 *     snapshot shares the resources a change did not touch with the one before, so the next step
 *     converts only the changed ones, and an unchanged endpoint is the very same object
 */
record PolicyStep(
    PolicyModel model, List<PolicyDelta> recent, Map<Resource<?>, Endpoint> endpoints) {
  /** How many deltas a step keeps: an agent further behind renders the whole model. */
  static final int KEPT = 4;

  PolicyStep {
    recent = List.copyOf(recent);
    endpoints = Collections.unmodifiableMap(endpoints);
  }

  /**
   * The step of a snapshot: its model made of these kinds, and the delta from {@code previous}'s
   * model (none when it is null, for the first).
   *
   * @throws dev.gingham.policy.InvalidPolicyException if the resources do not fit together
   */
  static PolicyStep of(ClusterCache c, List<ResourceKind<?>> kinds, @Nullable PolicyStep previous) {
    PolicyModel.Builder b = PolicyModel.builder();
    Map<Resource<?>, Endpoint> made = new IdentityHashMap<>();
    for (ResourceKind<?> k : kinds) {
      for (Resource<?> r : c.list(k)) {
        Endpoint e = previous == null ? null : previous.endpoints.get(r);
        if (e == null) {
          e = PolicyModels.endpoint(r);
        }
        if (e == null) {
          PolicyModels.add(b, r);
        } else {
          made.put(r, e);
          b.endpoint(e);
        }
      }
    }
    PolicyModel model = b.build();
    if (previous == null) {
      return new PolicyStep(model, List.of(), made);
    }
    List<PolicyDelta> r =
        new ArrayList<>(
            previous.recent.subList(
                Math.max(0, previous.recent.size() - KEPT + 1), previous.recent.size()));
    r.add(PolicyDelta.between(previous.model, model));
    return new PolicyStep(model, r, made);
  }

  /**
   * The deltas, in order, that take {@code applied} (by identity) to this step's model; empty when
   * it is this step's model, null when it is not among the last {@value #KEPT}.
   */
  @Nullable List<PolicyDelta> since(@Nullable PolicyModel applied) {
    if (applied == model) {
      return List.of();
    }
    for (int i = recent.size() - 1; i >= 0; i--) {
      if (recent.get(i).from() == applied) {
        return recent.subList(i, recent.size());
      }
    }
    return null;
  }
}
