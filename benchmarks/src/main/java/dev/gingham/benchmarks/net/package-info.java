/** Benchmarks of {@code dev.gingham.net} against the IPAddress library. */
@NullMarked
package dev.gingham.benchmarks.net;

import org.jspecify.annotations.NullMarked;
