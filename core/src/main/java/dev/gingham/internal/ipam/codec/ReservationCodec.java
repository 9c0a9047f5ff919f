package dev.gingham.internal.ipam.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.ipam.IpReservation;
import dev.gingham.net.IpPrefix;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link IpReservation} as JSON:
 *
 * <pre>
 * {"name": "gateways", "cidrs": ["10.65.0.0/30", "10.65.255.255/32"]}
 * </pre>
 */
public final class ReservationCodec {
  private ReservationCodec() {}

  /** The reservation as JSON. */
  public static byte[] encode(IpReservation reservation) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("name", reservation.name());
          g.writeArrayFieldStart("cidrs");
          for (IpPrefix cidr : reservation.cidrs()) {
            g.writeString(cidr.toString());
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /**
   * Reads a reservation.
   *
   * @throws MalformedRecordException if the bytes are not one, or a valid one
   */
  public static IpReservation decode(InputStream in) {
    JsonNode root = Json.readObject(in, "reservation");
    String name = Json.string(root, "name", "reservation");
    JsonNode cidrs = root.get("cidrs");
    if (cidrs == null || !cidrs.isArray()) {
      throw new MalformedRecordException("reservation '" + name + "' has no \"cidrs\" array");
    }
    List<IpPrefix> list = new ArrayList<>();
    for (JsonNode cidr : cidrs) {
      if (!cidr.isTextual()) {
        throw new MalformedRecordException(
            "reservation '" + name + "': \"cidrs\" must hold strings, found " + cidr);
      }
      list.add(Json.prefix(cidr.textValue(), "reservation '" + name + "'"));
    }
    try {
      return IpReservation.of(name, list);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException(e.getMessage(), e);
    }
  }
}
