package dev.gingham.internal.bgp.wire;

import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.util.Arrays;

/**
 * A reusable, growable list of prefixes of one family as primitives, for the {@link UpdateEncoder}:
 * an IPv4 prefix keeps its address in the low 32 bits of {@code high}. Each prefix has a path
 * identifier (RFC 7911), 0 unless set, which the encoder writes only on a session that sends them.
 * Not thread-safe.
 */
public final class PrefixBatch {
  private long[] high = new long[64];
  private long[] low = new long[64];
  private byte[] length = new byte[64];
  private int[] pathIds = new int[64];
  private int size;

  /** Empties the batch, keeping its arrays. */
  public void clear() {
    size = 0;
  }

  /** The number of prefixes. */
  public int size() {
    return size;
  }

  /** Adds an IPv4 prefix. */
  public void addIpv4(int address, int prefixLength) {
    add(Integer.toUnsignedLong(address), 0, prefixLength, 0);
  }

  /** Adds an IPv4 prefix with a path identifier. */
  public void addIpv4(int address, int prefixLength, int pathId) {
    add(Integer.toUnsignedLong(address), 0, prefixLength, pathId);
  }

  /** Adds an IPv6 prefix. */
  public void addIpv6(long hi, long lo, int prefixLength) {
    add(hi, lo, prefixLength, 0);
  }

  /** Adds a prefix of either family. */
  public void add(IpPrefix prefix) {
    add(prefix, 0);
  }

  /** Adds a prefix of either family with a path identifier. */
  public void add(IpPrefix prefix, int pathId) {
    if (prefix.family() == IpFamily.IPV4) {
      add(
          Integer.toUnsignedLong(((Ipv4Address) prefix.network()).toInt()),
          0,
          prefix.length(),
          pathId);
    } else {
      Ipv6Address a = (Ipv6Address) prefix.network();
      add(a.high(), a.low(), prefix.length(), pathId);
    }
  }

  private void add(long hi, long lo, int prefixLength, int pathId) {
    if (size == high.length) {
      high = Arrays.copyOf(high, size * 2);
      low = Arrays.copyOf(low, size * 2);
      length = Arrays.copyOf(length, size * 2);
      pathIds = Arrays.copyOf(pathIds, size * 2);
    }
    high[size] = hi;
    low[size] = lo;
    length[size] = (byte) prefixLength;
    pathIds[size] = pathId;
    size++;
  }

  /** The path identifier of prefix {@code i}. */
  public int pathId(int i) {
    return pathIds[i];
  }

  /** The high 64 bits (IPv6) or the address (IPv4) of prefix {@code i}. */
  public long high(int i) {
    return high[i];
  }

  /** The low 64 bits of prefix {@code i}. */
  public long low(int i) {
    return low[i];
  }

  /** The length of prefix {@code i}. */
  public int length(int i) {
    return length[i] & 0xFF;
  }
}
