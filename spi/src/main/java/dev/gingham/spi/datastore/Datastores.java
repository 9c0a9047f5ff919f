package dev.gingham.spi.datastore;

import dev.gingham.spi.internal.Logs;
import dev.gingham.spi.internal.ServiceProviders;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Opens a {@link Datastore} by URI, with the providers found by {@link java.util.ServiceLoader}.
 *
 * <p>The lookup follows SLF4J's: a provider that fails to load is reported and skipped, and the
 * others still load; when several providers claim one scheme, the highest {@link
 * DatastoreProvider#priority()} wins and the choice is logged with the full list. The system
 * property {@value #PROVIDER_PROPERTY} may name a provider class to force for its schemes.
 *
 * <p>{@link #openDefault()} opens the URI named by the system property {@value #URI_PROPERTY} or
 * the environment variable {@value #URI_ENVIRONMENT}; failing both, the best default a provider
 * offers: the embedded SQLite store when it is on the path, else the in-memory store, with a
 * warning that nothing will be kept.
 */
public final class Datastores {
  /** The system property that names the store {@link #openDefault()} opens. */
  public static final String URI_PROPERTY = "gingham.datastore";

  /** The environment variable that names the store {@link #openDefault()} opens. */
  public static final String URI_ENVIRONMENT = "GINGHAM_DATASTORE";

  /** The system property that forces a provider class for the schemes it opens. */
  public static final String PROVIDER_PROPERTY = "gingham.datastore.provider";

  private Datastores() {}

  /**
   * Opens a store.
   *
   * @param uri such as {@code memory:}, {@code sqlite:/var/lib/gingham/state.db} or {@code
   *     etcd://127.0.0.1:2379}
   * @throws IllegalArgumentException if the URI is malformed or no provider opens its scheme; the
   *     message lists the schemes that are known
   */
  public static Datastore open(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(
          "datastore URI is empty; known schemes: " + knownSchemes(providers()));
    }
    String text = uri.strip();
    if (text.matches("[A-Za-z][A-Za-z0-9+.-]*:")) {
      text += "/"; // "memory:" alone is not a valid java.net.URI; "memory:/" is.
    }
    try {
      return open(new URI(text));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "malformed datastore URI '" + uri + "': " + e.getMessage(), e);
    }
  }

  /** Opens a store; see {@link #open(String)}. */
  public static Datastore open(URI uri) {
    List<DatastoreProvider> all = providers();
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException(
          "datastore URI '"
              + uri
              + "' has no scheme; known schemes: "
              + knownSchemes(all)
              + " (for example memory: or sqlite:/var/lib/gingham/state.db)");
    }
    DatastoreProvider provider = choose(all, scheme.toLowerCase(Locale.ROOT));
    return provider.open(uri);
  }

  /**
   * The store URI the host configured, as {@link #openDefault()} reads it: the system property
   * {@value #URI_PROPERTY}, else the environment variable {@value #URI_ENVIRONMENT}; blank counts
   * as unset.
   */
  public static Optional<String> configuredUri() {
    return ServiceProviders.configured(URI_PROPERTY, URI_ENVIRONMENT);
  }

  /** Opens the configured store, or the best default; see the class description. */
  public static Datastore openDefault() {
    Optional<String> configured = configuredUri();
    if (configured.isPresent()) {
      return open(configured.get());
    }
    List<DatastoreProvider> all = providers();
    DatastoreProvider best =
        all.stream()
            .filter(p -> p.defaultUri().isPresent())
            .max(Comparator.comparingInt(DatastoreProvider::defaultPriority))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no datastore configured ("
                            + URI_PROPERTY
                            + " or "
                            + URI_ENVIRONMENT
                            + ") and no provider offers a default; known schemes: "
                            + knownSchemes(all)
                            + ". Add gingham-core or gingham-impl-sqlite to the class path."));
    URI uri = best.defaultUri().orElseThrow();
    if ("memory".equals(uri.getScheme())) {
      Logs.of(Datastores.class)
          .log(
              Level.WARNING,
              "No datastore configured and no durable store on the path: using {0}, which keeps"
                  + " nothing after this process ends. Set "
                  + URI_PROPERTY
                  + " or "
                  + URI_ENVIRONMENT
                  + ", or add gingham-impl-sqlite.",
              uri);
    }
    return best.open(uri);
  }

  /** The schemes that can be opened, sorted. */
  public static List<String> knownSchemes() {
    return knownSchemes(providers());
  }

  /** Every provider that loaded, in discovery order. */
  public static List<DatastoreProvider> providers() {
    return ServiceProviders.load(
        DatastoreProvider.class, DatastoreProvider.SPI_VERSION, DatastoreProvider::spiVersion);
  }

  private static DatastoreProvider choose(List<DatastoreProvider> all, String scheme) {
    List<DatastoreProvider> candidates =
        all.stream().filter(p -> p.schemes().contains(scheme)).collect(Collectors.toList());
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(
          "no datastore provider for scheme '"
              + scheme
              + "'; known schemes: "
              + knownSchemes(all)
              + (scheme.equals("sqlite") || scheme.equals("etcd")
                  ? ". Add gingham-impl-" + scheme + " to the class path."
                  : ""));
    }
    String forced = System.getProperty(PROVIDER_PROPERTY);
    if (forced != null && !forced.isBlank()) {
      for (DatastoreProvider p : candidates) {
        if (p.getClass().getName().equals(forced.strip())) {
          return p;
        }
      }
      if (all.stream().noneMatch(p -> p.getClass().getName().equals(forced.strip()))) {
        throw new IllegalArgumentException(
            PROVIDER_PROPERTY
                + " names "
                + forced
                + ", which is not among the providers found: "
                + all.stream().map(p -> p.getClass().getName()).collect(Collectors.toList()));
      }
    }
    candidates.sort(
        Comparator.comparingInt(DatastoreProvider::priority)
            .reversed()
            .thenComparing(p -> p.getClass().getName()));
    DatastoreProvider chosen = candidates.get(0);
    if (candidates.size() > 1) {
      Logs.of(Datastores.class)
          .log(
              Level.WARNING,
              "Several datastore providers open scheme ''{0}'': {1}. Using {2}; set {3} to choose.",
              scheme,
              candidates.stream().map(p -> p.getClass().getName()).collect(Collectors.toList()),
              chosen.getClass().getName(),
              PROVIDER_PROPERTY);
    }
    return chosen;
  }

  private static List<String> knownSchemes(List<DatastoreProvider> all) {
    TreeSet<String> schemes = new TreeSet<>();
    all.forEach(p -> schemes.addAll(p.schemes()));
    return new ArrayList<>(schemes);
  }
}
