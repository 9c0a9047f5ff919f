package dev.gingham.dataplane.linux.nft;

import dev.gingham.spi.dataplane.NetworkNamespace;
import java.nio.file.Path;

/**
 * A network namespace handle by path, enough for the packet filter, which enters the namespace to
 * run {@code nft}. The full namespace support (held file descriptors, creation) comes with the
 * netlink dataplane.
 *
 * @param name the name for messages
 * @param path the namespace's path
 * @param isHost whether it is the namespace this process runs in
 */
public record LinuxNamespace(String name, Path path, boolean isHost) implements NetworkNamespace {
  /** The namespace this process runs in. */
  public static LinuxNamespace host() {
    return new LinuxNamespace("host", Path.of("/proc/self/ns/net"), true);
  }

  /** A named namespace, as {@code ip netns add NAME} makes it. */
  public static LinuxNamespace named(String name) {
    return new LinuxNamespace(name, Path.of("/run/netns", name), false);
  }

  /** Nothing to release: the handle holds no descriptor. */
  @Override
  public void close() {}
}
