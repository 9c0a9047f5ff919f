/** Benchmarks of the forwarding table: longest-prefix match, updates and footprint. */
@NullMarked
package dev.gingham.benchmarks.route;

import org.jspecify.annotations.NullMarked;
