package dev.gingham.internal.ipam.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.AffinityState;
import dev.gingham.ipam.IpamNames;
import java.io.InputStream;

/**
 * An {@link Affinity} as JSON:
 *
 * <pre>
 * {"host": "node-1", "cidr": "10.65.0.0/26", "state": "confirmed"}
 * </pre>
 */
public final class AffinityCodec {
  private AffinityCodec() {}

  /** The affinity as JSON. */
  public static byte[] encode(Affinity affinity) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("host", affinity.host());
          g.writeStringField("cidr", CidrText.of(affinity.cidr()));
          g.writeStringField("state", affinity.state().text());
          g.writeEndObject();
        });
  }

  /**
   * Reads an affinity.
   *
   * @throws MalformedRecordException if the bytes are not one; the message says why
   */
  public static Affinity decode(InputStream in) {
    JsonNode root = Json.readObject(in, "affinity");
    try {
      return new Affinity(
          IpamNames.requireHost(Json.string(root, "host", "affinity")),
          Json.prefix(Json.string(root, "cidr", "affinity"), "affinity cidr"),
          AffinityState.parse(Json.string(root, "state", "affinity")));
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException("affinity: " + e.getMessage(), e);
    }
  }
}
