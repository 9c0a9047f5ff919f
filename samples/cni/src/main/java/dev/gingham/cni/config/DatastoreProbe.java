package dev.gingham.cni.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the one thing a plugin needs before its configuration is fully read: the datastore URI, so
 * that the store can start opening while {@link NetConfParser} reads the rest (a JVM per call
 * spends tens of milliseconds on each, and the store's opening is on ADD's critical path).
 *
 * <p>A single streaming pass with jackson-core, no data binding. It checks nothing and never
 * throws: configurations it cannot read simply, such as Calico's {@code datastore_type} with {@code
 * etcd_endpoints}, a {@code datastore} that is not a string, or JSON that does not decode, give no
 * answer, and the caller waits for the full reading. Where both answer, they agree: the probe gives
 * what {@link NetConf#datastore()} gives for {@link NetConfParser.Mode#PLUGIN} and {@link
 * NetConf#ipamDatastore()} for {@link NetConfParser.Mode#IPAM}. A caller still checks the full
 * reading's URI before it uses a store opened on the probe's word. Thread-safe.
 */
public final class DatastoreProbe {
  private static final JsonFactory JSON = new JsonFactory();

  private DatastoreProbe() {}

  /**
   * The datastore URI a configuration names.
   *
   * @return empty when the probe cannot tell; otherwise the URI, or {@code Optional.of(hint)} with
   *     a null {@link Hint#uri()} when the configuration names none (the default store)
   */
  public static Optional<Hint> probe(byte[] json, NetConfParser.Mode mode) {
    if (json.length > NetConfParser.MAX_BYTES) {
      return Optional.empty();
    }
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      Field top = null;
      Field ipam = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("datastore")) {
          top = Field.read(p, value, top);
        } else if (name.equals("datastore_type") || name.equals("etcd_endpoints")) {
          if (mode == NetConfParser.Mode.PLUGIN) {
            return Optional.empty(); // Calico's spelling: the full reading builds the URI
          }
          p.skipChildren();
        } else if (name.equals("ipam") && value == JsonToken.START_OBJECT) {
          ipam = ipamDatastore(p, ipam);
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return Optional.empty();
      }
      return mode == NetConfParser.Mode.PLUGIN ? pluginUri(top) : ipamUri(top, ipam);
    } catch (IOException | RuntimeException e) {
      // Not ours to report: the full reading names what is wrong.
      return Optional.empty();
    }
  }

  /**
   * What the probe found.
   *
   * @param uri the datastore URI named, or null for the default store
   */
  public record Hint(@Nullable String uri) {}

  private static Optional<Hint> pluginUri(@Nullable Field top) {
    if (top == null || top.isNull()) {
      return Optional.of(new Hint(null));
    }
    if (top.text == null) {
      return Optional.empty();
    }
    return Optional.of(new Hint(top.text.isEmpty() ? null : top.text));
  }

  private static Optional<Hint> ipamUri(@Nullable Field top, @Nullable Field ipam) {
    if (ipam != null && !ipam.isNull()) {
      if (ipam.text == null) {
        return Optional.empty();
      }
      if (!ipam.text.isEmpty()) {
        return Optional.of(new Hint(ipam.text));
      }
    }
    // The IPAM plugin reads its parent's datastore only when it is a non-empty string.
    boolean named = top != null && top.text != null && !top.text.isEmpty();
    return Optional.of(new Hint(named ? top.text : null));
  }

  private static @Nullable Field ipamDatastore(JsonParser p, @Nullable Field found)
      throws IOException {
    Field f = found;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("datastore")) {
        f = Field.read(p, value, f);
      } else {
        p.skipChildren();
      }
    }
    return f;
  }

  /** A field's value: its text, or null text for a JSON null or a value of another type. */
  private static final class Field {
    final @Nullable String text;
    final boolean jsonNull;

    private Field(@Nullable String text, boolean jsonNull) {
      this.text = text;
      this.jsonNull = jsonNull;
    }

    boolean isNull() {
      return jsonNull;
    }

    /** The value at the parser, which is left after it; a repeated field is no answer. */
    static Field read(JsonParser p, JsonToken value, @Nullable Field earlier) throws IOException {
      if (earlier != null) {
        // The full reading refuses duplicates; this answer would never be used.
        throw new IOException("duplicate field");
      }
      if (value == JsonToken.VALUE_STRING) {
        return new Field(p.getText(), false);
      }
      p.skipChildren();
      return new Field(null, value == JsonToken.VALUE_NULL);
    }
  }
}
