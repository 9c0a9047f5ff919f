package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import org.jspecify.annotations.Nullable;

/** What a {@link BgpSpeaker#events} subscription reports. */
public sealed interface BgpEvent {

  /**
   * A peer's FSM changed state. On replay, each peer is reported once with {@code previous} equal
   * to {@code current}.
   *
   * @param peer the peer's address
   * @param previous the state before
   * @param current the state now
   * @param reason why, for a session that went down; else null
   */
  record PeerStateChanged(
      IpAddress peer, PeerState previous, PeerState current, @Nullable String reason)
      implements BgpEvent {}

  /**
   * The best route to a prefix changed: a new best route, other attributes, or none any more.
   *
   * @param prefix the destination
   * @param best the best route now, or null if there is none
   * @param previous the best route before, or null if there was none (and on replay)
   */
  record BestPathChanged(IpPrefix prefix, @Nullable BgpRoute best, @Nullable BgpRoute previous)
      implements BgpEvent {}

  /**
   * A speaker started as a graceful restart ({@link BgpSpeaker.Builder#restarted(boolean)}) began
   * or finished deferring its advertisements. While {@code restarting}, the Loc-RIB is still
   * filling from the peers: a route reconciler keeps the kernel routes of the previous run; once it
   * is false the Loc-RIB is complete and the reconciler removes what it lacks. Delivered to
   * subscriptions that want best paths, and on replay while the speaker is restarting.
   *
   * @param restarting whether the speaker defers its advertisements now
   * @param reason why it stopped: every peer sent End-of-RIB, or the deferral time ran out
   */
  record RestartStateChanged(boolean restarting, String reason) implements BgpEvent {}

  /** The replay of the state at subscription time is complete; live events follow. */
  record ReplayFinished() implements BgpEvent {}

  /**
   * The subscriber fell behind by more than its queue holds, and the subscription has ended. Its
   * owner recovers by subscribing again with replay, which restates the current state.
   *
   * @param capacity the queue capacity that was exceeded
   */
  record Overflowed(int capacity) implements BgpEvent {}
}
