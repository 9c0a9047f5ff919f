/**
 * A synthetic full Internet routing table, seeded and reproducible, for the FIB and BGP benchmarks.
 */
@NullMarked
package dev.gingham.benchmarks.table;

import org.jspecify.annotations.NullMarked;
