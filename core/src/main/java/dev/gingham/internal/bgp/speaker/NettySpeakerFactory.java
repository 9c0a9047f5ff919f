package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.BgpSpeakerConfig;
import dev.gingham.bgp.BgpSpeakerFactory;
import org.jspecify.annotations.Nullable;

/** Gingham's BGP engine, registered for {@link java.util.ServiceLoader}. */
public final class NettySpeakerFactory implements BgpSpeakerFactory {
  private final @Nullable SpeakerThreads threads;

  /** For {@link java.util.ServiceLoader}: each speaker has threads of its own. */
  public NettySpeakerFactory() {
    this.threads = null;
  }

  private NettySpeakerFactory(SpeakerThreads threads) {
    this.threads = threads;
  }

  /**
   * A factory whose speakers run on {@code threads}, which they do not stop when they close. The
   * hook through which an agent group shares threads among its speakers; not part of the API.
   */
  public static NettySpeakerFactory sharing(SpeakerThreads threads) {
    return new NettySpeakerFactory(threads);
  }

  @Override
  public String name() {
    return "gingham-netty";
  }

  @Override
  public BgpSpeaker start(BgpSpeakerConfig config) {
    return threads == null ? NettySpeaker.start(config) : NettySpeaker.start(config, threads);
  }
}
