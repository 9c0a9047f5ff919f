package dev.gingham.internal.bgp.speaker;

import dev.gingham.internal.bgp.wire.BgpWire;
import dev.gingham.internal.bgp.wire.MessageFramer;
import dev.gingham.internal.bgp.wire.NotificationException;
import dev.gingham.internal.bgp.wire.NotificationMessage;
import dev.gingham.internal.bgp.wire.OpenMessage;
import dev.gingham.net.IpAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection of a peer: it frames the byte stream into messages and hands them to its
 * {@link Peer}, and holds the per-connection half of the FSM (OpenSent, OpenConfirm, Established)
 * with its hold and keepalive timers. Runs on the speaker's event loop.
 */
final class Connection extends ChannelInboundHandlerAdapter {
  /** The connection-level states; the peer's state is derived from them. */
  enum Phase {
    OPEN_SENT,
    OPEN_CONFIRM,
    ESTABLISHED,
    CLOSED
  }

  /** Hold time while waiting for an OPEN (RFC 4271 section 8: a large value, 4 minutes). */
  static final int INITIAL_HOLD_SECONDS = 240;

  final Peer peer;
  final Channel channel;
  final boolean outbound;
  Phase phase = Phase.OPEN_SENT;
  @Nullable OpenMessage remoteOpen;
  int holdSeconds = INITIAL_HOLD_SECONDS;
  int keepaliveSeconds;

  /** The largest UPDATE or NOTIFICATION accepted: 4096 until extended messages are negotiated. */
  int maxMessageLength = BgpWire.MAX_MESSAGE_LENGTH;

  private @Nullable ByteBuf cumulation;
  private @Nullable ScheduledFuture<?> holdTimer;
  private @Nullable ScheduledFuture<?> keepaliveTimer;
  private @Nullable ScheduledFuture<?> sendHoldTimer;
  private long lastHeardNanos = System.nanoTime();
  private long sendHoldNanos;
  private long lastSendProgressNanos;
  private long lastPendingBytes;
  private boolean closing;

  Connection(Peer peer, Channel channel, boolean outbound) {
    this.peer = peer;
    this.channel = channel;
    this.outbound = outbound;
  }

  IpAddress localAddress() {
    return IpAddress.of(((InetSocketAddress) channel.localAddress()).getAddress());
  }

  IpAddress remoteAddress() {
    return IpAddress.of(((InetSocketAddress) channel.remoteAddress()).getAddress());
  }

  /** Starts the hold timer with the current hold time; 0 stops it. */
  void armHoldTimer() {
    if (holdTimer != null) {
      holdTimer.cancel(false);
      holdTimer = null;
    }
    lastHeardNanos = System.nanoTime();
    if (holdSeconds > 0) {
      holdTimer = channel.eventLoop().schedule(this::checkHold, holdSeconds, TimeUnit.SECONDS);
    }
  }

  private void checkHold() {
    if (phase == Phase.CLOSED) {
      return;
    }
    long idle = System.nanoTime() - lastHeardNanos;
    long hold = TimeUnit.SECONDS.toNanos(holdSeconds);
    if (idle >= hold) {
      peer.holdTimerExpired(this);
    } else {
      holdTimer = channel.eventLoop().schedule(this::checkHold, hold - idle, TimeUnit.NANOSECONDS);
    }
  }

