/**
 * The packet filter, in nftables' object model: one table per owner, holding chains, rules, named
 * sets and maps, changed by atomic transactions. Objects are typed; a rule's match-and-verdict body
 * is nftables rule text, as Kubernetes' knftables does it, so that nothing of nftables' expressive
 * power is lost to a lowest common denominator.
 */
@NullMarked
package dev.gingham.spi.dataplane.filter;

import org.jspecify.annotations.NullMarked;
