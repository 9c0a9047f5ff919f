package dev.gingham.policy;

import org.jspecify.annotations.Nullable;

/**
 * The reference semantics of policy: what Gingham's dataplane must do, stated as plainly as
 * possible, with an explanation of every verdict. It is the specification the dataplane rendering
 * is tested against.
 *
 * <p>For each end of the packet that is a local endpoint, one stage: the source endpoint's egress,
 * then the destination endpoint's ingress. A stage walks the tiers in order. In each tier that has
 * a policy applying to the endpoint in that direction, the policies are walked in order and their
 * rules in order: the first rule that matches with Allow or Deny settles the stage, Pass skips to
 * the next tier, Log goes on. Reaching the end of such a tier denies. When no policy applies, or
 * every tier passed, the endpoint's profiles decide in the same way (the end of the profiles
 * denies); a workload with no profile is allowed, a host endpoint denied (its failsafe ports
 * excepted).
 *
 * <p>Selectors in rules match the endpoints and network sets that hold the packet's addresses.
 * Implementations are immutable over one {@link PolicyModel} and thread-safe.
 */
public interface PolicyEvaluator {

  /** The model this evaluator judges by. */
  PolicyModel model();

  /**
   * Decides a packet.
   *
   * @param packet the packet
   * @param source the endpoint that sends it, when it is local; null otherwise
   * @param destination the endpoint it is for, when it is local; null otherwise
   * @return the verdict and its explanation
   * @throws IllegalArgumentException if an endpoint is not in the model
   */
  Verdict evaluate(Packet packet, @Nullable Endpoint source, @Nullable Endpoint destination);
}
