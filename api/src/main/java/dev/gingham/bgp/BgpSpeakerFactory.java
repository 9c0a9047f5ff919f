package dev.gingham.bgp;

/**
 * The service an engine provides so that {@link BgpSpeaker#builder()} can start it: {@code
 * gingham-core} registers one with {@code provides} and in {@code META-INF/services}. Hosts do not
 * call it directly.
 */
public interface BgpSpeakerFactory {
  /** The engine's name, for diagnostics. */
  String name();

  /**
   * Starts a speaker: binds its listener, if any, and starts its event loop.
   *
   * @throws BgpStartException if it cannot start, naming what failed
   */
  BgpSpeaker start(BgpSpeakerConfig config);
}
