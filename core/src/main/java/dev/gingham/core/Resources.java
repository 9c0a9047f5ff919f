package dev.gingham.core;

import dev.gingham.internal.ipam.IpamSettingsRecords;
import dev.gingham.internal.resource.codec.ResourceCodec;
import dev.gingham.internal.resource.store.DatastoreResourceStore;
import dev.gingham.internal.resource.store.ResourceKeys;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceStore;
import dev.gingham.spi.datastore.Datastore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Resources: the store over a datastore, and their document form.
 *
 * <pre>{@code
 * try (Datastore datastore = Datastores.open("sqlite:/var/lib/gingham/state.db")) {
 *   ResourceStore store = Resources.store(datastore);
 *   for (Object doc : yamlDocuments) {           // maps and lists, as a YAML parser yields them
 *     changes.addAll(Resources.read(doc, "pools.yaml").stream().map(ResourceChange::apply).toList());
 *   }
 *   store.write(changes);                         // all or nothing
 * }
 * }</pre>
 *
 * <p>The document form is Calico's {@code projectcalico.org/v3} schema for every kind, under
 * apiVersion {@code gingham.dev/v1} or {@code projectcalico.org/v3}; Kubernetes {@code
 * networking.k8s.io/v1} NetworkPolicy is read too, converted as Calico converts it. Documents are
 * the generic trees a YAML or JSON parser yields (maps, lists, strings, numbers, booleans), so that
 * the engine depends on no data format library; {@link #write} gives one back.
 */
public final class Resources {
  private Resources() {}

  /** A store over a datastore, on the system clock. */
  public static ResourceStore store(Datastore datastore) {
    return new DatastoreResourceStore(datastore, Clock.systemUTC());
  }

  /** A store over a datastore, whose new resources take their creation time from {@code clock}. */
  public static ResourceStore store(Datastore datastore, Clock clock) {
    return new DatastoreResourceStore(datastore, clock);
  }

  /**
   * Reads a document: one resource, a list of them ({@code kind: List} with {@code items}), or a
   * Kubernetes NetworkPolicy. An empty document (null) holds none. Every field is checked; unknown
   * fields, and Calico fields Gingham does not support, are refused with the reason.
   *
   * @param source where the document came from, for error messages: {@code pools.yaml: document 2}
   * @throws dev.gingham.resource.InvalidResourceException naming the source, the resource, the
   *     field and the reason
   */
  public static List<Resource<?>> read(@Nullable Object document, String source) {
    return ResourceCodec.read(document, source);
  }

  /**
   * Whether a key is one the resource store keeps resources in: a resource's record, or one of
   * IPAM's settings (pools, reservations, the configuration and the epoch that stands for them). A
   * backup takes these as resources, and every other key as a record to copy as it is.
   */
  public static boolean isResourceKey(String key) {
    return ResourceKeys.parse(key).isPresent() || IpamSettingsRecords.isSettingsKey(key);
  }

  /**
   * A resource as a document: {@code apiVersion}, {@code kind}, {@code metadata} and {@code spec},
   * fields in a fixed order and nothing that is unset; {@link #read} reads it back to an equal
   * resource.
   *
   * @param resourceVersion whether to include the resource version
   */
  public static Map<String, Object> write(Resource<?> resource, boolean resourceVersion) {
    return ResourceCodec.write(resource, resourceVersion);
  }
}
