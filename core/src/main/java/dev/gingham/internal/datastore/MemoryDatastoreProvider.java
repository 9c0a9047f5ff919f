package dev.gingham.internal.datastore;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreProvider;
import dev.gingham.spi.datastore.base.DatastoreUri;
import dev.gingham.spi.datastore.base.WatchHub;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Opens in-memory stores: {@code memory:} with the options {@code history} (how many events of
 * history to keep for watches, default {@value MemoryDatastore#DEFAULT_HISTORY}) and {@code
 * watchQueue} (how many events a watch may have waiting). Each open gives a new, empty store.
 *
 * <p>It is the default of last resort, offered with the lowest priority: nothing survives the
 * process.
 */
public final class MemoryDatastoreProvider implements DatastoreProvider {
  private static final Set<String> OPTIONS = Set.of("history", "watchQueue");

  @Override
  public String name() {
    return "in-memory";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public Optional<URI> defaultUri() {
    return Optional.of(URI.create("memory:/"));
  }

  @Override
  public int defaultPriority() {
    return Integer.MIN_VALUE;
  }

  @Override
  public Datastore open(URI uri) {
    DatastoreUri parsed = DatastoreUri.parse(uri, OPTIONS);
    String target = parsed.target();
    if (!target.isEmpty() && !target.equals("/")) {
      throw new IllegalArgumentException(
          "in-memory datastore URI '"
              + uri
              + "' names '"
              + target
              + "', but each in-memory store is private to its opener: use memory: alone");
    }
    int history =
        parsed.integer("history", MemoryDatastore.DEFAULT_HISTORY, 16, Integer.MAX_VALUE / 2);
    int watchQueue =
        parsed.integer("watchQueue", WatchHub.DEFAULT_QUEUE_CAPACITY, 1, Integer.MAX_VALUE / 2);
    return new MemoryDatastore(uri, history, watchQueue);
  }
}
