/**
 * The packet filter on Linux: transactions rendered to {@code nft -f -} scripts, which nftables
 * applies atomically, and tables read back with {@code nft -j list table}.
 */
@NullMarked
package dev.gingham.dataplane.linux.nft;

import org.jspecify.annotations.NullMarked;
