/**
 * The BGP speaker: a façade over one event loop that runs every peer's FSM, the RIBs and the
 * transport (Netty, epoll where available), and the bounded event subscriptions.
 */
@NullMarked
package dev.gingham.internal.bgp.speaker;

import org.jspecify.annotations.NullMarked;
