/**
 * Harnesses of the node agent on the kernel: pod-add-to-everywhere latency in a three-node
 * namespace cluster, and pod-to-pod throughput with and without a thousand policies.
 */
@NullMarked
package dev.gingham.benchmarks.agent;

import org.jspecify.annotations.NullMarked;
