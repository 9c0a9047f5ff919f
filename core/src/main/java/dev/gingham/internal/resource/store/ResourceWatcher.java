package dev.gingham.internal.resource.store;

import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceDataException;
import dev.gingham.resource.ResourceEvent;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceListener;
import dev.gingham.resource.ResourceWatch;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A watch of resources: one datastore watch on the longest prefix the kinds share, whose events are
 * decoded into typed ones, keys of other kinds and of no resource skipped. Thread-safe.
 */
final class ResourceWatcher implements ResourceWatch {
  private final Watch watch;

  private ResourceWatcher(Watch watch) {
    this.watch = watch;
  }

  static ResourceWatch start(
      Datastore store,
      Collection<? extends ResourceKind<?>> kinds,
      long fromRevision,
      ResourceListener listener) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("a watch needs at least one kind");
    }
    Set<ResourceKind<?>> wanted = Set.copyOf(kinds);
    String prefix = null;
    for (ResourceKind<?> k : wanted) {
      String p = ResourceKeys.prefix(k, null);
      prefix = prefix == null ? p : common(prefix, p);
    }
    Watch w =
        store.watch(
            prefix,
            fromRevision,
            e -> {
              ResourceEvent event = translate(e, wanted);
              if (event != null) {
                listener.onEvent(event);
              }
            });
    return new ResourceWatcher(w);
  }

  private static String common(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    // Cut at a '/', so that the prefix never ends inside a surrogate pair or a name.
    int slash = a.lastIndexOf('/', n - 1);
    return a.substring(0, slash + 1);
  }

  private static @Nullable ResourceEvent translate(WatchEvent e, Set<ResourceKind<?>> wanted) {
    if (e instanceof WatchEvent.ResyncRequired) {
      WatchEvent.ResyncRequired r = (WatchEvent.ResyncRequired) e;
      return new ResourceEvent.ResyncRequired(
          r.revision(),
          r.reason() == WatchEvent.ResyncRequired.Reason.COMPACTED
              ? ResourceEvent.ResyncRequired.Reason.COMPACTED
              : ResourceEvent.ResyncRequired.Reason.SLOW_CONSUMER);
    }
    if (e instanceof WatchEvent.Delete) {
      WatchEvent.Delete d = (WatchEvent.Delete) e;
      Optional<ResourceId> id = ResourceKeys.parse(d.key());
      return id.isPresent() && wanted.contains(id.get().kind())
          ? new ResourceEvent.Deleted(id.get(), d.revision())
          : null;
    }
    WatchEvent.Put p = (WatchEvent.Put) e;
    Optional<ResourceId> id = ResourceKeys.parse(p.keyValue().key());
    if (id.isEmpty() || !wanted.contains(id.get().kind())) {
      return null;
    }
    try {
      Resource<?> r = Records.decode(id.get(), p.keyValue());
      return new ResourceEvent.Put(r);
    } catch (ResourceDataException ex) {
      return new ResourceEvent.Invalid(p.keyValue().key(), p.revision(), ex.getMessage());
    }
  }

  @Override
  public boolean isClosed() {
    return watch.isClosed();
  }

  @Override
  public void close() {
    watch.close();
  }
}
