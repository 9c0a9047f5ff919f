/**
 * Benchmarks of the policy engine: selector matching, the label index, the nftables compile and
 * render at cluster scale and its incremental updates, and the harness that applies the program to
 * the kernel with {@code nft -f}.
 */
@NullMarked
package dev.gingham.benchmarks.policy;

import org.jspecify.annotations.NullMarked;
