/**
 * The BGP-4 wire format: message framing, OPEN with capabilities, UPDATE with path attributes and
 * RFC 7606 error handling, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH, read from and written to
 * Netty buffers.
 *
 * <p>Decoders check the length before every read, return untouched on partial input, and have one
 * failure path per limit that names the limit and the value: a {@link
 * dev.gingham.internal.bgp.wire.NotificationException} carrying the NOTIFICATION to send.
 */
@NullMarked
package dev.gingham.internal.bgp.wire;

import org.jspecify.annotations.NullMarked;
