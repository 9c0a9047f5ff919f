package dev.gingham.benchmarks.bgp;

import dev.gingham.benchmarks.table.FeedTable;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.internal.bgp.wire.BgpWire;
import dev.gingham.internal.bgp.wire.Capabilities;
import dev.gingham.internal.bgp.wire.ErrorCodes;
import dev.gingham.internal.bgp.wire.MessageFramer;
import dev.gingham.internal.bgp.wire.NotificationMessage;
import dev.gingham.internal.bgp.wire.OpenMessage;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.internal.bgp.wire.UpdateEncoder;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The ingest harness's replay feeder: a table's IPv4 routes encoded once, before any session, as
 * the UPDATE stream an eBGP speaker would export, then written to each receiver over a plain TCP
 * session as fast as its socket takes them. Unlike a live {@code BgpSpeaker}, whose export rate
 * bounds the ingest figure, the feeder then costs little more than a socket write, so that the
 * figure measures the receiver.
 *
 * <p>The session is the smallest that RFC 4271 allows: OPEN (4-octet AS and IPv4 unicast
 * multiprotocol capabilities, hold time {@value #HOLD_TIME} s), the receiver's OPEN checked,
 * KEEPALIVE both ways (Established), the UPDATEs, End-of-RIB. Afterwards the feeder only drains
 * what the receiver sends and keeps the session alive, until {@link Session#close()}.
 */
final class ReplayFeeder implements Feeder {
  /** The hold time the feeder proposes, in seconds. */
  static final int HOLD_TIME = 90;

  /** The writer hands the socket whole messages in chunks of about this many bytes. */
  private static final int CHUNK = 64 * 1024;

  private final long localAs;
  private final Ipv4Address routerId;
  private final long[] keys; // address << 8 | length
  private final int[] set; // index into pool
  private final PathAttributes[] pool;
  private final Map<Ipv4Address, byte[]> encoded = new HashMap<>();

  private ReplayFeeder(
      long localAs, Ipv4Address routerId, long[] keys, int[] set, PathAttributes[] pool) {
    this.localAs = localAs;
    this.routerId = routerId;
    this.keys = keys;
    this.set = set;
    this.pool = pool;
  }

  /**
   * A feeder of {@code routes}, with their own attributes, as speaker {@code localAs} / {@code
   * routerId}.
   *
   * @throws IllegalArgumentException naming a route that is not IPv4, or that carries NO_EXPORT or
   *     NO_ADVERTISE (a speaker would not send it to an eBGP peer; the replay does not filter)
   */
  static ReplayFeeder of(List<BgpRoute> routes, long localAs, Ipv4Address routerId) {
    long[] keys = new long[routes.size()];
    int[] set = new int[routes.size()];
    Map<PathAttributes, Integer> ids = new HashMap<>();
    for (int i = 0; i < keys.length; i++) {
      BgpRoute r = routes.get(i);
      IpPrefix p = r.prefix();
      if (p.family() != IpFamily.IPV4) {
        throw new IllegalArgumentException("the replay feeder sends IPv4 routes only, got " + p);
      }
      for (Community c : r.attributes().communities()) {
        if (c.equals(Community.NO_EXPORT)
            || c.equals(Community.NO_ADVERTISE)
            || c.equals(Community.NO_EXPORT_SUBCONFED)) {
          throw new IllegalArgumentException(
              "route " + p + " carries " + c + ", which an eBGP export would drop");
        }
      }
      keys[i] = Integer.toUnsignedLong(((Ipv4Address) p.network()).toInt()) << 8 | p.length();
      Integer id = ids.putIfAbsent(r.attributes(), ids.size());
      set[i] = id == null ? ids.size() - 1 : id;
    }
    PathAttributes[] pool = new PathAttributes[ids.size()];
    for (Map.Entry<PathAttributes, Integer> e : ids.entrySet()) {
      pool[e.getValue()] = e.getKey();
    }
    return new ReplayFeeder(localAs, routerId, keys, set, pool);
  }

  /** The number of routes. */
  int size() {
    return keys.length;
  }

  /**
   * The UPDATE stream toward an eBGP peer, encoded once per next hop: each route's attributes as
   * the speaker's export rewrites them for eBGP (ExportPipeline): the local AS prepended,
   * LOCAL_PREF, MED, ORIGINATOR_ID and CLUSTER_LIST removed, {@code nextHop} as the next hop.
   */
  synchronized byte[] updates(Ipv4Address nextHop) {
    return encoded.computeIfAbsent(nextHop, this::encode);
  }

  private byte[] encode(Ipv4Address nextHop) {
    PathAttributes[] exported = new PathAttributes[pool.length];
    for (int s = 0; s < pool.length; s++) {
      PathAttributes a = pool[s];
      exported[s] =
          a.toBuilder()
              .asPath(a.asPath().prepend(localAs, 1))
              .clearLocalPref()
              .clearMed()
              .originatorId(null)
              .clusterList(List.of())
              .nextHop(nextHop)
              .build();
    }
    ByteBuf out = Unpooled.buffer(keys.length * 6 + pool.length * 96);
    try {
      FeedTable.writeIpv4Updates(out, codec(), keys, set, exported);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  /** 4-octet AS, eBGP, IPv4 unicast, 4096-byte messages: what every receiver negotiates. */
  private static SessionCodec codec() {
    return new SessionCodec(true, false, Set.of(AddressFamily.IPV4_UNICAST));
  }

  @Override
  public String name() {
    return "replay";
  }

  /** Encodes the UPDATEs for the receiver's next hop, unless that is done already. */
  @Override
  public void prepare(RouteReceiver receiver) {
    updates(FullTableHarness.nextHop(receiver));
  }

  /**
   * Connects from the harness's feeder address to the receiver, retrying refused connections until
   * {@code timeout}, and brings the session to Established; the UPDATEs follow at once on a thread
   * of the session's own.
   *
   * @throws IllegalStateException if the receiver's OPEN is not what the UPDATEs were encoded for
   *     (version 4, the receivers' AS, 4-octet AS, IPv4 unicast, hold time 0 or at least 3 s), or
   *     it answers with a NOTIFICATION, or anything but KEEPALIVE before Established
   * @throws IOException if it cannot connect, or the connection fails or times out in the handshake
   */
  @Override
  public Session open(RouteReceiver receiver, Duration timeout)
      throws IOException, InterruptedException {
    byte[] updates = updates(FullTableHarness.nextHop(receiver));
    InetSocketAddress local =
        new InetSocketAddress(InetAddress.getByName(FullTableHarness.FEEDER), 0);
    InetSocketAddress remote =
        new InetSocketAddress(InetAddress.getByName(receiver.address), receiver.port);
    long deadline = System.nanoTime() + timeout.toNanos();
    Socket socket = new Socket();
    try {
      while (true) {
        try {
          socket.bind(local);
          socket.connect(remote, (int) timeout.toMillis());
          break;
        } catch (ConnectException e) {
          socket.close();
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
          socket = new Socket();
        }
      }
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) timeout.toMillis());
      Session session = new Session(socket, remote.toString(), updates);
      session.handshake(localAs, routerId, RouteReceiver.AS);
      socket.setSoTimeout(0);
      session.start();
      return session;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** One session to one receiver. */
  static final class Session implements Feeder.Session {
    private final Socket socket;
    private final String peer;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] updates;
    private final ScheduledExecutorService keepalives =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "replay-keepalive");
              t.setDaemon(true);
              return t;
            });
    private final Thread writer = new Thread(this::writeUpdates, "replay-writer");
    private final Thread reader = new Thread(this::drain, "replay-reader");
    private int holdTime;
    private long establishedAt;
    private volatile long sentAt = -1;
    private volatile boolean closed;
    private volatile @Nullable String failure;

    private Session(Socket socket, String peer, byte[] updates) throws IOException {
      this.socket = socket;
      this.peer = peer;
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
      this.updates = updates;
      writer.setDaemon(true);
      reader.setDaemon(true);
    }

    private void handshake(long localAs, Ipv4Address routerId, long peerAs) throws IOException {
      Capabilities caps =
          new Capabilities(Set.of(AddressFamily.IPV4_UNICAST), true, localAs, false, null);
      int myAs = localAs > 0xFFFF ? BgpWire.AS_TRANS : (int) localAs;
      ByteBuf open = Unpooled.buffer();
      new OpenMessage(4, myAs, HOLD_TIME, routerId.toInt(), caps).encode(open);
      write(open);
      ByteBuf theirs = expect(BgpWire.TYPE_OPEN);
      OpenMessage o =
          OpenMessage.decode(theirs, BgpWire.HEADER_LENGTH, theirs.readableBytes() - 19);
      long as = o.capabilities().fourOctetAs() >= 0 ? o.capabilities().fourOctetAs() : o.myAs();
      if (o.version() != 4
          || as != peerAs
          || o.capabilities().fourOctetAs() < 0
          || !o.capabilities().effectiveFamilies().contains(AddressFamily.IPV4_UNICAST)
          || (o.holdTime() != 0 && o.holdTime() < 3)) {
        throw new IllegalStateException(
            peer
                + " sent an OPEN the replayed UPDATEs do not fit (expected version 4, AS "
                + peerAs
                + ", 4-octet AS, IPv4 unicast, hold time 0 or >= 3): "
                + o);
      }
      holdTime = Math.min(HOLD_TIME, o.holdTime());
      ByteBuf keepalive = Unpooled.buffer();
      BgpWire.writeKeepalive(keepalive);
      write(keepalive);
      expect(BgpWire.TYPE_KEEPALIVE).release();
      establishedAt = System.nanoTime();
    }

    private void start() {
      reader.start();
      writer.start();
      if (holdTime > 0) {
        keepalives.scheduleAtFixedRate(
            this::keepalive, holdTime / 3, holdTime / 3, TimeUnit.SECONDS);
      }
    }

    @Override
    public long establishedAt() {
      return establishedAt;
    }

    /** When the socket took the last UPDATE and End-of-RIB. */
    @Override
    public long sentAt() {
      return sentAt;
    }

    @Override
    public @Nullable String failure() {
      return failure;
    }

    private void writeUpdates() {
      try {
        int pos = 0;
        while (pos < updates.length) {
          int end = pos;
          do {
            end += ((updates[end + 16] & 0xFF) << 8) | (updates[end + 17] & 0xFF);
          } while (end < updates.length && end - pos < CHUNK);
          synchronized (out) {
            out.write(updates, pos, end - pos);
          }
          pos = end;
        }
        ByteBuf eor = Unpooled.buffer();
        new UpdateEncoder(codec()).writeEndOfRib(eor, AddressFamily.IPV4_UNICAST);
        write(eor);
        sentAt = System.nanoTime();
      } catch (IOException e) {
        fail("writing the UPDATEs failed: " + e);
      }
    }

    /** Reads and ignores whatever the receiver sends; a NOTIFICATION ends the session. */
    private void drain() {
      try {
        while (!closed) {
          ByteBuf m = readMessage();
          try {
            if (m.getUnsignedByte(BgpWire.TYPE_OFFSET) == BgpWire.TYPE_NOTIFICATION) {
              fail("sent " + notification(m));
              return;
            }
          } finally {
            m.release();
          }
        }
      } catch (IOException | RuntimeException e) {
        fail("reading failed: " + e);
      }
    }

    private void keepalive() {
      ByteBuf k = Unpooled.buffer();
      BgpWire.writeKeepalive(k);
      try {
        write(k);
      } catch (IOException e) {
        fail("a KEEPALIVE failed: " + e);
      }
    }

    private void fail(String why) {
      if (!closed && failure == null) {
        failure = peer + " " + why;
      }
    }

    /** Reads the next message, which must be of {@code type}. */
    private ByteBuf expect(int type) throws IOException {
      ByteBuf m = readMessage();
      int got = m.getUnsignedByte(BgpWire.TYPE_OFFSET);
      if (got != type) {
        String what = got == BgpWire.TYPE_NOTIFICATION ? notification(m) : "message type " + got;
        m.release();
        throw new IllegalStateException(
            peer + " sent " + what + " before Established, where type " + type + " was due");
      }
      return m;
    }

    private static String notification(ByteBuf m) {
      NotificationMessage n =
          NotificationMessage.decode(m, BgpWire.HEADER_LENGTH, m.readableBytes() - 19);
      return "NOTIFICATION " + n.code() + "/" + n.subcode();
    }

    /**
     * One whole message, its header checked by {@link MessageFramer}.
     *
     * @throws dev.gingham.internal.bgp.wire.NotificationException for a malformed header
     */
    private ByteBuf readMessage() throws IOException {
      byte[] header = new byte[BgpWire.HEADER_LENGTH];
      in.readFully(header);
      // Checks marker, type and length before the body is read.
      MessageFramer.frameLength(Unpooled.wrappedBuffer(header));
      int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
      byte[] message = new byte[length];
      System.arraycopy(header, 0, message, 0, header.length);
      in.readFully(message, header.length, length - header.length);
      return Unpooled.wrappedBuffer(message);
    }

    private void write(ByteBuf message) throws IOException {
      try {
        synchronized (out) {
          message.readBytes(out, message.readableBytes());
        }
      } finally {
        message.release();
      }
    }

    /** Sends a Cease and closes the connection; waits a bounded time for the threads. */
    @Override
    public void close() throws InterruptedException {
      closed = true;
      keepalives.shutdownNow();
      ByteBuf cease = Unpooled.buffer();
      new NotificationMessage(ErrorCodes.CEASE, ErrorCodes.CEASE_ADMIN_SHUTDOWN, new byte[0])
          .encode(cease);
      try {
        socket.shutdownInput(); // the reader stops; a writer still running would block the Cease
        if (!writer.isAlive()) {
          write(cease);
        } else {
          cease.release();
        }
      } catch (IOException e) {
        // Closing anyway: the receiver sees the connection end instead of a Cease.
      }
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing more to release.
      }
      writer.join(5_000);
      reader.join(5_000);
      keepalives.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
