package dev.gingham.spi.dataplane;

import java.nio.file.Path;

/**
 * A handle on a network namespace. Operations take it explicitly, so that no thread ever carries a
 * namespace as hidden state. The handle keeps the namespace alive while open (as an open file
 * descriptor does); closing it releases the handle, never the namespace. Thread-safe.
 */
public interface NetworkNamespace extends AutoCloseable {

  /** A name for messages: the named namespace's name, {@code "host"}, or the path. */
  String name();

  /**
   * The path that identifies the namespace: {@code /run/netns/NAME} for a named one, {@code
   * /proc/PID/ns/net} or a CNI runtime's bind mount otherwise.
   */
  Path path();

  /** Whether this is the namespace the dataplane was started in. */
  boolean isHost();

  /** Releases the handle. Idempotent; using the handle afterwards throws. */
  @Override
  void close();
}
