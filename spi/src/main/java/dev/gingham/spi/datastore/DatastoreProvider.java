package dev.gingham.spi.datastore;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Opens datastores for some URI schemes. Implementations are found with {@link
 * java.util.ServiceLoader}, declared both in {@code module-info} ({@code provides}) and in {@code
 * META-INF/services}, and need a public no-argument constructor.
 */
public interface DatastoreProvider {

  /** The version of this SPI. A provider built against another major version is not used. */
  String SPI_VERSION = "1.0";

  /** The SPI version this provider was built against; {@link #SPI_VERSION} when compiled. */
  default String spiVersion() {
    return SPI_VERSION;
  }

  /** A short name for messages, such as {@code "SQLite"}. */
  String name();

  /** The URI schemes this provider opens, in lower case, such as {@code "sqlite"}. */
  Set<String> schemes();

  /** When several providers open one scheme, the highest priority wins. */
  default int priority() {
    return 0;
  }

  /**
   * The URI to open when the host names none, if this provider offers one: the embedded store
   * offers its file, the in-memory store offers {@code memory:}.
   */
  default Optional<URI> defaultUri() {
    return Optional.empty();
  }

  /**
   * Among providers offering a {@link #defaultUri()}, the one with the highest default priority is
   * opened by {@link Datastores#openDefault()}.
   */
  default int defaultPriority() {
    return 0;
  }

  /**
   * Opens a store. The whole URI, options included, is checked before any connection is made.
   *
   * @throws IllegalArgumentException if the URI is malformed or has an unknown or bad option; the
   *     message names it
   * @throws DatastoreUnavailableException if the store cannot be reached
   */
  Datastore open(URI uri);
}
