/**
 * Benchmarks of the IPAM engine: assignment and release through {@code dev.gingham.ipam.Ipam} on
 * the in-memory and SQLite stores.
 */
@NullMarked
package dev.gingham.benchmarks.ipam;

import org.jspecify.annotations.NullMarked;
