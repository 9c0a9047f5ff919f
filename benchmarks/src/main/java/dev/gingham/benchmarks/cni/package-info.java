/**
 * The CNI plugins as a runtime runs them, timed against Debian's {@code ptp} with {@code
 * host-local} in the same run.
 */
@NullMarked
package dev.gingham.benchmarks.cni;

import org.jspecify.annotations.NullMarked;
