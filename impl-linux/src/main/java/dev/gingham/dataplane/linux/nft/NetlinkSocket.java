package dev.gingham.dataplane.linux.nft;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * A NETLINK_NETFILTER socket in a given network namespace, opened by a short-lived thread that
 * enters the namespace (setns), so that no caller's thread ever changes namespace. The socket stays
 * in that namespace for its life. Calls are serialised on the socket.
 */
final class NetlinkSocket implements AutoCloseable {
  /** The libc calls needed. */
  public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, @In byte[] addr, int len);

    long send(int fd, @In byte[] buf, long len, int flags);

    long recv(int fd, @Out byte[] buf, long len, int flags);

    int setsockopt(int fd, int level, int name, @In byte[] value, int len);

    int open(String path, int flags);

    int setns(int fd, int nstype);

    int close(int fd);
  }

  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_NETFILTER = 12;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int CLONE_NEWNET = 0x40000000;

  private static volatile LibC libc;

  private final int fd;
  private final jnr.ffi.Runtime runtime;
  private int seq = (int) (System.nanoTime() & 0x3fffffff);

  private NetlinkSocket(int fd) {
    this.fd = fd;
    this.runtime = jnr.ffi.Runtime.getRuntime(lib());
  }

  static LibC lib() {
    LibC l = libc;
    if (l == null) {
      l = LibraryLoader.create(LibC.class).load("c");
      libc = l;
    }
    return l;
  }

  /**
   * Opens a socket in the namespace at {@code path}, or in this process's when {@code path} is
   * null.
   *
   * @throws IllegalStateException naming the step that failed and the errno
   */
  static NetlinkSocket open(Path path) {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.set(openHere(path));
              } catch (RuntimeException e) {
                result.set(e);
              }
            },
            "netlink open " + path);
    t.start();
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted opening netlink in " + path, e);
    }
    Object r = result.get();
    if (r instanceof RuntimeException) {
      throw (RuntimeException) r;
    }
    if (r == null) {
      throw new IllegalStateException("opening netlink in " + path + " timed out");
    }
    return (NetlinkSocket) r;
  }

  private static NetlinkSocket openHere(Path path) {
    LibC c = lib();
    jnr.ffi.Runtime rt = jnr.ffi.Runtime.getRuntime(c);
    if (path != null) {
      int ns = c.open(path.toString(), 0x80000);
      if (ns < 0) {
        throw new IllegalStateException("open " + path + ": errno " + rt.getLastError());
      }
      try {
        if (c.setns(ns, CLONE_NEWNET) != 0) {
          throw new IllegalStateException("setns " + path + ": errno " + rt.getLastError());
        }
      } finally {
        c.close(ns);
      }
    }
    int fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (fd < 0) {
      throw new IllegalStateException("netlink socket: errno " + rt.getLastError());
    }
    byte[] addr = new byte[12];
    addr[0] = (byte) AF_NETLINK;
    if (c.bind(fd, addr, addr.length) != 0) {
      int errno = rt.getLastError();
      c.close(fd);
      throw new IllegalStateException("netlink bind: errno " + errno);
    }
    // Receives time out after 5 s, so that a lost answer cannot hang the caller.
    byte[] tv = new byte[16];
    tv[0] = 5;
    c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, tv.length);
    return new NetlinkSocket(fd);
  }

  /** Sequence numbers for a batch of {@code count} messages. */
  synchronized int nextSeq(int count) {
    int s = seq;
    seq += count;
    return s;
  }

  /**
   * Sends a batch and waits for {@code acks} acknowledgements from sequence {@code firstSeq}.
   *
   * @return 0 when all succeeded, else the index of the first failed message and its errno
   */
  synchronized int[] transact(byte[] batch, int firstSeq, int acks) {
    LibC c = lib();
    long sent = c.send(fd, batch, batch.length, 0);
    if (sent != batch.length) {
      throw new IllegalStateException("netlink send: errno " + runtime.getLastError());
    }
    int[] failure = {-1, 0};
    int[] seen = {0};
    byte[] buf = new byte[65536];
    while (seen[0] < acks) {
      long n = c.recv(fd, buf, buf.length, 0);
      if (n <= 0) {
        throw new IllegalStateException(
            "netlink receive after "
                + seen[0]
                + " of "
                + acks
                + " answers: errno "
                + runtime.getLastError());
      }
      NftNetlinkBatch.readAcks(
          buf,
          (int) n,
          (s, error) -> {
            int index = s - firstSeq;
            if (index < 0 || index >= acks) {
              return; // a stale answer to an earlier, timed-out batch
            }
            seen[0]++;
            if (error != 0 && (failure[0] < 0 || index < failure[0])) {
              failure[0] = index;
              failure[1] = -error;
            }
          });
    }
    return failure;
  }

  @Override
  public synchronized void close() {
    lib().close(fd);
  }
}
