/**
 * The resource store over the datastore SPI: typed writes that are all or nothing where a
 * transaction allows, reads, and watches for a syncer. Its key layout is in {@link
 * dev.gingham.internal.resource.store.ResourceKeys}; pools, reservations and the IPAM configuration
 * stay in IPAM's own records.
 */
@NullMarked
package dev.gingham.internal.resource.store;

import org.jspecify.annotations.NullMarked;
