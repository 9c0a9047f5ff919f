/**
 * The plugins' delegate mode: a long-running server on a Unix socket that runs the plugins'
 * invocations in process, with the store and dataplane opened once, for launchers that forward
 * their environment and stdin to it instead of starting a JVM.
 */
@NullMarked
package dev.gingham.cni.delegate;

import org.jspecify.annotations.NullMarked;
