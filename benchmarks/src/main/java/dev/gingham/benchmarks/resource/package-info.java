/** Benchmarks of resources: their document form, as a store's records and watches carry it. */
@NullMarked
package dev.gingham.benchmarks.resource;

import org.jspecify.annotations.NullMarked;
