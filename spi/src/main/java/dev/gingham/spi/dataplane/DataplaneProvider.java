package dev.gingham.spi.dataplane;

import java.util.Optional;

/**
 * Opens dataplanes. Implementations are found with {@link java.util.ServiceLoader}, declared in
 * {@code module-info} and in {@code META-INF/services}, with a public no-argument constructor.
 */
public interface DataplaneProvider {

  /** The version of this SPI. A provider built against another major version is not used. */
  String SPI_VERSION = "1.0";

  /** The SPI version this provider was built against. */
  default String spiVersion() {
    return SPI_VERSION;
  }

  /** The name hosts choose it by, such as {@code "linux"} or {@code "simulated"}. */
  String name();

  /** When several providers can run, the highest priority wins. */
  int priority();

  /**
   * Why this provider cannot run here, such as "not running as root"; empty when it can. Checked
   * before {@link #open()}, and cheap.
   */
  Optional<String> unavailableReason();

  /**
   * Opens a dataplane.
   *
   * @throws DataplaneException if it cannot start
   */
  Dataplane open();
}
