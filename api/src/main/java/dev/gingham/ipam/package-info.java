/**
 * IP address management: pools cut into blocks that are made affine to hosts, and the {@link
 * dev.gingham.ipam.Ipam} service that hands addresses out of them with Calico's semantics.
 *
 * <p>The value types here ({@link dev.gingham.ipam.IpPool}, {@link dev.gingham.ipam.IpamConfig},
 * {@link dev.gingham.ipam.IpReservation}, {@link dev.gingham.ipam.AssignRequest} and the reports)
 * are immutable and check themselves when built: malformed input throws before anything reaches a
 * datastore. Errors that depend on the datastore's state are the unchecked {@link
 * dev.gingham.ipam.IpamException} subclasses, whose messages name the offending value.
 */
@NullMarked
package dev.gingham.ipam;

import org.jspecify.annotations.NullMarked;
