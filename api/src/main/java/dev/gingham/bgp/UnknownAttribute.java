package dev.gingham.bgp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A path attribute this speaker does not know, kept as received: optional transitive ones are
 * passed on to other peers with the Partial bit set (RFC 4271 section 5). Immutable.
 */
public final class UnknownAttribute {
  /** The Optional flag bit. */
  public static final int FLAG_OPTIONAL = 0x80;

  /** The Transitive flag bit. */
  public static final int FLAG_TRANSITIVE = 0x40;

  /** The Partial flag bit. */
  public static final int FLAG_PARTIAL = 0x20;

  private final int flags;
  private final int type;
  private final byte[] value;

  private UnknownAttribute(int flags, int type, byte[] value) {
    this.flags = flags;
    this.type = type;
    this.value = value;
  }

  /**
   * An attribute with these flags (the Extended Length bit is ignored), type code and value.
   *
   * @throws IllegalArgumentException if flags or type are not in 0..255, or the value is longer
   *     than 65535 bytes
   */
  public static UnknownAttribute of(int flags, int type, byte[] value) {
    if (flags < 0 || flags > 255 || type < 0 || type > 255) {
      throw new IllegalArgumentException(
          "attribute flags and type must be in 0..255, were " + flags + " and " + type);
    }
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "an attribute value holds at most 65535 bytes, was " + value.length);
    }
    return new UnknownAttribute(flags & 0xE0, type, value.clone());
  }

  /** The flags: Optional, Transitive and Partial bits. */
  public int flags() {
    return flags;
  }

  /** The type code. */
  public int type() {
    return type;
  }

  /** A copy of the value. */
  public byte[] value() {
    return value.clone();
  }

  /** The value's length. */
  public int length() {
    return value.length;
  }

  /** Whether it is optional and transitive, so that it is passed on. */
  public boolean isOptionalTransitive() {
    return (flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) == (FLAG_OPTIONAL | FLAG_TRANSITIVE);
  }

  /** This attribute with the Partial bit set. */
  public UnknownAttribute withPartial() {
    return (flags & FLAG_PARTIAL) != 0
        ? this
        : new UnknownAttribute(flags | FLAG_PARTIAL, type, value);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UnknownAttribute)) {
      return false;
    }
    UnknownAttribute u = (UnknownAttribute) o;
    return u.flags == flags && u.type == type && Arrays.equals(u.value, value);
  }

  @Override
  public int hashCode() {
    return (flags * 31 + type) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "attribute "
        + type
        + " flags 0x"
        + Integer.toHexString(flags)
        + " value "
        + HexFormat.of().formatHex(value);
  }
}
