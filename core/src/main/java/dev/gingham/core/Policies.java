package dev.gingham.core;

import dev.gingham.internal.policy.ReferenceEvaluator;
import dev.gingham.internal.policy.nft.NftPolicyRenderer;
import dev.gingham.policy.PolicyEvaluator;
import dev.gingham.policy.PolicyModel;

/** Factories for the policy engine. */
public final class Policies {
  private Policies() {}

  /** The reference evaluator over a model. */
  public static PolicyEvaluator evaluator(PolicyModel model) {
    return new ReferenceEvaluator(model);
  }

  /** An nftables renderer with nothing loaded. */
  public static PolicyRenderer nftables(NftablesOptions options) {
    return new NftPolicyRenderer(options);
  }
}
