/**
 * The forwarding table behind {@link dev.gingham.route.PrefixMap}: a Patricia trie that holds the
 * prefixes (the RIB side: exact lookups, order, covering and covered queries) and a Poptrie built
 * from it for longest-prefix match (the FIB side), one pair per address family.
 */
@NullMarked
package dev.gingham.internal.route;

import org.jspecify.annotations.NullMarked;
