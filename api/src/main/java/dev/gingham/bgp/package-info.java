/**
 * An embeddable BGP-4 speaker (RFC 4271) with multiprotocol extensions (RFC 4760): typed, immutable
 * values for routes and path attributes, a {@link dev.gingham.bgp.BgpSpeaker} façade started with
 * {@link dev.gingham.bgp.BgpSpeaker#builder()}, per-peer {@link dev.gingham.bgp.RoutePolicy} hooks
 * and an event subscription.
 *
 * <p>The engine lives in {@code gingham-core} and is found with {@link java.util.ServiceLoader}
 * through {@link dev.gingham.bgp.BgpSpeakerFactory}. No type of this package exposes a Netty type.
 */
@NullMarked
package dev.gingham.bgp;

import org.jspecify.annotations.NullMarked;
