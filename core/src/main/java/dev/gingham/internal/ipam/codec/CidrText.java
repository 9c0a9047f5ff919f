package dev.gingham.internal.ipam.codec;

import dev.gingham.net.IpPrefix;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical text of block CIDRs, remembered: every write of a block or a handle names its
 * block, and formatting an address on each write was a large share of the hot path's garbage.
 * Thread-safe; bounded by a crude clear when it grows past its limit.
 */
public final class CidrText {
  private static final int LIMIT = 1 << 16;
  private static final ConcurrentHashMap<IpPrefix, String> TEXT = new ConcurrentHashMap<>();

  private CidrText() {}

  /** {@code cidr.toString()}, formatted once. Allocates nothing when it was asked before. */
  public static String of(IpPrefix cidr) {
    String text = TEXT.get(cidr);
    if (text == null) {
      if (TEXT.size() >= LIMIT) {
        TEXT.clear();
      }
      text = cidr.toString();
      TEXT.put(cidr, text);
    }
    return text;
  }
}
