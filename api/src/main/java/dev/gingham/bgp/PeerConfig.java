package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one peer. Immutable; build one with {@link #builder(IpAddress, long)}.
 *
 * <p>A peer is identified by its address. Timers follow RFC 4271: the hold time is 0 (no
 * keepalives, no hold timer) or at least 3 seconds, and the keepalive interval defaults to a third
 * of the negotiated hold time.
 *
 * <p>Part 2 of the speaker adds route reflection ({@link #routeReflectorClient()}, RFC 4456),
 * ADD-PATH ({@link #addPath(AddressFamily)}, RFC 7911), TCP-MD5 ({@link #password()}, RFC 2385),
 * extended messages ({@link #extendedMessages()}, RFC 8654) and the send hold timer ({@link
 * #sendHoldTime()}, RFC 9687). {@link #toString()} never shows the password.
 */
public final class PeerConfig {
  /** The BGP port. */
  public static final int DEFAULT_PORT = 179;

  /** RFC 4271's suggested hold time: 90 seconds. */
  public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);

  /** RFC 4271's suggested connect-retry time: 120 seconds. */
  public static final Duration DEFAULT_CONNECT_RETRY = Duration.ofSeconds(120);

  /** The longest TCP-MD5 key Linux accepts (TCP_MD5SIG_MAXKEYLEN): 80 bytes. */
  public static final int MAX_PASSWORD_BYTES = 80;

  /** RFC 9687's floor for the send hold time: 8 minutes, or twice the hold time if longer. */
  public static final Duration MIN_DEFAULT_SEND_HOLD_TIME = Duration.ofMinutes(8);

  private final IpAddress address;
  private final long remoteAs;
  private final long localAs;
  private final int port;
  private final @Nullable IpAddress localAddress;
  private final boolean passive;
  private final Duration holdTime;
  private final @Nullable Duration keepaliveTime;
  private final Duration connectRetryTime;
  private final Set<AddressFamily> families;
  private final NextHopMode nextHopMode;
  private final @Nullable IpAddress ipv4NextHop;
  private final @Nullable IpAddress ipv6NextHop;
  private final boolean fourOctetAs;
  private final boolean gracefulRestartHelper;
  private final RoutePolicy importPolicy;
  private final RoutePolicy exportPolicy;
  private final String description;
  private final boolean routeReflectorClient;
  private final Map<AddressFamily, AddPath> addPath;
  private final @Nullable String password;
  private final boolean extendedMessages;
  private final @Nullable Duration sendHoldTime;

  private PeerConfig(Builder b) {
    this.address = b.address;
    this.remoteAs = b.remoteAs;
    this.localAs = b.localAs;
    this.port = b.port;
    this.localAddress = b.localAddress;
    this.passive = b.passive;
    this.holdTime = b.holdTime;
    this.keepaliveTime = b.keepaliveTime;
    this.connectRetryTime = b.connectRetryTime;
    this.families = Set.copyOf(b.families);
    this.nextHopMode = b.nextHopMode;
    this.ipv4NextHop = b.ipv4NextHop;
    this.ipv6NextHop = b.ipv6NextHop;
    this.fourOctetAs = b.fourOctetAs;
    this.gracefulRestartHelper = b.gracefulRestartHelper;
    this.importPolicy = b.importPolicy;
    this.exportPolicy = b.exportPolicy;
    this.description = b.description;
    this.routeReflectorClient = b.routeReflectorClient;
    this.addPath =
        b.addPath.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new EnumMap<AddressFamily, AddPath>(b.addPath));
    this.password = b.password;
    this.extendedMessages = b.extendedMessages;
    this.sendHoldTime = b.sendHoldTime;
  }

  /**
   * A builder for the peer at {@code address} in AS {@code remoteAs}.
   *
   * @throws IllegalArgumentException if the AS is not in 0..4294967295 (0 is reserved and rejected)
   */
  public static Builder builder(IpAddress address, long remoteAs) {
    return new Builder(address, remoteAs);
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(address, remoteAs);
    b.localAs = localAs;
    b.port = port;
    b.localAddress = localAddress;
    b.passive = passive;
    b.holdTime = holdTime;
    b.keepaliveTime = keepaliveTime;
    b.connectRetryTime = connectRetryTime;
    b.families = EnumSet.copyOf(families);
    b.nextHopMode = nextHopMode;
    b.ipv4NextHop = ipv4NextHop;
    b.ipv6NextHop = ipv6NextHop;
    b.fourOctetAs = fourOctetAs;
    b.gracefulRestartHelper = gracefulRestartHelper;
    b.importPolicy = importPolicy;
    b.exportPolicy = exportPolicy;
    b.description = description;
    b.routeReflectorClient = routeReflectorClient;
    b.addPath.putAll(addPath);
    b.password = password;
    b.extendedMessages = extendedMessages;
    b.sendHoldTime = sendHoldTime;
    return b;
  }

  /** The peer's address: its identity, and where to connect. */
  public IpAddress address() {
    return address;
  }

  /** The peer's AS. Equal to the local AS for iBGP. */
  public long remoteAs() {
    return remoteAs;
  }

  /** The AS this speaker presents to the peer, or 0 to use the speaker's own. */
  public long localAs() {
    return localAs;
  }

  /** The peer's TCP port. */
  public int port() {
    return port;
  }

  /** The local address to connect from, or null to let the kernel choose. */
  public @Nullable IpAddress localAddress() {
    return localAddress;
  }

  /** Whether this speaker only waits for the peer to connect. */
  public boolean passive() {
    return passive;
  }

  /** The hold time this speaker proposes. */
  public Duration holdTime() {
    return holdTime;
  }

  /** The keepalive interval, or null for a third of the negotiated hold time. */
  public @Nullable Duration keepaliveTime() {
    return keepaliveTime;
  }

  /** How long to wait between connection attempts. */
  public Duration connectRetryTime() {
    return connectRetryTime;
  }

  /** The address families to announce in the multiprotocol capability. */
  public Set<AddressFamily> families() {
    return families;
  }

  /** How the next hop of advertised routes is chosen. */
  public NextHopMode nextHopMode() {
    return nextHopMode;
  }

  /**
   * The IPv4 next hop this speaker advertises as "self" for IPv4 routes, or null for the local
   * address of the session (which must then be IPv4).
   */
  public @Nullable IpAddress ipv4NextHop() {
    return ipv4NextHop;
  }

  /**
   * The IPv6 next hop this speaker advertises as "self" for IPv6 routes, or null for the local
   * address of the session (which must then be IPv6).
   */
  public @Nullable IpAddress ipv6NextHop() {
    return ipv6NextHop;
  }

  /** Whether this speaker announces the 4-octet AS capability to this peer (RFC 6793). */
  public boolean fourOctetAs() {
    return fourOctetAs;
  }

  /** Whether this speaker keeps the peer's routes as stale while it restarts (RFC 4724). */
  public boolean gracefulRestartHelper() {
    return gracefulRestartHelper;
  }

  /** The policy routes from this peer pass. */
  public RoutePolicy importPolicy() {
    return importPolicy;
  }

  /** The policy routes to this peer pass. */
  public RoutePolicy exportPolicy() {
    return exportPolicy;
  }

  /** A free-form description, empty by default. */
  public String description() {
    return description;
  }

  /**
   * Whether the peer is a route reflector client of this speaker (RFC 4456): iBGP routes from other
   * peers are reflected to it, and its routes to every iBGP peer. Only meaningful on iBGP.
   */
  public boolean routeReflectorClient() {
    return routeReflectorClient;
  }

  /**
   * What this speaker offers the peer with ADD-PATH for a family; {@link AddPath#OFF} if nothing.
   */
  public AddPath addPath(AddressFamily family) {
    return addPath.getOrDefault(family, AddPath.OFF);
  }

  /** The ADD-PATH offers by family; families without an entry are off. */
  public Map<AddressFamily, AddPath> addPaths() {
    return addPath;
  }

  /**
   * The TCP-MD5 password (RFC 2385), or null for none. A peer with a password needs the epoll
   * transport, since Java's own sockets cannot sign segments.
   */
  public @Nullable String password() {
    return password;
  }

  /** Whether this speaker announces extended messages (RFC 8654): UPDATEs up to 65535 bytes. */
  public boolean extendedMessages() {
    return extendedMessages;
  }

  /**
   * How long the session may fail to send before it is ended (RFC 9687): null for the default, the
   * longer of {@link #MIN_DEFAULT_SEND_HOLD_TIME} and twice the negotiated hold time; zero turns
   * the send hold timer off.
   */
  public @Nullable Duration sendHoldTime() {
    return sendHoldTime;
  }

  /** The send hold time in effect with the negotiated hold time, zero if off. */
  public Duration effectiveSendHoldTime(int negotiatedHoldSeconds) {
    if (sendHoldTime != null) {
      return sendHoldTime;
    }
    Duration twice = Duration.ofSeconds(2L * negotiatedHoldSeconds);
    return twice.compareTo(MIN_DEFAULT_SEND_HOLD_TIME) > 0 ? twice : MIN_DEFAULT_SEND_HOLD_TIME;
  }

  /** The effective local AS given the speaker's own. */
  public long effectiveLocalAs(long speakerAs) {
    return localAs != 0 ? localAs : speakerAs;
  }

  /** Whether the session is iBGP given the speaker's AS. */
  public boolean isInternal(long speakerAs) {
    return remoteAs == effectiveLocalAs(speakerAs);
  }

  @Override
  public String toString() {
    return "peer "
        + address
        + " AS "
        + remoteAs
        + (passive ? " (passive)" : "")
        + (routeReflectorClient ? " (route reflector client)" : "");
  }

  /** Builds a {@link PeerConfig}. Not thread-safe. */
  public static final class Builder {
    private final IpAddress address;
    private final long remoteAs;
    private long localAs;
    private int port = DEFAULT_PORT;
    private @Nullable IpAddress localAddress;
    private boolean passive;
    private Duration holdTime = DEFAULT_HOLD_TIME;
    private @Nullable Duration keepaliveTime;
    private Duration connectRetryTime = DEFAULT_CONNECT_RETRY;
    private Set<AddressFamily> families = EnumSet.allOf(AddressFamily.class);
    private NextHopMode nextHopMode = NextHopMode.AUTO;
    private @Nullable IpAddress ipv4NextHop;
    private @Nullable IpAddress ipv6NextHop;
    private boolean fourOctetAs = true;
    private boolean gracefulRestartHelper = true;
    private RoutePolicy importPolicy = RoutePolicy.ACCEPT_ALL;
    private RoutePolicy exportPolicy = RoutePolicy.ACCEPT_ALL;
    private String description = "";
    private boolean routeReflectorClient;
    private final Map<AddressFamily, AddPath> addPath = new EnumMap<>(AddressFamily.class);
    private @Nullable String password;
    private boolean extendedMessages = true;
    private @Nullable Duration sendHoldTime;

    private Builder(IpAddress address, long remoteAs) {
      this.address = Objects.requireNonNull(address, "address");
      if (remoteAs == 0) {
        throw new IllegalArgumentException("the peer's AS must not be 0 (reserved, RFC 7607)");
      }
      this.remoteAs = Asns.check(remoteAs, "the peer's AS");
    }

    /**
     * Presents another AS to this peer than the speaker's own; 0 means the speaker's.
     *
     * @throws IllegalArgumentException if not in 0..4294967295
     */
    public Builder localAs(long localAs) {
      this.localAs = Asns.check(localAs, "the local AS");
      return this;
    }

    /**
     * Sets the peer's TCP port.
     *
     * @throws IllegalArgumentException if not in 1..65535
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("a peer port must be in 1..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Connects from this local address; null lets the kernel choose. */
    public Builder localAddress(@Nullable IpAddress localAddress) {
      this.localAddress = localAddress;
      return this;
    }

    /** Only waits for the peer to connect, never connects. */
    public Builder passive(boolean passive) {
      this.passive = passive;
      return this;
    }

    /**
     * Sets the proposed hold time.
     *
     * @throws IllegalArgumentException if it is not whole seconds, 0 or 3..65535
     */
    public Builder holdTime(Duration holdTime) {
      long s = wholeSeconds(holdTime, "hold time");
      if (s != 0 && (s < 3 || s > 65535)) {
        throw new IllegalArgumentException("hold time must be 0 or 3..65535 s, was " + s + " s");
      }
      this.holdTime = holdTime;
      return this;
    }

    /**
     * Sets the keepalive interval; null means a third of the negotiated hold time.
     *
     * @throws IllegalArgumentException if it is not whole seconds in 1..21845
     */
    public Builder keepaliveTime(@Nullable Duration keepaliveTime) {
      if (keepaliveTime != null) {
        long s = wholeSeconds(keepaliveTime, "keepalive time");
        if (s < 1 || s > 21845) {
          throw new IllegalArgumentException("keepalive time must be 1..21845 s, was " + s + " s");
        }
      }
      this.keepaliveTime = keepaliveTime;
      return this;
    }

    /**
     * Sets the connect-retry time.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder connectRetryTime(Duration connectRetryTime) {
      if (connectRetryTime.isNegative() || connectRetryTime.isZero()) {
        throw new IllegalArgumentException(
            "connect-retry time must be positive, was " + connectRetryTime);
      }
      this.connectRetryTime = connectRetryTime;
      return this;
    }

    /**
     * Sets the address families to announce.
     *
     * @throws IllegalArgumentException if the set is empty
     */
    public Builder families(Set<AddressFamily> families) {
      if (families.isEmpty()) {
        throw new IllegalArgumentException("a peer needs at least one address family");
      }
      this.families = EnumSet.copyOf(families);
      return this;
    }

    /** Sets how the next hop of advertised routes is chosen. */
    public Builder nextHopMode(NextHopMode nextHopMode) {
      this.nextHopMode = Objects.requireNonNull(nextHopMode, "nextHopMode");
      return this;
    }

    /**
     * Sets the IPv4 "self" next hop.
     *
     * @throws IllegalArgumentException if the address is not IPv4
     */
    public Builder ipv4NextHop(@Nullable IpAddress nextHop) {
      if (nextHop != null && nextHop.family() != IpFamily.IPV4) {
        throw new IllegalArgumentException("ipv4NextHop must be an IPv4 address, was " + nextHop);
      }
      this.ipv4NextHop = nextHop;
      return this;
    }

    /**
     * Sets the IPv6 "self" next hop.
     *
     * @throws IllegalArgumentException if the address is not IPv6
     */
    public Builder ipv6NextHop(@Nullable IpAddress nextHop) {
      if (nextHop != null && nextHop.family() != IpFamily.IPV6) {
        throw new IllegalArgumentException("ipv6NextHop must be an IPv6 address, was " + nextHop);
      }
      this.ipv6NextHop = nextHop;
      return this;
    }

    /** Whether to announce the 4-octet AS capability; false makes this a 2-octet speaker. */
    public Builder fourOctetAs(boolean fourOctetAs) {
      this.fourOctetAs = fourOctetAs;
      return this;
    }

    /** Whether to keep the peer's routes as stale while it restarts gracefully. */
    public Builder gracefulRestartHelper(boolean helper) {
      this.gracefulRestartHelper = helper;
      return this;
    }

    /** Sets the import policy. */
    public Builder importPolicy(RoutePolicy policy) {
      this.importPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sets the export policy. */
    public Builder exportPolicy(RoutePolicy policy) {
      this.exportPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sets the description. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Makes the peer a route reflector client of this speaker (RFC 4456), or not. */
    public Builder routeReflectorClient(boolean client) {
      this.routeReflectorClient = client;
      return this;
    }

    /** Sets what this speaker offers with ADD-PATH for a family; {@link AddPath#OFF} clears it. */
    public Builder addPath(AddressFamily family, AddPath addPath) {
      Objects.requireNonNull(family, "family");
      if (addPath.isOff()) {
        this.addPath.remove(family);
      } else {
        this.addPath.put(family, addPath);
      }
      return this;
    }

    /**
     * Sets the TCP-MD5 password (RFC 2385); null or empty removes it.
     *
     * @throws IllegalArgumentException if it is longer than {@value PeerConfig#MAX_PASSWORD_BYTES}
     *     bytes in UTF-8
     */
    public Builder password(@Nullable String password) {
      if (password != null && password.isEmpty()) {
        password = null;
      }
      if (password != null) {
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PASSWORD_BYTES) {
          throw new IllegalArgumentException(
              "a TCP-MD5 password holds at most 80 bytes, was " + bytes + " bytes long");
        }
      }
      this.password = password;
      return this;
    }

    /** Whether to announce extended messages (RFC 8654); on by default. */
    public Builder extendedMessages(boolean extendedMessages) {
      this.extendedMessages = extendedMessages;
      return this;
    }

    /**
     * Sets the send hold time (RFC 9687): null for the default, zero for none.
     *
     * @throws IllegalArgumentException if it is negative or not whole seconds
     */
    public Builder sendHoldTime(@Nullable Duration sendHoldTime) {
      if (sendHoldTime != null) {
        wholeSeconds(sendHoldTime, "send hold time");
      }
      this.sendHoldTime = sendHoldTime;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if a 2-octet speaker is asked to present an AS above 65535
     *     and no AS_TRANS use is possible, which cannot happen: such speakers send AS_TRANS
     */
    public PeerConfig build() {
      return new PeerConfig(this);
    }

    private static long wholeSeconds(Duration d, String what) {
      if (d.isNegative() || d.getNano() != 0) {
        throw new IllegalArgumentException(what + " must be whole non-negative seconds, was " + d);
      }
      return d.getSeconds();
    }
  }
}
