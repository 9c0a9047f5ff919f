/**
 * The IPAM engine: {@link dev.gingham.ipam.Ipam} over the datastore SPI, with Calico's semantics.
 * Hosts get it from {@code dev.gingham.core.Ipams}; nothing here is exported.
 *
 * <p>Every decision is taken from records read with their revisions, and written by one transaction
 * that compares every one of those revisions, so that nothing is ever written from stale data; a
 * transaction that loses its race is retried from a fresh read, a bounded number of times ({@link
 * dev.gingham.internal.ipam.Attempts}).
 */
@NullMarked
package dev.gingham.internal.ipam;

import org.jspecify.annotations.NullMarked;
