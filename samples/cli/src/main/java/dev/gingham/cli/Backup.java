package dev.gingham.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.core.Resources;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Keys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A store's contents as documents, and back: what {@code gingham datastore export} writes and
 * {@code import} reads. Resources are their documents (without resource versions, with uids and
 * creation times), kind by kind in dependency order; every other key under {@value #ROOT} (IPAM's
 * blocks, affinities and handles) is a {@code DatastoreRecord} holding its key and its value, as
 * JSON when the value is JSON that reads back to the same bytes, else as base64:
 *
 * <pre>
 * apiVersion: gingham.dev/v1
 * kind: DatastoreRecord
 * key: /gingham/ipam/v1/blocks/10.65.0.0-26
 * json: {...}
 * </pre>
 *
 * Keys with a lease (liveness records) are left out: they belong to a live process. Thread-safe:
 * stateless.
 */
final class Backup {
  /** Everything Gingham keeps lies under this prefix. */
  static final String ROOT = "/gingham/";

  /** The kind of a raw record's document. */
  static final String RECORD = "DatastoreRecord";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Backup() {}

  /**
   * A raw record.
   *
   * @param key the key
   * @param value the value
   */
  record Record(String key, byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Record
          && ((Record) o).key.equals(key)
          && Arrays.equals(((Record) o).value, value);
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }
  }

  /**
   * What a backup holds.
   *
   * @param resources the resources, in dependency order
   * @param records the raw records, in key order
   * @param skippedLeased how many keys with a lease were left out
   */
  record Contents(List<Resource<?>> resources, List<Record> records, int skippedLeased) {
    int size() {
      return resources.size() + records.size();
    }
  }

  /** Reads what a store holds. */
  static Contents read(Datastore store) {
    ResourceStore resources = Resources.store(store);
    List<Resource<?>> all = new ArrayList<>();
    for (ResourceKind<?> k : ResourceKind.all()) {
      all.addAll(resources.list(k, null).items());
    }
    List<Record> records = new ArrayList<>();
    int leased = 0;
    for (KeyValue kv : store.listAll(ROOT).items()) {
      if (Resources.isResourceKey(kv.key())) {
        continue;
      }
      if (kv.leaseId() != 0) {
        leased++;
        continue;
      }
      records.add(new Record(kv.key(), kv.value()));
    }
    return new Contents(all, records, leased);
  }

  /** The documents of a backup: resources, then records. */
  static List<Object> documents(Contents c) {
    List<Object> docs = new ArrayList<>(c.size());
    for (Resource<?> r : c.resources()) {
      docs.add(Resources.write(r, false));
    }
    for (Record r : c.records()) {
      docs.add(document(r));
    }
    return docs;
  }

  private static Map<String, Object> document(Record r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", Resource.API_VERSION);
    d.put("kind", RECORD);
    d.put("key", r.key());
    Object tree = jsonTree(r.value());
    if (tree != null) {
      d.put("json", tree);
    } else {
      d.put("base64", Base64.getEncoder().encodeToString(r.value()));
    }
    return d;
  }

  /** The value as a JSON tree, if it is JSON that writes back to the very same bytes. */
  private static @Nullable Object jsonTree(byte[] value) {
    try {
      Object tree = JSON.readValue(value, Object.class);
      if ((tree instanceof Map || tree instanceof List)
          && Arrays.equals(JSON.writeValueAsBytes(tree), value)) {
        return tree;
      }
    } catch (IOException e) {
      // not JSON: base64 it is
    }
    return null;
  }

  /** Whether a document is a raw record's rather than a resource's. */
  static boolean isRecord(@Nullable Object document) {
    return document instanceof Map && RECORD.equals(((Map<?, ?>) document).get("kind"));
  }

  /**
   * Reads a raw record's document.
   *
   * @throws InvalidResourceException naming the source, the field and the reason
   */
  static Record record(Map<?, ?> d, String source) {
    for (Object k : d.keySet()) {
      if (!List.of("apiVersion", "kind", "key", "json", "base64").contains(k)) {
        throw bad(
            source,
            String.valueOf(k),
            "unknown field; the fields are apiVersion, kind, key, json, base64");
      }
    }
    if (!Resource.API_VERSION.equals(d.get("apiVersion"))) {
      throw bad(source, "apiVersion", "a " + RECORD + " is " + Resource.API_VERSION);
    }
    if (!(d.get("key") instanceof String)) {
      throw bad(source, "key", "is required");
    }
    String key = (String) d.get("key");
    try {
      Keys.requireValid(key);
    } catch (IllegalArgumentException e) {
      throw bad(source, "key", e.getMessage());
    }
    if (!key.startsWith(ROOT) || Resources.isResourceKey(key)) {
      throw bad(
          source,
          "key",
          "'"
              + key
              + "' is not a raw record's key: it must lie under "
              + ROOT
              + " and hold no resource");
    }
    boolean json = d.containsKey("json");
    boolean base64 = d.containsKey("base64");
    if (json == base64) {
      throw bad(source, "json", "give json or base64, exactly one");
    }
    byte[] value;
    if (json) {
      Object tree = d.get("json");
      if (!(tree instanceof Map || tree instanceof List)) {
        throw bad(source, "json", "expected an object or a list");
      }
      try {
        value = JSON.writeValueAsBytes(tree);
      } catch (JsonProcessingException e) {
        throw bad(source, "json", e.getOriginalMessage());
      }
    } else {
      if (!(d.get("base64") instanceof String)) {
        throw bad(source, "base64", "expected a string");
      }
      try {
        value = Base64.getDecoder().decode((String) d.get("base64"));
      } catch (IllegalArgumentException e) {
        throw bad(source, "base64", "not base64: " + e.getMessage());
      }
    }
    if (value.length > Datastore.MAX_VALUE_BYTES) {
      throw bad(source, json ? "json" : "base64", "the value is larger than a datastore holds");
    }
    return new Record(key, value);
  }

  private static InvalidResourceException bad(String source, String field, String problem) {
    return new InvalidResourceException(source, RECORD, field, problem);
  }
}
