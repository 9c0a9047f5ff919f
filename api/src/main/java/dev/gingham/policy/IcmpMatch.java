package dev.gingham.policy;

import org.jspecify.annotations.Nullable;

/**
 * An ICMP type and, optionally, code.
 *
 * @param type the type, 0..254
 * @param code the code, 0..255, or null for any
 */
public record IcmpMatch(int type, @Nullable Integer code) {
  public IcmpMatch {
    if (type < 0 || type > 254) {
      throw new IllegalArgumentException("ICMP type " + type + " is out of range 0..254");
    }
    if (code != null && (code < 0 || code > 255)) {
      throw new IllegalArgumentException("ICMP code " + code + " is out of range 0..255");
    }
  }

  /** Whether a packet's type and code match. */
  public boolean matches(int packetType, int packetCode) {
    return packetType == type && (code == null || code == packetCode);
  }
}
