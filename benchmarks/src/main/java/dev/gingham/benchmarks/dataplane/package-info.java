/**
 * The Linux dataplane on the real kernel: route programming against {@code ip -batch} and {@code ip
 * route flush} in the same run, pod wiring per pod, and the netlink route encoder's cost.
 */
@NullMarked
package dev.gingham.benchmarks.dataplane;

import org.jspecify.annotations.NullMarked;
