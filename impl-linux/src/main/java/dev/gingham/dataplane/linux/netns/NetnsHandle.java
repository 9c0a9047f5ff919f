package dev.gingham.dataplane.linux.netns;

import dev.gingham.dataplane.linux.netlink.LibC;
import dev.gingham.dataplane.linux.netlink.NetlinkChannel;
import dev.gingham.dataplane.linux.netlink.NetlinkSocket;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A network namespace held by an open file descriptor, as {@code /proc/PID/ns/net} or a bind mount
 * under {@code /run/netns} gives it: the namespace lives at least as long as the handle, even if
 * its name is deleted. Its rtnetlink channel is opened inside the namespace by the {@link
 * NamespaceWorker} on first use, and then used from any thread.
 *
 * <p>Thread-safe. Closing releases the descriptor and the sockets, never the namespace; the host's
 * handle ignores {@link #close()} and is released with its dataplane.
 */
public final class NetnsHandle implements NetworkNamespace {
  private static final long PID = ProcessHandle.current().pid();

  private final String name;
  private final Path path;
  private final boolean host;
  private final int fd;
  private final String identity;
  private final NamespaceWorker worker;
  private volatile @Nullable NetlinkChannel rtnl;
  private volatile boolean closed;

  NetnsHandle(
      String name,
      Path path,
      boolean host,
      int fd,
      String identity,
      NamespaceWorker worker,
      @Nullable NetlinkChannel rtnl) {
    this.name = name;
    this.path = path;
    this.host = host;
    this.fd = fd;
    this.identity = identity;
    this.worker = worker;
    this.rtnl = rtnl;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public boolean isHost() {
    return host;
  }

  /** The namespace's identity, {@code net:[INODE]}: equal for handles on the same namespace. */
  public String identity() {
    return identity;
  }

  /**
   * The descriptor, for requests that name a namespace ({@code IFLA_NET_NS_FD}).
   *
   * @throws IllegalStateException if the handle is closed
   */
  public int fd() {
    requireOpen();
    return fd;
  }

  /** A path that reaches exactly this namespace from another process, such as {@code nsenter}. */
  public Path procPath() {
    requireOpen();
    return Path.of("/proc/" + PID + "/fd/" + fd);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("namespace handle " + name + " is closed");
    }
  }

  /** The namespace's rtnetlink channel; lock it while using it. */
  public NetlinkChannel rtnl() {
    NetlinkChannel c = rtnl;
    if (c != null && !closed) {
      return c;
    }
    synchronized (this) {
      requireOpen();
      if (rtnl == null) {
        rtnl = new NetlinkChannel(openSocket(NetlinkSocket.NETLINK_ROUTE, 0));
      }
      return rtnl;
    }
  }

  /** Opens a new netlink socket inside the namespace, bound to multicast {@code groups}. */
  public NetlinkSocket openSocket(int protocol, int groups) {
    return call(() -> NetlinkSocket.open(protocol, groups));
  }

  /** Runs a task on the worker thread, inside the namespace. */
  public <T> T call(Callable<T> task) {
    int target = fd();
    return worker.call(host ? -1 : target, task);
  }

  /** Closes the handle, unless it is the host's. Idempotent. */
  @Override
  public void close() {
    if (!host) {
      release();
    }
  }

  /** Closes the handle, the host's too. */
  public void release() {
    NetlinkChannel c;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      c = rtnl;
      rtnl = null;
    }
    if (c != null) {
      c.close();
    }
    LibC.get().close(fd);
  }

  @Override
  public String toString() {
    return "netns " + name;
  }
}
