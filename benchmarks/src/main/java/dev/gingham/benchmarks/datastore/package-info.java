/** Benchmarks of the datastores, side by side on one workload. */
@NullMarked
package dev.gingham.benchmarks.datastore;

import org.jspecify.annotations.NullMarked;
