package dev.gingham.dataplane.linux.netlink;

import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import dev.gingham.net.MacAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes netlink messages, one after another, into a buffer: a header, a fixed family header and
 * attributes, nested or not. Nothing is allocated per message; addresses and names are written from
 * their fields.
 *
 * <pre>
 *  0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                      nlmsg_len (u32, host order)              |
 *  +-------------------------------+-------------------------------+
 *  |        nlmsg_type (u16)       |       nlmsg_flags (u16)       |
 *  +-------------------------------+-------------------------------+
 *  |                         nlmsg_seq (u32)                       |
 *  +---------------------------------------------------------------+
 *  |                         nlmsg_pid (u32)                       |
 *  +---------------------------------------------------------------+
 *  |   family header (ifinfomsg, rtmsg ...), padded to 4 bytes     |
 *  +-------------------------------+-------------------------------+
 *  |        nla_len (u16)          |  nla_type (u16; 0x8000 nested)|
 *  +-------------------------------+-------------------------------+
 *  |    payload, padded to 4 bytes; nla_len excludes the padding   |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Integers are in host order unless a method says big-endian (network order), as netlink wants. Not
 * thread-safe.
 */
public final class NetlinkWriter {
  /** Netlink header length. */
  public static final int HEADER = 16;

  private static final int NLA_F_NESTED = 0x8000;

  private final ByteBuffer buf;
  private int messageStart = -1;

  /** A writer over a new direct buffer of this many bytes. */
  public NetlinkWriter(int capacity) {
    this(ByteBuffer.allocateDirect(capacity));
  }

  /** A writer over a given buffer, from its start; the buffer's byte order is set to native. */
  public NetlinkWriter(ByteBuffer buffer) {
    this.buf = buffer.order(ByteOrder.nativeOrder());
    buf.clear();
  }

  /** The buffer; the bytes written are those before {@link #position()}. */
  public ByteBuffer buffer() {
    return buf;
  }

  /** How many bytes are written. */
  public int position() {
    return buf.position();
  }

  /** How many bytes are left. */
  public int remaining() {
    return buf.remaining();
  }

  /** Forgets everything written. */
  public void clear() {
    buf.clear();
    messageStart = -1;
  }

  /** Forgets what was written from a position on, such as a message that did not fit. */
  public void truncate(int position) {
    buf.position(position);
    messageStart = -1;
  }

  /**
   * Starts a message: writes its header with the length to be filled by {@link #end()}.
   *
   * @return the offset of the message
   */
  public int begin(int type, int flags, int seq) {
    if (messageStart >= 0) {
      throw new IllegalStateException("message at " + messageStart + " was not ended");
    }
    messageStart = buf.position();
    buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
    return messageStart;
  }

  /** Ends the message: fills in its length and pads it to 4 bytes. */
  public void end() {
    if (messageStart < 0) {
      throw new IllegalStateException("no message was begun");
    }
    buf.putInt(messageStart, buf.position() - messageStart);
    pad();
    messageStart = -1;
  }

  /** Writes a byte of a family header. */
  public NetlinkWriter u8(int v) {
    buf.put((byte) v);
    return this;
  }

  /** Writes a 16-bit integer of a family header. */
  public NetlinkWriter u16(int v) {
    buf.putShort((short) v);
    return this;
  }

  /** Writes a 32-bit integer of a family header. */
  public NetlinkWriter u32(int v) {
    buf.putInt(v);
    return this;
  }

  /** Writes zero bytes. */
  public NetlinkWriter zeros(int count) {
    for (int i = 0; i < count; i++) {
      buf.put((byte) 0);
    }
    return this;
  }

  /** An attribute of one byte. */
  public void attrU8(int type, int v) {
    buf.putShort((short) 5).putShort((short) type).put((byte) v);
    pad();
  }

  /** An attribute of a 16-bit integer in host order. */
  public void attrU16(int type, int v) {
    buf.putShort((short) 6).putShort((short) type).putShort((short) v);
    pad();
  }

