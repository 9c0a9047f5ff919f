package dev.gingham.spi.dataplane;

import dev.gingham.spi.internal.Logs;
import dev.gingham.spi.internal.ServiceProviders;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Opens a {@link Dataplane} with the providers found by {@link java.util.ServiceLoader}.
 *
 * <p>{@link #open()} opens the provider named by the system property {@value #PROPERTY} or the
 * environment variable {@value #ENVIRONMENT}; failing both, the available provider with the highest
 * priority: the Linux dataplane where it can run, else the simulated one, with a warning that
 * nothing reaches the kernel.
 */
public final class Dataplanes {
  /** The system property that names the dataplane to open. */
  public static final String PROPERTY = "gingham.dataplane";

  /** The environment variable that names the dataplane to open. */
  public static final String ENVIRONMENT = "GINGHAM_DATAPLANE";

  private Dataplanes() {}

  /** Opens the configured dataplane, or the best available one. */
  public static Dataplane open() {
    Optional<String> configured = ServiceProviders.configured(PROPERTY, ENVIRONMENT);
    if (configured.isPresent()) {
      return open(configured.get());
    }
    List<DataplaneProvider> all = providers();
    DataplaneProvider best =
        all.stream()
            .filter(p -> p.unavailableReason().isEmpty())
            .max(Comparator.comparingInt(DataplaneProvider::priority))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no dataplane can run here: "
                            + describe(all)
                            + ". Add gingham-core for the simulated dataplane."));
    if (!"linux".equals(best.name())) {
      Logs.of(Dataplanes.class)
          .log(
              Level.WARNING,
              "Using the {0} dataplane: nothing reaches the kernel. Available: {1}",
              best.name(),
              describe(all));
    }
    return best.open();
  }

  /**
   * Opens a dataplane by name.
   *
   * @throws IllegalArgumentException if no provider has that name; the message lists the names
   * @throws IllegalStateException if that provider cannot run here; the message says why
   */
  public static Dataplane open(String name) {
    List<DataplaneProvider> all = providers();
    DataplaneProvider provider =
        all.stream()
            .filter(p -> p.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no dataplane named '" + name + "'; known: " + describe(all)));
    provider
        .unavailableReason()
        .ifPresent(
            why -> {
              throw new IllegalStateException("the " + name + " dataplane cannot run here: " + why);
            });
    return provider.open();
  }

  /** Every provider that loaded, in discovery order. */
  public static List<DataplaneProvider> providers() {
    return ServiceProviders.load(
        DataplaneProvider.class, DataplaneProvider.SPI_VERSION, DataplaneProvider::spiVersion);
  }

  private static String describe(List<DataplaneProvider> all) {
    if (all.isEmpty()) {
      return "no providers found";
    }
    return all.stream()
        .map(p -> p.name() + p.unavailableReason().map(r -> " (unavailable: " + r + ")").orElse(""))
        .collect(Collectors.joining(", "));
  }
}
