package dev.gingham.internal.agent;

import dev.gingham.internal.policy.PolicyDelta;
import dev.gingham.policy.PolicyModel;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The policy model of one snapshot, with the deltas that led to it from the last few models: so
 * that the agents sharing a syncer compute each change of the model once, and each renderer that
 * applied one of those models follows by applying only what changed. Immutable.
 *
 * @param model the model
 * @param recent the last deltas, oldest first; the last one's {@code to()} is {@code model}, and
 *     each one's {@code from()} is the {@code to()} of the one before
 */
record PolicyStep(PolicyModel model, List<PolicyDelta> recent) {
  /** How many deltas a step keeps: an agent further behind renders the whole model. */
  static final int KEPT = 4;

  PolicyStep {
    recent = List.copyOf(recent);
  }

  /** The first model of a lineage: no delta leads to it. */
  static PolicyStep first(PolicyModel model) {
    return new PolicyStep(model, List.of());
  }

  /** The next step, to {@code next}, with the delta from this step's model. */
  PolicyStep next(PolicyModel next) {
    List<PolicyDelta> r =
        new ArrayList<>(recent.subList(Math.max(0, recent.size() - KEPT + 1), recent.size()));
    r.add(PolicyDelta.between(model, next));
    return new PolicyStep(next, r);
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
