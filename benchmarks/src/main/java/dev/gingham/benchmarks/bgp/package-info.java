/**
 * Benchmarks of the BGP engine: UPDATE decode plus Adj-RIB-In and Loc-RIB insert from a realistic
 * synthetic table, and a harness that measures the heap a million routes hold.
 */
@NullMarked
package dev.gingham.benchmarks.bgp;

import org.jspecify.annotations.NullMarked;
