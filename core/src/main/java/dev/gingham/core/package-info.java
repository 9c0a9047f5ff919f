/**
 * Factories for Gingham's engines. Each hands out an implementation that lives in an unexported
 * package, the way {@code java.net.http.HttpClient.newBuilder()} does: hosts program against the
 * interfaces of {@code dev.gingham.api}.
 */
@NullMarked
package dev.gingham.core;

import org.jspecify.annotations.NullMarked;
