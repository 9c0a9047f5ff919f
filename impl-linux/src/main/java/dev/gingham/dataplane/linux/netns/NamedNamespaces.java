package dev.gingham.dataplane.linux.netns;

import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netlink.LibC;
import dev.gingham.dataplane.linux.netlink.NetlinkChannel;
import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.dataplane.linux.netlink.NetlinkSocket;
import dev.gingham.dataplane.linux.rtnl.LinkCodec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Network namespaces as files: opened by path, and named ones made and removed under {@code
 * /run/netns} the way {@code ip netns} does it. Creation makes the directory a shared mount point
 * (so that a later unmount reaches every mount namespace), creates an empty file, and bind-mounts a
 * new namespace onto it from the worker thread, which has unshared its own for the moment. Errors
 * are {@link NetlinkException}s carrying the errno. Stateless.
 */
public final class NamedNamespaces {
  /** Where named namespaces live. */
  public static final Path RUN_NETNS = Path.of("/run/netns");

  private static final int O_RDONLY_CLOEXEC = 0x80000;
  private static final long NS_GET_NSTYPE = 0xb703;
  private static final long MS_BIND = 4096;
  private static final long MS_REC = 16384;
  private static final long MS_SHARED = 1 << 20;
  private static final int MNT_DETACH = 2;
  private static final int LOOPBACK_INDEX = 1;

  private NamedNamespaces() {}

  /** A handle on the worker's home namespace. */
  public static NetnsHandle host(NamespaceWorker worker) {
    int fd = worker.call(-1, () -> LibC.get().open("/proc/thread-self/ns/net", O_RDONLY_CLOEXEC));
    if (fd < 0) {
      throw new NetlinkException("open /proc/thread-self/ns/net", LibC.errno(), null);
    }
    return new NetnsHandle(
        "host", Path.of("/proc/self/ns/net"), true, fd, identity(fd), worker, null);
  }

  /**
   * Opens the namespace at a path.
   *
   * @param hostIdentity the host handle's identity, to tell whether this is the host
   * @throws NetlinkException ENOENT if nothing is there, EINVAL if it is no network namespace
   */
  public static NetnsHandle open(Path path, NamespaceWorker worker, String hostIdentity) {
    LibC c = LibC.get();
    int fd = c.open(path.toString(), O_RDONLY_CLOEXEC);
    if (fd < 0) {
      throw new NetlinkException("open " + path, LibC.errno(), null);
    }
    try {
      int type = c.ioctl(fd, NS_GET_NSTYPE);
      if (type != NamespaceWorker.CLONE_NEWNET) {
        throw new NetlinkException("open " + path, Errno.EINVAL, "not a network namespace");
      }
      String id = identity(fd);
      boolean host = id.equals(hostIdentity);
      return new NetnsHandle(nameOf(path), path, host, fd, id, worker, null);
    } catch (RuntimeException e) {
      c.close(fd);
      throw e;
    }
  }

  private static String nameOf(Path path) {
    Path parent = path.getParent();
    return parent != null && parent.equals(RUN_NETNS)
        ? path.getFileName().toString()
        : path.toString();
  }

  /**
   * Creates a named namespace with its loopback up.
   *
   * @throws NetlinkException EEXIST if the name is taken; on any failure nothing is left behind
   */
  public static NetnsHandle create(String name, NamespaceWorker worker) {
    Path path = RUN_NETNS.resolve(name);
    makeSharedRunDirectory();
    try {
      Files.createFile(path);
    } catch (FileAlreadyExistsException e) {
      throw new NetlinkException("netns " + name, Errno.EEXIST, null);
    } catch (IOException e) {
      throw new NetlinkException("create " + path + ": " + e.getMessage(), Errno.EPERM, null);
    }
    try {
      return worker.callInNewNamespace(
          () -> {
            LibC c = LibC.get();
            if (c.mount("/proc/thread-self/ns/net", path.toString(), "none", MS_BIND, null) != 0) {
              throw new NetlinkException("bind mount onto " + path, LibC.errno(), null);
            }
            int fd = c.open("/proc/thread-self/ns/net", O_RDONLY_CLOEXEC);
            if (fd < 0) {
              throw new NetlinkException("open the new namespace", LibC.errno(), null);
            }
            NetlinkChannel rtnl = null;
            try {
              rtnl = new NetlinkChannel(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE, 0));
              synchronized (rtnl) {
                int seq = rtnl.nextSeq();
                LinkCodec.setUp(rtnl.writer(), seq, LOOPBACK_INDEX, "lo", true);
                rtnl.request("link lo up", seq);
              }
              return new NetnsHandle(name, path, false, fd, identity(fd), worker, rtnl);
            } catch (RuntimeException e) {
              if (rtnl != null) {
                rtnl.close();
              }
              c.close(fd);
              throw e;
            }
          });
    } catch (RuntimeException e) {
      // Nothing stays behind: the bind mount if it was made (EINVAL if not), then the file.
      LibC.get().umount2(path.toString(), MNT_DETACH);
      try {
        Files.deleteIfExists(path);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** As {@code ip netns add}: {@code /run/netns} exists and is a shared mount point. */
  private static void makeSharedRunDirectory() {
    try {
      Files.createDirectories(RUN_NETNS);
    } catch (IOException e) {
      throw new NetlinkException("mkdir " + RUN_NETNS + ": " + e.getMessage(), Errno.EPERM, null);
    }
    LibC c = LibC.get();
    boolean madeMountPoint = false;
    while (c.mount("", RUN_NETNS.toString(), "none", MS_SHARED | MS_REC, null) != 0) {
      int errno = LibC.errno();
      if (errno != Errno.EINVAL || madeMountPoint) {
        throw new NetlinkException("make " + RUN_NETNS + " a shared mount", errno, null);
      }
      if (c.mount(RUN_NETNS.toString(), RUN_NETNS.toString(), "none", MS_BIND | MS_REC, null)
          != 0) {
        throw new NetlinkException("bind mount " + RUN_NETNS + " onto itself", LibC.errno(), null);
      }
      madeMountPoint = true;
    }
  }

  /**
   * Deletes a named namespace: unmounts and removes its file.
   *
   * @return whether the file existed
   * @throws NetlinkException if the unmount is refused (EPERM, EBUSY)
   */
  public static boolean delete(String name) {
    Path path = RUN_NETNS.resolve(name);
    if (!Files.exists(path)) {
      return false;
    }
    return unmountAndRemove(path);
  }

  private static boolean unmountAndRemove(Path path) {
    if (LibC.get().umount2(path.toString(), MNT_DETACH) != 0) {
      int errno = LibC.errno();
      if (errno != Errno.EINVAL && errno != Errno.ENOENT) { // EINVAL: not mounted, a stale file
        throw new NetlinkException("umount " + path, errno, null);
      }
    }
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new NetlinkException("remove " + path + ": " + e.getMessage(), Errno.EBUSY, null);
    }
  }

  /** The names under {@code /run/netns}, sorted. */
  public static List<String> list() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> d = Files.newDirectoryStream(RUN_NETNS)) {
      for (Path p : d) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new NetlinkException("list " + RUN_NETNS + ": " + e.getMessage(), Errno.EPERM, null);
    }
    Collections.sort(names);
    return names;
  }

  /** A namespace's identity, {@code net:[INODE]}, from the link its descriptor shows in /proc. */
  static String identity(int fd) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    } catch (IOException e) {
      throw new NetlinkException("readlink /proc/self/fd/" + fd, Errno.ENOENT, null);
    }
  }
}
