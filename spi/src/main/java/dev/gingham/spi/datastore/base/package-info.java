/**
 * Building blocks for datastore implementations: watch fan-out with bounded delivery, and URI
 * options. Hosts never need these.
 */
@NullMarked
package dev.gingham.spi.datastore.base;

import org.jspecify.annotations.NullMarked;
