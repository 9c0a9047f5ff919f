/**
 * The node agent's engine: node registration with address auto-detection, the syncer that keeps a
 * typed cache of the datastore (WaitForDatastore, Resyncing, InSync), the BGP peering computed from
 * Nodes, BGPPeers and the BGPConfiguration, the VXLAN tunnel, and the pass that recomputes routes
 * and policy from the cache and programs the dataplane. Handed out by {@code
 * dev.gingham.core.NodeAgents}.
 */
@NullMarked
package dev.gingham.internal.agent;

import org.jspecify.annotations.NullMarked;
