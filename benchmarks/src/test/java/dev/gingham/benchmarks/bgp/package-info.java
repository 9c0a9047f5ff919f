/** Tests of the BGP harnesses. */
@NullMarked
package dev.gingham.benchmarks.bgp;

import org.jspecify.annotations.NullMarked;
