package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.NetworkNamespace;
import java.nio.file.Path;

/**
 * A handle on a simulated namespace. While open it keeps a deleted namespace's devices alive, as an
 * open namespace file descriptor does. The host's handle is never closed.
 */
final class SimHandle implements NetworkNamespace {
  final SimulatedDataplane owner;
  final SimNamespace namespace;
  private boolean closed;

  SimHandle(SimulatedDataplane owner, SimNamespace namespace) {
    this.owner = owner;
    this.namespace = namespace;
  }

  /** The namespace, checking the handle is usable. Under the world's lock. */
  SimNamespace use() {
    if (closed) {
      throw new IllegalStateException("namespace handle " + namespace.name + " is closed");
    }
    return namespace;
  }

  @Override
  public String name() {
    return namespace.name;
  }

  @Override
  public Path path() {
    return namespace.path;
  }

  @Override
  public boolean isHost() {
    return namespace.host;
  }

  @Override
  public void close() {
    if (namespace.host) {
      return;
    }
    owner.lock.lock();
    try {
      if (!closed) {
        closed = true;
        owner.released(namespace);
      }
    } finally {
      owner.lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "netns " + namespace.name;
  }
}
