/**
 * The datastore extension point: a revisioned key/value store with compare-and-swap, transactions,
 * watches and leases.
 */
@NullMarked
package dev.gingham.spi.datastore;

import org.jspecify.annotations.NullMarked;
