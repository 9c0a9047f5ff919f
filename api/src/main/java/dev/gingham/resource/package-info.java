/**
 * The resources users write: the kinds of {@link dev.gingham.resource.ResourceKind} (IPPool,
 * IPReservation, IPAMConfiguration, BGPConfiguration, BGPPeer, Node, Tier, Profile, NetworkSet,
 * GlobalNetworkSet, NetworkPolicy, GlobalNetworkPolicy, HostEndpoint and WorkloadEndpoint), each a
 * {@link dev.gingham.resource.Resource} envelope of {@link dev.gingham.resource.ObjectMeta
 * metadata} and a typed spec, and the {@link dev.gingham.resource.ResourceStore} that keeps them in
 * a datastore.
 *
 * <p>A spec is the typed model of its domain where one exists ({@link dev.gingham.ipam.IpPool},
 * {@link dev.gingham.policy.NetworkPolicy}…) and a spec type of this package where none does
 * ({@link dev.gingham.resource.BgpPeerSpec}, {@link dev.gingham.resource.NodeSpec}…).
 *
 * <p>Every type here is an immutable value that validates itself: bad values throw an {@link
 * dev.gingham.resource.InvalidResourceException} naming the field and the reason. The documents'
 * YAML and JSON form is Calico's {@code projectcalico.org/v3} schema for these kinds, under either
 * apiVersion {@value dev.gingham.resource.Resource#API_VERSION} or {@value
 * dev.gingham.resource.Resource#CALICO_API_VERSION}; {@code dev.gingham.core.Resources} reads and
 * writes it.
 */
@NullMarked
package dev.gingham.resource;

import org.jspecify.annotations.NullMarked;