  /** An attribute of a 16-bit integer in network order, such as a port. */
  public void attrU16Be(int type, int v) {
    buf.putShort((short) 6).putShort((short) type);
    buf.put((byte) (v >>> 8)).put((byte) v);
    pad();
  }

  /** An attribute of a 32-bit integer in host order. */
  public void attrU32(int type, int v) {
    buf.putShort((short) 8).putShort((short) type).putInt(v);
  }

  /** An attribute of a 32-bit integer in network order. */
  public void attrU32Be(int type, int v) {
    buf.putShort((short) 8).putShort((short) type);
    buf.order(ByteOrder.BIG_ENDIAN).putInt(v).order(ByteOrder.nativeOrder());
  }

  /** An attribute with no payload: a flag. */
  public void attrFlag(int type) {
    buf.putShort((short) 4).putShort((short) type);
  }

  /**
   * A NUL-terminated string attribute. The text must be ASCII (interface, table and set names are).
   *
   * @throws IllegalArgumentException if it is not
   */
  public void attrString(int type, String s) {
    buf.putShort((short) (4 + s.length() + 1)).putShort((short) type);
    ascii(s);
    buf.put((byte) 0);
    pad();
  }

  /**
   * A string attribute without the terminating NUL, as iproute2 writes a link's kind (the kernel
   * reads both forms).
   *
   * @throws IllegalArgumentException if the text is not ASCII
   */
  public void attrChars(int type, String s) {
    buf.putShort((short) (4 + s.length())).putShort((short) type);
    ascii(s);
    pad();
  }

  private void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || c > 0x7f) {
        throw new IllegalArgumentException(
            "netlink string '" + s + "' has a non-ASCII or NUL character at index " + i);
      }
      buf.put((byte) c);
    }
  }

  /** An attribute of raw bytes. */
  public void attrBytes(int type, byte[] payload) {
    buf.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
    pad();
  }

  /** An address attribute: 4 or 16 bytes in network order. */
  public void attrAddress(int type, IpAddress address) {
    if (address instanceof Ipv4Address) {
      attrU32Be(type, ((Ipv4Address) address).toInt());
    } else {
      Ipv6Address a = (Ipv6Address) address;
      buf.putShort((short) 20).putShort((short) type);
      buf.order(ByteOrder.BIG_ENDIAN).putLong(a.high()).putLong(a.low());
      buf.order(ByteOrder.nativeOrder());
    }
  }

  /** Writes an address's bytes in network order, without an attribute header. */
  public void address(IpAddress address) {
    buf.order(ByteOrder.BIG_ENDIAN);
    if (address instanceof Ipv4Address) {
      buf.putInt(((Ipv4Address) address).toInt());
    } else {
      Ipv6Address a = (Ipv6Address) address;
      buf.putLong(a.high()).putLong(a.low());
    }
    buf.order(ByteOrder.nativeOrder());
  }

  /** A hardware address attribute: 6 bytes. */
  public void attrMac(int type, MacAddress mac) {
    long v = mac.toLong();
    buf.putShort((short) 10).putShort((short) type);
    for (int shift = 40; shift >= 0; shift -= 8) {
      buf.put((byte) (v >>> shift));
    }
    pad();
  }

  /**
   * Starts a nested attribute.
   *
   * @return its offset, for {@link #endNest(int)}
   */
  public int nest(int type) {
    int at = buf.position();
    buf.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
    return at;
  }

  /** Starts an attribute whose payload follows (a nest without the nested flag, as some want). */
  public int open(int type) {
    int at = buf.position();
    buf.putShort((short) 0).putShort((short) type);
    return at;
  }

  /** Ends a nested attribute (or one begun with {@link #open}). */
  public void endNest(int at) {
    buf.putShort(at, (short) (buf.position() - at));
    pad();
  }

  private void pad() {
    while ((buf.position() & 3) != 0) {
      buf.put((byte) 0);
    }
  }

  /** Copies what was written, for tests and golden comparisons. */
  public byte[] toByteArray() {
    byte[] out = new byte[buf.position()];
    for (int i = 0; i < out.length; i++) {
      out[i] = buf.get(i);
    }
    return out;
  }
}
