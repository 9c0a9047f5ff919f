package dev.gingham.internal.ipam.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;

/**
 * The settings epoch as JSON: {@code {"epoch": 12}}. The record exists so that one revision stands
 * for every pool, reservation and the configuration; see {@code IpamKeys}.
 */
public final class EpochCodec {
  private EpochCodec() {}

  /** The epoch as JSON. */
  public static byte[] encode(long epoch) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("epoch", epoch);
          g.writeEndObject();
        });
  }

  /**
   * Reads an epoch.
   *
   * @throws MalformedRecordException if the bytes are not one
   */
  public static long decode(InputStream in) {
    JsonNode root = Json.readObject(in, "settings epoch");
    if (root.get("epoch") == null) {
      throw new MalformedRecordException("settings epoch has no \"epoch\"");
    }
    return Json.integer(root, "epoch", 0, 0, Long.MAX_VALUE, "settings epoch");
  }
}
