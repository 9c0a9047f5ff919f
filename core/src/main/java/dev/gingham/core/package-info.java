/**
 * Gingham's façade: small static factories that hand out the engines' hidden implementations, the
 * way {@code java.net.http.HttpClient.newBuilder()} does, and the few interfaces they return that
 * have no better home in the API.
 */
@NullMarked
package dev.gingham.core;

import org.jspecify.annotations.NullMarked;
