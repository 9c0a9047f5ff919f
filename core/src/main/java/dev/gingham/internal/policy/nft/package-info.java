/**
 * Policy compiled to nftables: the desired table (chains, named sets and verdict maps), kept up to
 * date incrementally and diffed against what was last handed out, so that a change yields the
 * smallest transaction that applies it.
 */
@NullMarked
package dev.gingham.internal.policy.nft;

import org.jspecify.annotations.NullMarked;
