/**
 * Synthetic full Internet routing tables, seeded and reproducible: {@link
 * dev.gingham.benchmarks.table.InternetTable} (clustered prefixes and 400,000 attribute sets, for
 * the FIB benchmarks) and {@link dev.gingham.benchmarks.table.FeedTable} (one transit peer's table
 * with the public AS-path-length distribution, written as MRT or encoded as one session's UPDATE
 * stream, for the BGP benchmarks).
 */
@NullMarked
package dev.gingham.benchmarks.table;

import org.jspecify.annotations.NullMarked;
