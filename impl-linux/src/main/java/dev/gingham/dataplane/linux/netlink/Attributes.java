package dev.gingham.dataplane.linux.netlink;

import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import dev.gingham.net.MacAddress;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The attributes of one netlink message (or of one nested attribute), indexed by type: a flyweight
 * that {@link #parse} points at a region of a buffer without copying or allocating. Types above the
 * table's size are skipped, as the kernel may add new ones; a repeated type keeps its last
 * occurrence.
 *
 * <p>Every read checks the attribute's length first; a malformed region throws {@link
 * NetlinkFormatException} naming the offset, the length and the limit. Not thread-safe; reuse one
 * per decoder.
 */
public final class Attributes {
  private static final int TYPE_MASK = 0x3fff;

  private final int[] offset;
  private final int[] length;
  private ByteBuffer buf = ByteBuffer.allocate(0);

  /** A table for types 0 to {@code maxType}. */
  public Attributes(int maxType) {
    offset = new int[maxType + 1];
    length = new int[maxType + 1];
  }

  /**
   * Indexes the attributes from {@code from} to {@code to} (exclusive) of a buffer.
   *
   * @return this
   * @throws NetlinkFormatException if an attribute is shorter than its header or runs past the end
   */
  public Attributes parse(ByteBuffer buffer, int from, int to) {
    if (from < 0 || to > buffer.limit() || from > to) {
      throw new NetlinkFormatException(
          "attribute region " + from + ".." + to + " lies outside the buffer of " + buffer.limit());
    }
    this.buf = buffer;
    java.util.Arrays.fill(offset, -1);
    int at = from;
    while (to - at >= 4) {
      int len = buffer.getShort(at) & 0xffff;
      int type = buffer.getShort(at + 2) & TYPE_MASK;
      if (len < 4 || len > to - at) {
        throw new NetlinkFormatException(
            "attribute of type "
                + type
                + " at "
                + at
                + " has length "
                + len
                + ", limit "
                + (to - at));
      }
      if (type < offset.length) {
        offset[type] = at + 4;
        length[type] = len - 4;
      }
      at += (len + 3) & ~3;
    }
    return this;
  }

  /** Whether the attribute is present. */
  public boolean has(int type) {
    return type < offset.length && offset[type] >= 0;
  }

  /** The payload's offset in the buffer, or -1 if absent. */
  public int offset(int type) {
    return has(type) ? offset[type] : -1;
  }

  /** The payload's length, or 0 if absent. */
  public int length(int type) {
    return has(type) ? length[type] : 0;
  }

  /** The buffer the attributes lie in. */
  public ByteBuffer buffer() {
    return buf;
  }

  private int require(int type, int size) {
    if (!has(type)) {
      throw new NetlinkFormatException("attribute " + type + " is missing");
    }
    if (length[type] < size) {
      throw new NetlinkFormatException(
          "attribute " + type + " has " + length[type] + " bytes, needs " + size);
    }
    return offset[type];
  }

  /** A byte, or {@code absent}. */
  public int u8(int type, int absent) {
    return has(type) ? buf.get(require(type, 1)) & 0xff : absent;
  }

  /** A 16-bit integer in host order, or {@code absent}. */
  public int u16(int type, int absent) {
    return has(type) ? buf.getShort(require(type, 2)) & 0xffff : absent;
  }

  /** A 16-bit integer in network order, or {@code absent}. */
  public int u16Be(int type, int absent) {
    if (!has(type)) {
      return absent;
    }
    int at = require(type, 2);
    return ((buf.get(at) & 0xff) << 8) | (buf.get(at + 1) & 0xff);
  }

  /** A 32-bit integer in host order, or {@code absent}. */
  public int u32(int type, int absent) {
    return has(type) ? buf.getInt(require(type, 4)) : absent;
  }

  /** A NUL-terminated string (ASCII), or null if absent. */
  public @Nullable String string(int type) {
    if (!has(type)) {
      return null;
    }
    int at = offset[type];
    int end = at + length[type];
    StringBuilder s = new StringBuilder(length[type]);
    for (int i = at; i < end; i++) {
      byte b = buf.get(i);
      if (b == 0) {
        break;
      }
      s.append((char) (b & 0xff));
    }
    return s.toString();
  }

  /**
   * An address of 4 or 16 bytes, or null if absent.
   *
   * @throws NetlinkFormatException if the attribute has another length
   */
  public @Nullable IpAddress address(int type) {
    if (!has(type)) {
      return null;
    }
    return readAddress(buf, offset[type], length[type], "attribute " + type);
  }

  /**
   * Reads an address of {@code size} bytes (4 or 16) at an offset.
   *
   * @throws NetlinkFormatException for any other size
   */
  public static IpAddress readAddress(ByteBuffer buf, int at, int size, String what) {
    if (size == 4) {
      return Ipv4Address.of(intBe(buf, at));
    }
    if (size == 16) {
      return Ipv6Address.of(longBe(buf, at), longBe(buf, at + 8));
    }
    throw new NetlinkFormatException(what + " is an address of " + size + " bytes, not 4 or 16");
  }

  /** A 32-bit integer in network order at an offset. */
  public static int intBe(ByteBuffer b, int at) {
    return ((b.get(at) & 0xff) << 24)
        | ((b.get(at + 1) & 0xff) << 16)
        | ((b.get(at + 2) & 0xff) << 8)
        | (b.get(at + 3) & 0xff);
  }

  /** A 64-bit integer in network order at an offset. */
  public static long longBe(ByteBuffer b, int at) {
    return ((long) intBe(b, at) << 32) | (intBe(b, at + 4) & 0xffff_ffffL);
  }

  /** A 32-bit integer in network order, or {@code absent}. */
  public int u32Be(int type, int absent) {
    return has(type) ? intBe(buf, require(type, 4)) : absent;
  }

  /** A 6-byte hardware address, or null if absent or of another length. */
  public @Nullable MacAddress mac(int type) {
    if (!has(type) || length[type] != 6) {
      return null;
    }
    long v = 0;
    for (int i = 0; i < 6; i++) {
      v = (v << 8) | (buf.get(offset[type] + i) & 0xff);
    }
    return MacAddress.of(v);
  }
}
