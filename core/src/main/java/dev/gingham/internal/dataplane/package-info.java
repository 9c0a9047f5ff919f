/**
 * The simulated dataplane ({@code "simulated"}): every part of the Dataplane SPI, held in memory
 * with the kernel's rules, so that routing and policy can be tested without root and a thousand
 * nodes can run in one JVM.
 */
@NullMarked
package dev.gingham.internal.dataplane;

import org.jspecify.annotations.NullMarked;
