package dev.gingham.internal.ipam.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.ipam.IpamNames;
import dev.gingham.net.IpPrefix;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link HandleRecord} as JSON:
 *
 * <pre>
 * {"handle": "k8s-pod-network.abc", "blocks": {"10.65.0.0/26": 1, "fd00::/122": 1}}
 * </pre>
 */
public final class HandleCodec {
  private HandleCodec() {}

  /** The record as JSON. */
  public static byte[] encode(HandleRecord record) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("handle", record.handle());
          g.writeObjectFieldStart("blocks");
          for (Map.Entry<IpPrefix, Integer> e : record.blocks().entrySet()) {
            g.writeNumberField(CidrText.of(e.getKey()), e.getValue());
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  /**
   * Reads a record.
   *
   * @throws MalformedRecordException if the bytes are not one; the message says why
   */
  public static HandleRecord decode(InputStream in) {
    JsonNode root = Json.readObject(in, "handle");
    String handle = Json.string(root, "handle", "handle");
    try {
      IpamNames.requireHandle(handle);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException(e.getMessage(), e);
    }
    JsonNode blocks = root.get("blocks");
    if (blocks == null || !blocks.isObject()) {
      throw new MalformedRecordException("handle '" + handle + "' has no \"blocks\" object");
    }
    TreeMap<IpPrefix, Integer> counts = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = blocks.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      IpPrefix block = Json.prefix(e.getKey(), "handle '" + handle + "' block");
      JsonNode n = e.getValue();
      if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() <= 0) {
        throw new MalformedRecordException(
            "handle '" + handle + "' counts " + n + " in " + block + "; counts are positive");
      }
      if (counts.put(block, n.intValue()) != null) {
        throw new MalformedRecordException("handle '" + handle + "' names " + block + " twice");
      }
    }
    return new HandleRecord(handle, counts);
  }
}
