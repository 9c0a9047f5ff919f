/**
 * A seeded generator of Internet-like full tables: prefix-length and AS-path-length distributions
 * of the public IPv4 and IPv6 tables, attribute sets shared as one transit peer's table shares
 * them, written as MRT (TABLE_DUMP_V2) or encoded as one session's UPDATE stream.
 */
@NullMarked
package dev.gingham.benchmarks.table;

import org.jspecify.annotations.NullMarked;
