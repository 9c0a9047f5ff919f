/** JMH benchmarks of Gingham's hot paths, run side by side with peer libraries. */
@NullMarked
package dev.gingham.benchmarks;

import org.jspecify.annotations.NullMarked;
