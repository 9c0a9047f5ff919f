package dev.gingham.internal.bgp.speaker;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport a speaker runs on: epoll where it is available, NIO otherwise. Only epoll can
 * sign segments with TCP-MD5 (RFC 2385).
 */
final class Transport {
  private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

  final EventLoopGroup group;
  final Class<? extends SocketChannel> channelClass;
  final Class<? extends ServerChannel> serverChannelClass;
  final String name;

  /** Whether sockets of this transport can carry TCP-MD5 signatures. */
  boolean supportsMd5() {
    return "epoll".equals(name);
  }

  /** Why TCP-MD5 is unavailable, for the error a peer with a password gets. */
  static String md5Unavailable() {
    Throwable cause = Epoll.unavailabilityCause();
    return "TCP-MD5 needs Netty's epoll transport, which did not load"
        + (cause == null ? "" : ": " + cause);
  }

  private Transport(
      EventLoopGroup group,
      Class<? extends SocketChannel> channelClass,
      Class<? extends ServerChannel> serverChannelClass,
      String name) {
    this.group = group;
    this.channelClass = channelClass;
    this.serverChannelClass = serverChannelClass;
    this.name = name;
  }

  /** A transport with one event loop thread, named after the speaker. */
  static Transport create(String speakerName) {
    return create(1, "gingham-bgp-" + speakerName + "-");
  }

  /** A transport with {@code loops} event loop threads named {@code prefix} and a number. */
  static Transport create(int loops, String prefix) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    if (Epoll.isAvailable()) {
      return new Transport(
          new EpollEventLoopGroup(loops, threads),
          EpollSocketChannel.class,
          EpollServerSocketChannel.class,
          "epoll");
    }
    LOG.info("epoll is unavailable ({}); BGP uses NIO", Epoll.unavailabilityCause().toString());
    return new Transport(
        new NioEventLoopGroup(loops, threads),
        NioSocketChannel.class,
        NioServerSocketChannel.class,
        "nio");
  }
}
