package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.BgpSpeakerConfig;
import dev.gingham.bgp.BgpSpeakerFactory;

/** Gingham's BGP engine, registered for {@link java.util.ServiceLoader}. */
public final class NettySpeakerFactory implements BgpSpeakerFactory {
  /** For {@link java.util.ServiceLoader}. */
  public NettySpeakerFactory() {}

  @Override
  public String name() {
    return "gingham-netty";
  }

  @Override
  public BgpSpeaker start(BgpSpeakerConfig config) {
    return NettySpeaker.start(config);
  }
}
