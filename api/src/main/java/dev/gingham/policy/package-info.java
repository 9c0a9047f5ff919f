/**
 * Network policy, with Calico's semantics: label {@link dev.gingham.policy.Selector selectors},
 * tiers of ordered policies whose rules Allow, Deny, Pass or Log, profiles, network sets and
 * endpoints, and the {@link dev.gingham.policy.PolicyEvaluator reference evaluator} that explains
 * each verdict.
 *
 * <p>Every type here is an immutable value that validates itself: a bad value throws an {@link
 * dev.gingham.policy.InvalidPolicyException} (or, for selector text, a {@link
 * dev.gingham.policy.SelectorSyntaxException}) naming the resource, the field and the value.
 */
@NullMarked
package dev.gingham.policy;

import org.jspecify.annotations.NullMarked;
