package dev.gingham.internal.ipam.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.ipam.AllowedUse;
import dev.gingham.ipam.EncapsulationMode;
import dev.gingham.ipam.InvalidPoolException;
import dev.gingham.ipam.IpPool;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.TreeSet;

/**
 * An {@link IpPool} as JSON, with Calico's field names and spellings; a missing optional field
 * takes its default:
 *
 * <pre>
 * {"name": "default-ipv4", "cidr": "10.65.0.0/16", "blockSize": 26,
 *  "ipipMode": "Never", "vxlanMode": "Always", "natOutgoing": true, "disabled": false,
 *  "disableBgpExport": false, "nodeSelector": "all()", "allowedUses": ["Tunnel", "Workload"],
 *  "reservedAtBlockStart": 0, "reservedAtBlockEnd": 0}
 * </pre>
 */
public final class PoolCodec {
  private PoolCodec() {}

  /** The pool as JSON. */
  public static byte[] encode(IpPool pool) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("name", pool.name());
          g.writeStringField("cidr", pool.cidr().toString());
          g.writeNumberField("blockSize", pool.blockSize());
          g.writeStringField("ipipMode", pool.ipipMode().text());
          g.writeStringField("vxlanMode", pool.vxlanMode().text());
          g.writeBooleanField("natOutgoing", pool.natOutgoing());
          g.writeBooleanField("disabled", pool.disabled());
          g.writeBooleanField("disableBgpExport", pool.disableBgpExport());
          g.writeStringField("nodeSelector", pool.nodeSelector());
          g.writeArrayFieldStart("allowedUses");
          for (String use :
              new TreeSet<>(pool.allowedUses().stream().map(AllowedUse::text).toList())) {
            g.writeString(use);
          }
          g.writeEndArray();
          g.writeNumberField("reservedAtBlockStart", pool.reservedAtBlockStart());
          g.writeNumberField("reservedAtBlockEnd", pool.reservedAtBlockEnd());
          g.writeEndObject();
        });
  }

  /**
   * Reads a pool.
   *
   * @throws MalformedRecordException if the bytes are not one, or a valid one
   */
  public static IpPool decode(InputStream in) {
    JsonNode root = Json.readObject(in, "pool");
    String name = Json.string(root, "name", "pool");
    String what = "pool '" + name + "'";
    try {
      IpPool.Builder b =
          IpPool.builder(name, Json.prefix(Json.string(root, "cidr", what), what + " cidr"));
      if (root.has("blockSize")) {
        b.blockSize((int) Json.integer(root, "blockSize", 0, 0, 128, what));
      }
      String ipip = Json.optionalString(root, "ipipMode", what);
      String vxlan = Json.optionalString(root, "vxlanMode", what);
      String selector = Json.optionalString(root, "nodeSelector", what);
      b.ipipMode(ipip == null ? EncapsulationMode.NEVER : EncapsulationMode.parse(ipip))
          .vxlanMode(vxlan == null ? EncapsulationMode.NEVER : EncapsulationMode.parse(vxlan))
          .natOutgoing(Json.bool(root, "natOutgoing", false, what))
          .disabled(Json.bool(root, "disabled", false, what))
          .disableBgpExport(Json.bool(root, "disableBgpExport", false, what))
          .nodeSelector(selector == null ? "all()" : selector)
          .reservedPerBlock(
              (int) Json.integer(root, "reservedAtBlockStart", 0, 0, 4096, what),
              (int) Json.integer(root, "reservedAtBlockEnd", 0, 0, 4096, what));
      JsonNode uses = root.get("allowedUses");
      if (uses != null && !uses.isNull()) {
        if (!uses.isArray()) {
          throw new MalformedRecordException(what + ": \"allowedUses\" must be an array");
        }
        EnumSet<AllowedUse> set = EnumSet.noneOf(AllowedUse.class);
        for (JsonNode use : uses) {
          if (!use.isTextual()) {
            throw new MalformedRecordException(what + ": \"allowedUses\" must hold strings");
          }
          set.add(AllowedUse.parse(use.textValue()));
        }
        b.allowedUses(set);
      }
      return b.build();
    } catch (InvalidPoolException | IllegalArgumentException e) {
      throw new MalformedRecordException(e.getMessage(), e);
    }
  }
}
