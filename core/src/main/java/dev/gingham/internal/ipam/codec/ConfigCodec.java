package dev.gingham.internal.ipam.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.ipam.IpamConfig;
import java.io.InputStream;
import java.time.Duration;

/**
 * An {@link IpamConfig} as JSON; a missing field takes its default:
 *
 * <pre>
 * {"strictAffinity": false, "autoAllocateBlocks": true, "maxBlocksPerHost": 20,
 *  "ipCooldownMillis": 0}
 * </pre>
 */
public final class ConfigCodec {
  private ConfigCodec() {}

  /** The configuration as JSON. */
  public static byte[] encode(IpamConfig config) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeBooleanField("strictAffinity", config.strictAffinity());
          g.writeBooleanField("autoAllocateBlocks", config.autoAllocateBlocks());
          g.writeNumberField("maxBlocksPerHost", config.maxBlocksPerHost());
          g.writeNumberField("ipCooldownMillis", config.ipCooldown().toMillis());
          g.writeEndObject();
        });
  }

  /**
   * Reads a configuration.
   *
   * @throws MalformedRecordException if the bytes are not one, or a valid one
   */
  public static IpamConfig decode(InputStream in) {
    JsonNode root = Json.readObject(in, "IPAM config");
    IpamConfig d = IpamConfig.DEFAULT;
    try {
      return IpamConfig.builder()
          .strictAffinity(Json.bool(root, "strictAffinity", d.strictAffinity(), "IPAM config"))
          .autoAllocateBlocks(
              Json.bool(root, "autoAllocateBlocks", d.autoAllocateBlocks(), "IPAM config"))
          .maxBlocksPerHost(
              (int)
                  Json.integer(
                      root,
                      "maxBlocksPerHost",
                      d.maxBlocksPerHost(),
                      Integer.MIN_VALUE,
                      Integer.MAX_VALUE,
                      "IPAM config"))
          .ipCooldown(
              Duration.ofMillis(
                  Json.integer(
                      root,
                      "ipCooldownMillis",
                      0,
                      Long.MIN_VALUE / 1_000_000,
                      Long.MAX_VALUE / 1_000_000,
                      "IPAM config")))
          .build();
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException("IPAM config: " + e.getMessage(), e);
    }
  }
}
