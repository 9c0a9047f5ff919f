package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.AddPath;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpMessageType;
import dev.gingham.bgp.MessageCounters;
import dev.gingham.bgp.NegotiatedSession;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.bgp.PeerStatus;
import dev.gingham.bgp.PrefixCounts;
import dev.gingham.internal.bgp.rib.AdjRibIn;
import dev.gingham.internal.bgp.rib.ExportPipeline;
import dev.gingham.internal.bgp.rib.ExportRules;
import dev.gingham.internal.bgp.rib.ImportPipeline;
import dev.gingham.internal.bgp.rib.PathSource;
import dev.gingham.internal.bgp.wire.BgpWire;
import dev.gingham.internal.bgp.wire.Capabilities;
import dev.gingham.internal.bgp.wire.ErrorCodes;
import dev.gingham.internal.bgp.wire.GracefulRestart;
import dev.gingham.internal.bgp.wire.NotificationException;
import dev.gingham.internal.bgp.wire.NotificationMessage;
import dev.gingham.internal.bgp.wire.OpenMessage;
import dev.gingham.internal.bgp.wire.RouteRefreshMessage;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.internal.bgp.wire.UpdateDecoder;
import dev.gingham.internal.bgp.wire.UpdateEncoder;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.Ipv4Address;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured peer and its FSM (RFC 4271 section 8): connection attempts with the connect-retry
 * timer, OPEN negotiation (extended messages, ADD-PATH, graceful restart), collision detection
 * (section 6.8 with RFC 6286's tie-break), the established session's import and export, its send
 * hold timer (RFC 9687), and both roles of graceful restart (RFC 4724). Runs on the speaker's event
 * loop; not thread-safe.
 */
final class Peer {
  private static final Logger LOG = LoggerFactory.getLogger(Peer.class);

  /** Prefixes processed per export slice, between which timers and reads get their turn. */
  static final int EXPORT_SLICE = 2000;

  private final SpeakerCore core;
  private PeerConfig config;
  private PeerState state = PeerState.IDLE;
  private @Nullable Connection outbound;
  private @Nullable Connection inbound;
  private @Nullable Connection established;
  private @Nullable ScheduledFuture<?> connectRetryTimer;
  private @Nullable ScheduledFuture<?> restartTimer;
  private @Nullable ChannelFuture connecting;
  private final long[] received = new long[BgpMessageType.values().length];
  private final long[] sent = new long[BgpMessageType.values().length];
  private @Nullable Instant establishedAt;
  private @Nullable NegotiatedSession session;
  private @Nullable String lastError;
  private boolean stopped;

  final AdjRibIn adjRibIn;
  private @Nullable PathSource source;
  private @Nullable ImportPipeline importer;
  private @Nullable ExportPipeline exporter;
  private @Nullable UpdateDecoder decoder;
  private @Nullable GracefulRestart peerGracefulRestart;
  private boolean flushScheduled;
  private boolean endOfRibSent;
  // Graceful restart as the restarting speaker: whether this process already had a session with
  // the peer (its forwarding state toward it is then intact), and which End-of-RIBs arrived.
  private boolean hadSession;
  private boolean peerRestarting;
  private Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
  private final Set<AddressFamily> endOfRibReceived = EnumSet.noneOf(AddressFamily.class);

  Peer(SpeakerCore core, PeerConfig config) {
    this.core = core;
    this.config = config;
    this.adjRibIn = new AdjRibIn(core.index);
  }

  IpAddress address() {
    return config.address();
  }

  PeerConfig config() {
    return config;
  }

  PeerState state() {
    return state;
  }

  @Nullable ImportPipeline importer() {
    return importer;
  }

  @Nullable ExportPipeline exporter() {
    return exporter;
  }

  @Nullable PathSource source() {
    return source;
  }

  long localAs() {
    return config.effectiveLocalAs(core.config.localAs());
  }

  boolean internal() {
    return config.isInternal(core.config.localAs());
  }

  // ---------------------------------------------------------------------------------------------
  // Starting, connecting, stopping.

  void start() {
    stopped = false;
    if (config.passive()) {
      setState(PeerState.ACTIVE, null);
    } else {
      connect();
    }
  }

  private void connect() {
    if (stopped || established != null || outbound != null) {
      return;
    }
    setState(PeerState.CONNECT, null);
    Bootstrap b =
        new Bootstrap()
            .group(core.loop()) // the speaker's loop, never another of a shared group
            .channel(core.transport.channelClass)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(64 * 1024, 256 * 1024))
            .handler(new io.netty.channel.ChannelInboundHandlerAdapter());
    if (config.password() != null) {
      b.option(
          EpollChannelOption.TCP_MD5SIG,
          Map.of(
              config.address().toInetAddress(),
              config.password().getBytes(StandardCharsets.UTF_8)));
    }
    InetSocketAddress remote =
        new InetSocketAddress(config.address().toInetAddress(), config.port());
    ChannelFuture f =
        config.localAddress() == null
            ? b.connect(remote)
            : b.connect(remote, new InetSocketAddress(config.localAddress().toInetAddress(), 0));
    connecting = f;
    f.addListener(
        (ChannelFuture done) -> {
          connecting = null;
          if (!done.isSuccess()) {
            if (!stopped && established == null) {
              LOG.debug("connect to {} failed: {}", config.address(), done.cause().toString());
              if (inbound == null) {
                setState(PeerState.ACTIVE, null);
              }
            }
            scheduleConnectRetry();
            return;
          }
          if (stopped || established != null || outbound != null) {
            done.channel().close();
            return;
          }
          Connection c = attach(done.channel(), true);
          outbound = c;
          sendOpen(c);
        });
    scheduleConnectRetry();
  }

  private void scheduleConnectRetry() {
    if (connectRetryTimer != null || stopped || config.passive()) {
      return;
    }
    long ms = config.connectRetryTime().toMillis();
    connectRetryTimer =
        core.loop()
            .schedule(
                () -> {
                  connectRetryTimer = null;
                  if (!stopped && established == null && outbound == null && connecting == null) {
                    connect();
                  } else if (!stopped && established == null) {
                    scheduleConnectRetry();
                  }
                },
                ms,
                TimeUnit.MILLISECONDS);
  }

  /** Takes an accepted connection from this peer's address. */
  void accept(Channel channel) {
    if (stopped || inbound != null || established != null) {
      // RFC 4271 section 6.8: a connection while established loses the collision.
      Connection c = attach(channel, false);
      c.notifyAndClose(
          new NotificationMessage(ErrorCodes.CEASE, ErrorCodes.CEASE_COLLISION, new byte[0]));
      return;
    }
    Connection c = attach(channel, false);
    inbound = c;
    sendOpen(c);
  }

  private Connection attach(Channel channel, boolean out) {
    Connection c = new Connection(this, channel, out);
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64 * 1024, 256 * 1024));
    channel.pipeline().addLast(c);
    if (out) {
      channel.pipeline().remove(channel.pipeline().first());
    }
    return c;
  }

  /** Stops the peer: every connection gets {@code notification} (if any) and closes. */
  void stop(@Nullable NotificationMessage notification, String reason) {
    stopped = true;
    cancel(connectRetryTimer);
    connectRetryTimer = null;
    if (connecting != null) {
      connecting.cancel(false);
      connecting = null;
    }
    for (Connection c : new Connection[] {outbound, inbound, established}) {
      if (c != null) {
        if (notification != null) {
          c.notifyAndClose(notification);
        } else {
          c.close();
        }
      }
    }
    sessionDown(reason, false);
    outbound = null;
    inbound = null;
    cancel(restartTimer);
    restartTimer = null;
    if (importer != null) {
      importer.dropStale(null);
    }
    dropAllRoutes();
    setState(PeerState.IDLE, reason);
  }

  /**
   * Closes every connection without a NOTIFICATION and keeps every route, as a process that dies
   * does: the speaker is stopping for a graceful restart and its state goes with it.
   */
  void abort() {
    stopped = true;
    cancel(connectRetryTimer);
    connectRetryTimer = null;
    cancel(restartTimer);
    restartTimer = null;
    if (connecting != null) {
      connecting.cancel(false);
      connecting = null;
    }
    for (Connection c : new Connection[] {outbound, inbound, established}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private void dropAllRoutes() {
    ImportPipeline p = importer;
    if (p == null && source != null) {
      p = newImporter(source);
    }
    if (p != null) {
      p.dropAll();
    }
    importer = null;
  }

  void reconfigure(PeerConfig newConfig) {
    boolean importChanged = newConfig.importPolicy() != config.importPolicy();
    boolean exportChanged = newConfig.exportPolicy() != config.exportPolicy();
    config = newConfig;
    if (importChanged && importer != null) {
      importer = newImporter(importer.source());
      importer.reimport();
    }
    if (exportChanged && exporter != null) {
      exporter.policyChanged(exporter.rules().withConfig(newConfig));
      scheduleFlush();
    }
  }

  private static void cancel(@Nullable ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // OPEN negotiation.

  private void sendOpen(Connection c) {
    long as = localAs();
    Set<AddressFamily> offered = EnumSet.copyOf(config.families());
    int restartTime = (int) core.config.gracefulRestartTime().getSeconds();
    GracefulRestart gr = null;
    if (core.config.gracefulRestart()) {
      // The Forwarding State bit, truthfully: this process kept its forwarding state toward the
      // peer if it already had a session with it, or if the host says the state of the previous
      // run survived its restart.
      boolean forwarding =
          hadSession || (core.config.restarted() && core.config.forwardingStatePreserved());
      gr =
          new GracefulRestart(
              core.restarting(), restartTime, offered, forwarding ? offered : Set.of());
    } else if (config.gracefulRestartHelper()) {
      gr = new GracefulRestart(false, restartTime, Set.of(), Set.of());
    }
    Map<AddressFamily, Integer> addPath = new EnumMap<>(AddressFamily.class);
    for (AddressFamily f : offered) {
      AddPath a = config.addPath(f);
      int v =
          (a.receive() ? Capabilities.ADD_PATH_RECEIVE : 0)
              | (a.send() ? Capabilities.ADD_PATH_SEND : 0);
      if (v != 0) {
        addPath.put(f, v);
      }
    }
    Capabilities caps =
        new Capabilities(
            offered,
            true,
            config.fourOctetAs() ? as : -1,
            true,
            gr,
            config.extendedMessages(),
            addPath);
    OpenMessage open =
        new OpenMessage(
            4,
            as > 0xFFFF ? BgpWire.AS_TRANS : (int) as,
            (int) config.holdTime().getSeconds(),
            core.config.routerId().toInt(),
            caps);
    ByteBuf buf = c.channel.alloc().buffer(64);
    open.encode(buf);
    c.send(buf, BgpWire.TYPE_OPEN);
    c.phase = Connection.Phase.OPEN_SENT;
    c.holdSeconds = Connection.INITIAL_HOLD_SECONDS;
    c.armHoldTimer();
    setState(PeerState.OPEN_SENT, null);
  }

  private void onOpen(Connection c, OpenMessage open) {
    if (c.phase != Connection.Phase.OPEN_SENT) {
      throw fsmError("OPEN in state " + c.phase);
    }
    if (open.version() != 4) {
      throw new NotificationException(
          ErrorCodes.OPEN,
          ErrorCodes.OPEN_UNSUPPORTED_VERSION,
          new byte[] {0, 4},
          "BGP version " + open.version() + " is not 4");
    }
    Capabilities caps = open.capabilities();
    // A 2-octet speaker (fourOctetAs off) does not understand the capability: it sees AS_TRANS.
    long remoteAs =
        config.fourOctetAs() && caps.fourOctetAs() >= 0 ? caps.fourOctetAs() : open.myAs();
    if (remoteAs != config.remoteAs()) {
      throw new NotificationException(
          ErrorCodes.OPEN,
          ErrorCodes.OPEN_BAD_PEER_AS,
          "peer AS " + remoteAs + " is not the configured " + config.remoteAs());
    }
    if (open.holdTime() == 1 || open.holdTime() == 2) {
      throw new NotificationException(
          ErrorCodes.OPEN,
          ErrorCodes.OPEN_BAD_HOLD_TIME,
          "hold time must be 0 or >= 3, was " + open.holdTime());
    }
    int localId = core.config.routerId().toInt();
    if (open.bgpId() == 0 || (internal() && open.bgpId() == localId)) {
      throw new NotificationException(
          ErrorCodes.OPEN,
          ErrorCodes.OPEN_BAD_BGP_ID,
          "BGP identifier " + Ipv4Address.of(open.bgpId()) + " is not acceptable");
    }
    c.remoteOpen = open;
    if (resolveCollision(c, open)) {
      return; // c lost and is closing
    }
    int hold = Math.min((int) config.holdTime().getSeconds(), open.holdTime());
    c.holdSeconds = hold;
    c.keepaliveSeconds =
        hold == 0
            ? 0
            : config.keepaliveTime() != null
                ? (int) Math.min(config.keepaliveTime().getSeconds(), Math.max(1, hold / 3))
                : Math.max(1, hold / 3);
    c.phase = Connection.Phase.OPEN_CONFIRM;
    c.sendKeepalive();
    c.armHoldTimer();
    c.startKeepalives();
    setState(PeerState.OPEN_CONFIRM, null);
  }

  /**
   * Resolves a collision between {@code c}, whose OPEN just arrived, and this peer's other
   * connection (RFC 4271 section 6.8, RFC 6286 section 2.3). Returns whether {@code c} lost.
   */
  private boolean resolveCollision(Connection c, OpenMessage open) {
    Connection other = c.outbound ? inbound : outbound;
    if (other == null || other.phase == Connection.Phase.CLOSED) {
      return false;
    }
    long localId = Integer.toUnsignedLong(core.config.routerId().toInt());
    long remoteId = Integer.toUnsignedLong(open.bgpId());
    boolean keepOutbound;
    if (localId != remoteId) {
      keepOutbound = localId > remoteId;
    } else {
      keepOutbound = localAs() > config.remoteAs();
    }
    Connection loser = keepOutbound ? inbound : outbound;
    LOG.info(
        "collision with {}: keeping the {} connection",
        config.address(),
        keepOutbound ? "outbound" : "inbound");
    if (loser == outbound) {
      outbound = null;
    } else {
      inbound = null;
    }
    loser.notifyAndClose(
        new NotificationMessage(ErrorCodes.CEASE, ErrorCodes.CEASE_COLLISION, new byte[0]));
    return loser == c;
  }

  private void onKeepalive(Connection c) {
    if (c.phase == Connection.Phase.OPEN_CONFIRM) {
      establish(c);
    } else if (c.phase != Connection.Phase.ESTABLISHED) {
      throw fsmError("KEEPALIVE in state " + c.phase);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The established session.

  private void establish(Connection c) {
    OpenMessage open = c.remoteOpen;
    Capabilities caps = open.capabilities();
    Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
    for (AddressFamily f : config.families()) {
      if (caps.effectiveFamilies().contains(f)) {
        families.add(f);
      }
    }
    boolean fourOctet = config.fourOctetAs() && caps.fourOctetAs() >= 0;
    boolean extended = config.extendedMessages() && caps.extendedMessages();
    // ADD-PATH per family (RFC 7911 section 4): paths go one way when its sender offered to send
    // and its receiver to receive.
    Set<AddressFamily> receivePaths = EnumSet.noneOf(AddressFamily.class);
    Map<AddressFamily, Integer> sendPaths = new EnumMap<>(AddressFamily.class);
    Map<AddressFamily, AddPath> addPath = new EnumMap<>(AddressFamily.class);
    for (AddressFamily f : families) {
      AddPath offer = config.addPath(f);
      int theirs = caps.addPath(f);
      boolean receive = offer.receive() && (theirs & Capabilities.ADD_PATH_SEND) != 0;
      boolean send = offer.send() && (theirs & Capabilities.ADD_PATH_RECEIVE) != 0;
      if (receive) {
        receivePaths.add(f);
      }
      if (send) {
        sendPaths.put(f, offer.sendPaths());
      }
      if (receive || send) {
        addPath.put(f, new AddPath(receive, send ? offer.sendPaths() : 0));
      }
    }
    established = c;
    c.phase = Connection.Phase.ESTABLISHED;
    Connection other = c.outbound ? inbound : outbound;
    if (other != null) {
      other.notifyAndClose(
          new NotificationMessage(ErrorCodes.CEASE, ErrorCodes.CEASE_COLLISION, new byte[0]));
    }
    outbound = c.outbound ? c : null;
    inbound = c.outbound ? null : c;
    cancel(connectRetryTimer);
    connectRetryTimer = null;

    // Graceful restart: routes kept from the previous session stay, but only for families whose
    // forwarding state the peer says it preserved; the rest go now.
    GracefulRestart gr = caps.gracefulRestart();
    cancel(restartTimer);
    restartTimer = null;
    boolean sameSource = source != null && source.routerId() == open.bgpId() && adjRibIn.size() > 0;
    if (!sameSource) {
      dropAllRoutes();
      source =
          PathSource.peer(
              config.address(), open.bgpId(), !internal(), config.routeReflectorClient());
    }
    importer = newImporter(source);
    for (AddressFamily f : AddressFamily.values()) {
      if (gr == null || !gr.preserved().contains(f) || !families.contains(f)) {
        importer.dropStale(f);
      }
    }
    if (adjRibIn.staleCount() > 0) {
      // A peer that never sends End-of-RIB must not keep its stale routes forever: they go after
      // the restart time it asked for (RFC 4724 section 4.2 leaves the bound to the helper).
      ImportPipeline p = importer;
      restartTimer =
          core.loop()
              .schedule(
                  () -> {
                    restartTimer = null;
                    int dropped = p.dropStale(null);
                    if (dropped > 0) {
                      LOG.info(
                          "{}: no End-of-RIB; {} stale routes removed", config.address(), dropped);
                    }
                  },
                  Math.max(1, gr.restartTimeSeconds()),
                  TimeUnit.SECONDS);
    }
    peerGracefulRestart = gr;
    peerRestarting = gr != null && gr.restarting();
    this.families = families;
    endOfRibReceived.clear();
    int maxLength = extended ? BgpWire.MAX_EXTENDED_MESSAGE_LENGTH : BgpWire.MAX_MESSAGE_LENGTH;
    c.maxMessageLength = maxLength;
    SessionCodec codec =
        new SessionCodec(
            fourOctet, internal(), families, maxLength, receivePaths, sendPaths.keySet());
    decoder = new UpdateDecoder(codec, core.interner);
    IpAddress local = c.localAddress();
    IpAddress v4Self =
        config.ipv4NextHop() != null
            ? config.ipv4NextHop()
            : local.family() == IpFamily.IPV4 ? local : null;
    IpAddress v6Self =
        config.ipv6NextHop() != null
            ? config.ipv6NextHop()
            : local.family() == IpFamily.IPV6 ? local : ExportPipeline.mapped(local);
    exporter =
        newExporter(
            new ExportRules(
                config,
                internal(),
                localAs(),
                families,
                v4Self,
                v6Self,
                core.config.effectiveClusterId().toInt(),
                sendPaths),
            new UpdateEncoder(codec));
    long sendHold = config.effectiveSendHoldTime(c.holdSeconds).getSeconds();
    c.startSendHoldTimer(sendHold);
    session =
        new NegotiatedSession(
            fourOctet ? open.capabilities().fourOctetAs() : open.myAs(),
            Ipv4Address.of(open.bgpId()),
            c.holdSeconds,
            c.keepaliveSeconds,
            families,
            fourOctet,
            caps.routeRefresh(),
            gr == null ? Set.of() : gr.preserved(),
            gr == null ? 0 : gr.restartTimeSeconds(),
            local,
            c.remoteAddress(),
            extended,
            addPath,
            peerRestarting,
            sendHold);
    establishedAt = Instant.now();
    endOfRibSent = false;
    hadSession = true;
    setState(PeerState.ESTABLISHED, null);
    exporter.markAll();
    scheduleFlush();
    core.checkRestartDone();
  }

  private ImportPipeline newImporter(PathSource s) {
    return new ImportPipeline(
        core.index,
        core.locRib,
        adjRibIn,
        s,
        localAs(),
        core.config.routerId().toInt(),
        core.config.effectiveClusterId().toInt(),
        config,
        core.interner,
        this::endOfRibReceived);
  }

  private ExportPipeline newExporter(ExportRules rules, UpdateEncoder encoder) {
    return new ExportPipeline(core.index, core.locRib, rules, encoder, core.interner);
  }

  private void endOfRibReceived(AddressFamily family) {
    if (importer != null) {
      int dropped = importer.dropStale(family);
      if (dropped > 0) {
        LOG.info(
            "{}: End-of-RIB for {} removed {} stale routes", config.address(), family, dropped);
      }
    }
    endOfRibReceived.add(family);
    core.checkRestartDone();
  }

  /**
   * Whether a restarted speaker may stop waiting for this peer (RFC 4724 section 4.1): its session
   * is up and it sent End-of-RIB for every family, or it cannot be expected to (no graceful restart
   * capability, or restarting itself).
   */
  boolean restartReady() {
    if (established == null) {
      return false;
    }
    GracefulRestart gr = peerGracefulRestart;
    return gr == null || peerRestarting || endOfRibReceived.containsAll(families);
  }

  /** Marks a prefix whose best path changed, for this peer's export. */
  void bestChanged(int id, dev.gingham.internal.bgp.rib.@Nullable Candidate best) {
    if (exporter != null && !exporter.unaffected(id, best, source)) {
      exporter.markDirty(id);
      scheduleFlush();
    }
  }

  /** A non-best path of a prefix changed: only an ADD-PATH export needs to look again. */
  void pathsChanged(int id) {
    if (exporter != null && exporter.sendsPathsOf(id)) {
      exporter.markDirty(id);
      scheduleFlush();
    }
  }

  void scheduleFlush() {
    if (!flushScheduled && exporter != null) {
      flushScheduled = true;
      core.loop().execute(this::flush);
    }
  }

  void writable(Connection c) {
    if (c == established) {
      scheduleFlush();
    }
  }

  /**
   * Sends one slice of pending export, then yields the loop; resumes when writable. A restarted
   * speaker sends nothing until its restart is done: the core schedules a flush then.
   */
  private void flush() {
    flushScheduled = false;
    Connection c = established;
    ExportPipeline e = exporter;
    if (c == null || e == null || c.phase != Connection.Phase.ESTABLISHED || core.restarting()) {
      return;
    }
    if (!c.channel.isWritable()) {
      return; // channelWritabilityChanged brings us back
    }
    ByteBuf buf = c.channel.alloc().buffer(16 * 1024);
    int before = buf.writerIndex();
    e.flush(buf, EXPORT_SLICE);
    if (!endOfRibSent && !e.hasWork()) {
      endOfRibSent = true;
      for (AddressFamily f : AddressFamily.values()) {
        if (e.rules().families().contains(f)) {
          e.encoder().writeEndOfRib(buf, f);
        }
      }
    }
    if (buf.writerIndex() > before) {
      countSent(BgpWire.TYPE_UPDATE, countMessages(buf));
      c.channel.writeAndFlush(buf, c.channel.voidPromise());
    } else {
      buf.release();
    }
    if (e.hasWork()) {
      scheduleFlush();
    }
  }

  private static int countMessages(ByteBuf buf) {
    int n = 0;
    for (int i = buf.readerIndex(); i < buf.writerIndex(); i += buf.getUnsignedShort(i + 16)) {
      n++;
    }
    return n;
  }

  /** Asks the peer to resend a family (RFC 2918). */
  void requestRefresh(AddressFamily family) {
    Connection c = established;
    if (c == null || session == null) {
      throw new dev.gingham.bgp.BgpException(
          "peer " + config.address() + " is " + state + ", not ESTABLISHED");
    }
    if (!session.routeRefresh()) {
      throw new dev.gingham.bgp.BgpException(
          "peer " + config.address() + " did not announce the route refresh capability");
    }
    if (!session.families().contains(family)) {
      throw new dev.gingham.bgp.BgpException(
          family + " was not negotiated with peer " + config.address());
    }
    ByteBuf buf = c.channel.alloc().buffer(23);
    new RouteRefreshMessage(family.afi(), family.safi()).encode(buf);
    c.send(buf, BgpWire.TYPE_ROUTE_REFRESH);
  }

  // ---------------------------------------------------------------------------------------------
  // Messages and failures.

  void onMessage(Connection c, int type, ByteBuf buf, int index, int length) {
    countReceived(type);
    switch (type) {
      case BgpWire.TYPE_OPEN:
        onOpen(c, OpenMessage.decode(buf, index, length));
        break;
      case BgpWire.TYPE_KEEPALIVE:
        onKeepalive(c);
        break;
      case BgpWire.TYPE_UPDATE:
        if (c.phase != Connection.Phase.ESTABLISHED) {
          throw fsmError("UPDATE in state " + c.phase);
        }
        decoder.decode(buf, index, length, importer);
        break;
      case BgpWire.TYPE_NOTIFICATION:
        NotificationMessage n = NotificationMessage.decode(buf, index, length);
        LOG.info("{} sent NOTIFICATION {}", config.address(), n);
        c.close();
        closed(c, "received NOTIFICATION: " + n, false);
        break;
      case BgpWire.TYPE_ROUTE_REFRESH:
        if (c.phase != Connection.Phase.ESTABLISHED) {
          throw fsmError("ROUTE-REFRESH in state " + c.phase);
        }
        RouteRefreshMessage rr = RouteRefreshMessage.decode(buf, index);
        AddressFamily.of(rr.afi(), rr.safi())
            .filter(f -> exporter != null && exporter.rules().families().contains(f))
            .ifPresent(f -> refreshRequested(f));
        break;
      default:
        throw new IllegalStateException("the framer passed message type " + type);
    }
  }

  private void refreshRequested(AddressFamily family) {
    ExportPipeline e = exporter;
    e.resendAll(family);
    endOfRibSent = false;
    scheduleFlush();
  }

  void protocolError(Connection c, NotificationException e) {
    LOG.warn("{}: {}", config.address(), e.toString());
    c.notifyAndClose(e.toMessage());
    closed(c, "sent NOTIFICATION: " + e.getMessage(), false);
  }

  void holdTimerExpired(Connection c) {
    LOG.warn("{}: hold timer expired after {} s", config.address(), c.holdSeconds);
    c.notifyAndClose(new NotificationMessage(ErrorCodes.HOLD_TIMER_EXPIRED, 0, new byte[0]));
    closed(c, "hold timer expired", true);
  }

  void sendHoldTimerExpired(Connection c, long pendingBytes) {
    long seconds = config.effectiveSendHoldTime(c.holdSeconds).getSeconds();
    LOG.warn(
        "{}: send hold timer expired: {} bytes unsent for {} s",
        config.address(),
        pendingBytes,
        seconds);
    // RFC 9687 section 4: try to send the NOTIFICATION, but do not wait for a peer that does not
    // read.
    c.notifyAndClose(new NotificationMessage(ErrorCodes.SEND_HOLD_TIMER_EXPIRED, 0, new byte[0]));
    c.channel.close();
    closed(
        c,
        "send hold timer expired: " + pendingBytes + " bytes unsent for " + seconds + " s",
        false);
  }

  /** For tests: the loop the established session's channel runs on, or null; call on the loop. */
  io.netty.channel.@Nullable EventLoop sessionLoop() {
    return established == null ? null : established.channel.eventLoop();
  }

  void connectionFailed(Connection c, Throwable cause) {
    LOG.debug("{}: connection failed: {}", config.address(), cause.toString());
    closed(c, "connection failed: " + cause.getMessage(), true);
  }

  void connectionClosed(Connection c, Connection.Phase was) {
    closed(c, "connection closed by the peer", true);
  }

  /**
   * Forgets connection {@code c}. If it carried the session, the session goes down: with graceful
   * restart its routes are kept as stale when the peer asked for it and {@code gracefulPossible}.
   */
  private void closed(Connection c, String reason, boolean gracefulPossible) {
    if (c == outbound) {
      outbound = null;
    }
    if (c == inbound) {
      inbound = null;
    }
    if (c == established) {
      lastError = reason;
      sessionDown(reason, gracefulPossible);
    }
    if (established == null && !stopped) {
      if (outbound == null && inbound == null) {
        setState(config.passive() ? PeerState.ACTIVE : PeerState.IDLE, reason);
        if (!config.passive()) {
          // Automatic restart after the connect-retry time, as RFC 4271 section 8.1.1 allows.
          scheduleConnectRetry();
          setState(PeerState.ACTIVE, null);
        }
      }
    }
  }

  private void sessionDown(String reason, boolean gracefulPossible) {
    Connection c = established;
    if (c == null) {
      return;
    }
    established = null;
    c.stopTimers();
    if (exporter != null) {
      exporter.clear();
      exporter = null;
    }
    session = null;
    establishedAt = null;
    endOfRibReceived.clear();
    GracefulRestart gr = peerGracefulRestart;
    boolean keep =
        gracefulPossible
            && !stopped
            && config.gracefulRestartHelper()
            && gr != null
            && !gr.families().isEmpty();
    if (keep && importer != null) {
      for (int id : adjRibIn.ids()) {
        if (gr.families().contains(importer.familyOf(id))) {
          adjRibIn.markStale(id);
        }
      }
      for (AddressFamily f : AddressFamily.values()) {
        if (!gr.families().contains(f)) {
          dropFamily(f);
        }
      }
      int seconds = Math.max(1, gr.restartTimeSeconds());
      LOG.info(
          "{}: keeping {} routes as stale for {} s (graceful restart)",
          config.address(),
          adjRibIn.staleCount(),
          seconds);
      ImportPipeline p = importer;
      cancel(restartTimer); // a stale-route timer of the session that just ended
      restartTimer =
          core.loop()
              .schedule(
                  () -> {
                    restartTimer = null;
                    if (established == null) {
                      p.dropStale(null);
                    }
                  },
                  seconds,
                  TimeUnit.SECONDS);
      importer = null;
    } else {
      dropAllRoutes();
    }
    peerGracefulRestart = null;
  }

  private void dropFamily(AddressFamily f) {
    for (int id : adjRibIn.ids()) {
      if (importer.familyOf(id) == f) {
        adjRibIn.markStale(id);
      }
    }
    importer.dropStale(f);
  }

  private NotificationException fsmError(String message) {
    return new NotificationException(ErrorCodes.FSM, 0, message);
  }

  private void setState(PeerState next, @Nullable String reason) {
    if (next != state) {
      PeerState previous = state;
      state = next;
      core.peerStateChanged(this, previous, next, reason);
    }
  }

  private void countReceived(int type) {
    received[type - 1]++;
  }

  void countSent(int type, int n) {
    sent[type - 1] += n;
  }

  PeerStatus status() {
    int accepted = 0;
    if (source != null) {
      for (int id : adjRibIn.ids()) {
        for (dev.gingham.internal.bgp.rib.Candidate cand : core.locRib.candidates(id)) {
          if (cand.source() == source) {
            accepted++;
            break;
          }
        }
      }
    }
    return new PeerStatus(
        config,
        state,
        establishedAt,
        MessageCounters.of(received, sent),
        session,
        new PrefixCounts(adjRibIn.size(), accepted, exporter == null ? 0 : exporter.size()),
        lastError);
  }
}
