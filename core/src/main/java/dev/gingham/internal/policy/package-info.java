/**
 * Gingham's policy engine: the reference evaluator, the label index, and the scoping and ordering
 * rules that the evaluator and the dataplane compiler share, so that both read policy the same way.
 */
@NullMarked
package dev.gingham.internal.policy;

import org.jspecify.annotations.NullMarked;
