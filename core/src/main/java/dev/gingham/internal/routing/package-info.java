/**
 * The calculation that turns cluster state into a node's desired routes: a route per local
 * workload, a blackhole per local block, routes to remote blocks (learned over BGP, or derived from
 * the datastore without it) through IPIP or VXLAN as each pool says, and borrowed addresses. Its
 * inputs are small value types, so that the node agent can feed it from IPAM and BGP.
 */
@NullMarked
package dev.gingham.internal.routing;

import org.jspecify.annotations.NullMarked;
