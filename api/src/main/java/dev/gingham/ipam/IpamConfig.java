package dev.gingham.ipam;

import java.time.Duration;
import java.util.Objects;

/**
 * Cluster-wide IPAM settings: Calico's {@code IPAMConfig}. Immutable; build one with {@link
 * #builder()}. A store with no configuration behaves as {@link #DEFAULT}.
 *
 * <p>{@link Builder#build()} refuses, with an {@link IllegalArgumentException} that names the
 * values, what Calico refuses: strict affinity off together with automatic block allocation off (a
 * host could then only borrow, which is never what is meant), a block limit below 1, and a cooldown
 * that is negative or longer than {@link #MAX_IP_COOLDOWN}.
 */
public final class IpamConfig {
  /** The longest {@link #ipCooldown()}: 20 minutes, Calico's cap. */
  public static final Duration MAX_IP_COOLDOWN = Duration.ofMinutes(20);

  /** The most blocks {@link #maxBlocksPerHost()} may allow. */
  public static final int MAX_BLOCKS_PER_HOST_LIMIT = 100_000;

  /** Strict affinity off, automatic block allocation on, 20 blocks per host, no cooldown. */
  public static final IpamConfig DEFAULT = builder().build();

  private final boolean strictAffinity;
  private final boolean autoAllocateBlocks;
  private final int maxBlocksPerHost;
  private final Duration ipCooldown;

  private IpamConfig(Builder b) {
    this.strictAffinity = b.strictAffinity;
    this.autoAllocateBlocks = b.autoAllocateBlocks;
    this.maxBlocksPerHost = b.maxBlocksPerHost;
    this.ipCooldown = b.ipCooldown;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder()
        .strictAffinity(strictAffinity)
        .autoAllocateBlocks(autoAllocateBlocks)
        .maxBlocksPerHost(maxBlocksPerHost)
        .ipCooldown(ipCooldown);
  }

  /**
   * Whether a host may use only blocks affine to it. When off (the default), a host whose pools
   * have no block left to claim borrows free addresses from other hosts' blocks.
   */
  public boolean strictAffinity() {
    return strictAffinity;
  }

  /** Whether a host may claim new blocks (default true); when off it fills only those it has. */
  public boolean autoAllocateBlocks() {
    return autoAllocateBlocks;
  }

  /**
   * The most blocks of one family a host may claim (default 20). A host at the limit still fills
   * the blocks it has, and may still borrow unless affinity is strict.
   */
  public int maxBlocksPerHost() {
    return maxBlocksPerHost;
  }

  /**
   * How long a released address rests before it is handed out again (default zero). Released
   * addresses are reused last in any case: each block hands out the one free the longest first.
   */
  public Duration ipCooldown() {
    return ipCooldown;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IpamConfig)) {
      return false;
    }
    IpamConfig c = (IpamConfig) o;
    return strictAffinity == c.strictAffinity
        && autoAllocateBlocks == c.autoAllocateBlocks
        && maxBlocksPerHost == c.maxBlocksPerHost
        && ipCooldown.equals(c.ipCooldown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(strictAffinity, autoAllocateBlocks, maxBlocksPerHost, ipCooldown);
  }

  @Override
  public String toString() {
    return "IpamConfig{strictAffinity="
        + strictAffinity
        + ", autoAllocateBlocks="
        + autoAllocateBlocks
        + ", maxBlocksPerHost="
        + maxBlocksPerHost
        + ", ipCooldown="
        + ipCooldown
        + '}';
  }

  /** Builds an {@link IpamConfig}. Not thread-safe. */
  public static final class Builder {
    private boolean strictAffinity;
    private boolean autoAllocateBlocks = true;
    private int maxBlocksPerHost = 20;
    private Duration ipCooldown = Duration.ZERO;

    private Builder() {}

    /** See {@link IpamConfig#strictAffinity()}. */
    public Builder strictAffinity(boolean strictAffinity) {
      this.strictAffinity = strictAffinity;
      return this;
    }

    /** See {@link IpamConfig#autoAllocateBlocks()}. */
    public Builder autoAllocateBlocks(boolean autoAllocateBlocks) {
      this.autoAllocateBlocks = autoAllocateBlocks;
      return this;
    }

    /**
     * See {@link IpamConfig#maxBlocksPerHost()}: 1 to {@value
     * IpamConfig#MAX_BLOCKS_PER_HOST_LIMIT}.
     */
    public Builder maxBlocksPerHost(int maxBlocksPerHost) {
      this.maxBlocksPerHost = maxBlocksPerHost;
      return this;
    }

    /**
     * See {@link IpamConfig#ipCooldown()}: zero to {@link IpamConfig#MAX_IP_COOLDOWN}, in
     * milliseconds.
     */
    public Builder ipCooldown(Duration ipCooldown) {
      this.ipCooldown = Objects.requireNonNull(ipCooldown, "ipCooldown");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if a value or a combination is refused (see {@link
     *     IpamConfig}); the message names the values
     */
    public IpamConfig build() {
      if (!strictAffinity && !autoAllocateBlocks) {
        throw new IllegalArgumentException(
            "strictAffinity and autoAllocateBlocks cannot both be off: hosts could then only"
                + " borrow addresses from blocks no host may claim");
      }
      if (maxBlocksPerHost < 1 || maxBlocksPerHost > MAX_BLOCKS_PER_HOST_LIMIT) {
        throw new IllegalArgumentException(
            "maxBlocksPerHost must be from 1 to "
                + MAX_BLOCKS_PER_HOST_LIMIT
                + ", was "
                + maxBlocksPerHost);
      }
      if (ipCooldown.isNegative() || ipCooldown.compareTo(MAX_IP_COOLDOWN) > 0) {
        throw new IllegalArgumentException(
            "ipCooldown must be from 0 to " + MAX_IP_COOLDOWN + ", was " + ipCooldown);
      }
      if (ipCooldown.toNanos() % 1_000_000 != 0) {
        throw new IllegalArgumentException(
            "ipCooldown is kept in whole milliseconds, was " + ipCooldown);
      }
      return new IpamConfig(this);
    }
  }
}
