/**
 * Network namespaces as handles: file descriptors held open, a worker thread that enters a
 * namespace to open a socket or touch {@code /proc/sys/net} and always comes back, and named
 * namespaces made as {@code ip netns} makes them.
 */
@NullMarked
package dev.gingham.dataplane.linux.netns;

import org.jspecify.annotations.NullMarked;