  /** Starts sending KEEPALIVEs every {@code keepaliveSeconds}; 0 sends none. */
  void startKeepalives() {
    if (keepaliveTimer != null) {
      keepaliveTimer.cancel(false);
      keepaliveTimer = null;
    }
    if (keepaliveSeconds > 0) {
      keepaliveTimer =
          channel
              .eventLoop()
              .scheduleAtFixedRate(
                  this::sendKeepalive, keepaliveSeconds, keepaliveSeconds, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts the send hold timer (RFC 9687): if bytes wait to be sent and none has left for {@code
   * seconds}, the peer has stopped reading and the session ends. 0 starts nothing.
   */
  void startSendHoldTimer(long seconds) {
    if (sendHoldTimer != null) {
      sendHoldTimer.cancel(false);
      sendHoldTimer = null;
    }
    if (seconds <= 0) {
      return;
    }
    sendHoldNanos = TimeUnit.SECONDS.toNanos(seconds);
    lastSendProgressNanos = System.nanoTime();
    lastPendingBytes = 0;
    long period = Math.max(100, Math.min(1000, seconds * 250));
    sendHoldTimer =
        channel
            .eventLoop()
            .scheduleAtFixedRate(this::checkSendHold, period, period, TimeUnit.MILLISECONDS);
  }

  private void checkSendHold() {
    if (phase == Phase.CLOSED || closing) {
      return;
    }
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    long pending = out == null ? 0 : out.totalPendingWriteBytes();
    long now = System.nanoTime();
    // Progress: nothing waits, or less waits than at the last look (the peer read something).
    if (pending == 0 || pending < lastPendingBytes) {
      lastSendProgressNanos = now;
    }
    lastPendingBytes = pending;
    if (now - lastSendProgressNanos >= sendHoldNanos) {
      peer.sendHoldTimerExpired(this, pending);
    }
  }

  void sendKeepalive() {
    if (phase == Phase.CLOSED) {
      return;
    }
    ByteBuf buf = channel.alloc().buffer(BgpWire.HEADER_LENGTH);
    BgpWire.writeKeepalive(buf);
    peer.countSent(BgpWire.TYPE_KEEPALIVE, 1);
    channel.writeAndFlush(buf, channel.voidPromise());
  }

  /** Sends a whole message; counts it. */
  void send(ByteBuf message, int type) {
    peer.countSent(type, 1);
    channel.writeAndFlush(message, channel.voidPromise());
  }

  /** Sends a NOTIFICATION, then closes. */
  void notifyAndClose(NotificationMessage notification) {
    if (closing) {
      return;
    }
    closing = true;
    stopTimers();
    ByteBuf buf = channel.alloc().buffer(BgpWire.HEADER_LENGTH + 2 + notification.data().length);
    notification.encode(buf);
    peer.countSent(BgpWire.TYPE_NOTIFICATION, 1);
    channel.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
    // Do not wait for a peer that stops reading: close anyway after a second.
    channel.eventLoop().schedule(() -> channel.close(), 1, TimeUnit.SECONDS);
  }

  /** Closes without a NOTIFICATION. */
  void close() {
    closing = true;
    stopTimers();
    channel.close();
  }

  void stopTimers() {
    if (holdTimer != null) {
      holdTimer.cancel(false);
      holdTimer = null;
    }
    if (sendHoldTimer != null) {
      sendHoldTimer.cancel(false);
      sendHoldTimer = null;
    }
    if (keepaliveTimer != null) {
      keepaliveTimer.cancel(false);
      keepaliveTimer = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (closing) {
      in.release();
      return;
    }
    lastHeardNanos = System.nanoTime();
    ByteBuf buf;
    if (cumulation == null) {
      buf = in;
    } else {
      buf = cumulation;
      try {
        if (buf.writableBytes() < in.readableBytes()) {
          ByteBuf bigger = ctx.alloc().buffer(buf.readableBytes() + in.readableBytes());
          bigger.writeBytes(buf);
          buf.release();
          buf = bigger;
        }
        buf.writeBytes(in);
      } finally {
        in.release();
      }
    }
    cumulation = null;
    try {
      while (!closing) {
        int length = MessageFramer.frameLength(buf, maxMessageLength);
        if (length < 0) {
          break;
        }
        int start = buf.readerIndex();
        buf.skipBytes(length);
        peer.onMessage(
            this,
            buf.getUnsignedByte(start + BgpWire.TYPE_OFFSET),
            buf,
            start + BgpWire.HEADER_LENGTH,
            length - BgpWire.HEADER_LENGTH);
      }
    } catch (NotificationException e) {
      peer.protocolError(this, e);
    } finally {
      if (buf.isReadable() && !closing) {
        buf.discardSomeReadBytes();
        cumulation = buf;
      } else {
        buf.release();
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (channel.isWritable()) {
      peer.writable(this);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stopTimers();
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    Phase was = phase;
    phase = Phase.CLOSED;
    peer.connectionClosed(this, was);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    peer.connectionFailed(this, cause);
    ctx.close();
  }

  @Override
  public String toString() {
    return (outbound ? "outbound" : "inbound") + " connection to " + peer.address() + " " + phase;
  }
}
