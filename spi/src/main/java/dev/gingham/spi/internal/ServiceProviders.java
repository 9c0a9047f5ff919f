package dev.gingham.spi.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Loads the providers of one service the way SLF4J does: a provider that fails to load, or that was
 * built for another major SPI version, is reported and skipped, and the others still load.
 */
public final class ServiceProviders {

  private ServiceProviders() {}

  /**
   * Every usable provider, in discovery order.
   *
   * @param service the service interface
   * @param spiVersion the SPI version of this build, {@code major.minor}
   * @param versionOf reads the version a provider was built against
   */
  public static <S> List<S> load(
      Class<S> service, String spiVersion, Function<S, String> versionOf) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ServiceLoader<S> serviceLoader =
        ServiceLoader.load(service, loader != null ? loader : service.getClassLoader());
    List<S> found = new ArrayList<>();
    Iterator<S> it = serviceLoader.iterator();
    while (true) {
      S provider;
      try {
        if (!it.hasNext()) {
          return found;
        }
        provider = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        Logs.of(ServiceProviders.class)
            .log(
                Level.WARNING,
                "A " + service.getSimpleName() + " failed to load and is skipped: " + e,
                e);
        continue;
      }
      String theirs = versionOf.apply(provider);
      if (theirs == null || !major(theirs).equals(major(spiVersion))) {
        Logs.of(ServiceProviders.class)
            .log(
                Level.WARNING,
                "{0} {1} was built for SPI version {2}, not {3}, and is skipped.",
                service.getSimpleName(),
                provider.getClass().getName(),
                theirs,
                spiVersion);
        continue;
      }
      found.add(provider);
    }
  }

  /**
   * What the host configured: the system property if set, else the environment variable, else
   * empty. Blank values count as unset.
   */
  public static java.util.Optional<String> configured(String property, String environment) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(environment);
    }
    return value == null || value.isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(value.strip());
  }

  private static String major(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }
}
