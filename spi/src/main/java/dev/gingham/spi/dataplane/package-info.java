/**
 * The dataplane extension point: what a node does to its kernel. Every operation names the network
 * namespace it acts in with a {@link dev.gingham.spi.dataplane.NetworkNamespace} handle, never with
 * a thread's hidden state.
 */
@NullMarked
package dev.gingham.spi.dataplane;

import org.jspecify.annotations.NullMarked;
