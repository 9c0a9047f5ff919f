package dev.gingham.internal.resource.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.gingham.internal.ipam.IpamSettingsRecords;
import dev.gingham.internal.json.StreamingTrees;
import dev.gingham.internal.resource.codec.ResourceCodec;
import dev.gingham.ipam.IpamDataException;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceDataException;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.spi.datastore.KeyValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Resources as the store's records: JSON for the kinds the resource store keeps, IPAM's own records
 * for the kinds IPAM keeps. Thread-safe: stateless.
 */
final class Records {
  /** As a default ObjectMapper's; the documents are read and written by streaming (see below). */
  private static final JsonFactory JSON = new JsonFactory();

  private Records() {}

  /** The record of a resource outside IPAM: its document, without the resource version. */
  static byte[] encode(Resource<?> r) {
    // Streaming, exactly as ObjectMapper.writeValueAsBytes writes the document: no ObjectMapper
    // is built on the start-up path of a short-lived process (a CNI plugin writes an endpoint).
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      StreamingTrees.writeValue(g, ResourceCodec.write(r, false));
    } catch (IOException e) {
      throw new IllegalStateException("a document of maps, lists and scalars always writes", e);
    }
    return out.toByteArray();
  }

  /**
   * The resource a record holds, with the record's revision as its resource version.
   *
   * @throws ResourceDataException if it does not decode, or holds another resource than its key
   *     says
   */
  static Resource<?> decode(ResourceId id, KeyValue kv) {
    Resource<?> r;
    try {
      r = decodeSpec(id.kind(), kv);
    } catch (InvalidResourceException | IpamDataException e) {
      throw new ResourceDataException(kv.key(), e.getMessage(), e);
    }
    if (!r.id().equals(id)) {
      throw new ResourceDataException(
          kv.key(),
          "it holds " + r.id(),
          new IllegalStateException("record of " + r.id() + " at " + kv.key()));
    }
    return r.withMetadata(r.metadata().withResourceVersion(kv.modRevision()));
  }

  private static Resource<?> decodeSpec(ResourceKind<?> kind, KeyValue kv) {
    if (kind == ResourceKind.IP_POOL) {
      var pool = IpamSettingsRecords.pool(kv);
      return Resource.of(ResourceKind.IP_POOL, ObjectMeta.of(pool.name()), pool);
    }
    if (kind == ResourceKind.IP_RESERVATION) {
      var r = IpamSettingsRecords.reservation(kv);
      return Resource.of(ResourceKind.IP_RESERVATION, ObjectMeta.of(r.name()), r);
    }
    if (kind == ResourceKind.IPAM_CONFIGURATION) {
      return Resource.ipamConfiguration(IpamSettingsRecords.config(kv));
    }
    Object tree;
    try (JsonParser p = JSON.createParser(kv.valueStream())) {
      tree = StreamingTrees.readValue(p);
    } catch (IOException e) {
      throw new InvalidResourceException(
          kv.key(), null, "(document)", "not JSON: " + e.getMessage());
    }
    Resource<?> r = ResourceCodec.readResource(tree, kv.key());
    if (r.kind() != kind) {
      throw new InvalidResourceException(
          kv.key(), null, "kind", "the record holds a " + r.kind() + ", not a " + kind);
    }
    return r;
  }
}
