/**
 * MRT (RFC 6396): a reader and a writer of TABLE_DUMP_V2 (peer index tables and IPv4/IPv6 unicast
 * RIB records, with RFC 8050's ADD-PATH variants) and BGP4MP (messages and state changes), and the
 * conversion between their records and {@link dev.gingham.bgp.PeerTable}s.
 */
@NullMarked
package dev.gingham.internal.bgp.mrt;

import org.jspecify.annotations.NullMarked;
