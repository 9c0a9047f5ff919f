package dev.gingham.dataplane.linux.nft;

import dev.gingham.spi.dataplane.NetworkNamespace;
import java.nio.file.Path;

/**
 * A namespace named by its path alone, for tests that make namespaces with {@code ip netns add}:
 * the packet filter reaches it with {@code nsenter --net=PATH} and opens its element socket there.
 *
 * @param name the name for messages
 * @param path the namespace's path
 */
record PathNamespace(String name, Path path) implements NetworkNamespace {
  /** A named namespace, as {@code ip netns add NAME} makes it. */
  static PathNamespace named(String name) {
    return new PathNamespace(name, Path.of("/run/netns", name));
  }

  @Override
  public boolean isHost() {
    return false;
  }

  /** Nothing to release: the handle holds no descriptor. */
  @Override
  public void close() {}
}
