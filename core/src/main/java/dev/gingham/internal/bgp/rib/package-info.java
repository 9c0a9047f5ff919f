/**
 * The RIBs: a dense index of prefixes, Adj-RIB-In per peer, the Loc-RIB with the RFC 4271 section
 * 9.1 decision process, and Adj-RIB-Out per peer with the iBGP and eBGP export rules.
 *
 * <p>Prefixes are numbered by a {@link dev.gingham.internal.bgp.rib.PrefixIndex}, and every table
 * is a primitive-keyed map from that number to an interned value, so that a route held in the
 * Adj-RIB-In and the Loc-RIB costs tens of bytes. Everything here runs on the speaker's event loop
 * and is not thread-safe.
 */
@NullMarked
package dev.gingham.internal.bgp.rib;

import org.jspecify.annotations.NullMarked;
