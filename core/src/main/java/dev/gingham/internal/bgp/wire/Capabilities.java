package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.AddressFamily;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The capabilities of an OPEN (RFC 5492) that this speaker understands: multiprotocol (RFC 4760,
 * code 1), route refresh (RFC 2918, code 2, and the pre-standard 128), extended messages (RFC 8654,
 * code 6), graceful restart (RFC 4724, code 64), 4-octet AS (RFC 6793, code 65) and ADD-PATH (RFC
 * 7911, code 69). Others are skipped.
 *
 * <pre>
 * +------------------------------+
 * | Capability Code (1 octet)    |
 * +------------------------------+
 * | Capability Length (1 octet)  |
 * +------------------------------+
 * | Capability Value (variable)  |
 * +------------------------------+
 * </pre>
 *
 * @param families the multiprotocol families this speaker knows that were listed
 * @param sawMultiprotocol whether any multiprotocol capability was present, known family or not:
 *     without one, IPv4 unicast is implied (RFC 4760 section 8)
 * @param fourOctetAs the 4-octet AS, or -1 without the capability
 * @param routeRefresh whether route refresh was announced
 * @param gracefulRestart the graceful restart capability, or null
 * @param extendedMessages whether the extended message capability was present
 * @param addPath the ADD-PATH capability: for each family listed, {@link #ADD_PATH_RECEIVE}, {@link
 *     #ADD_PATH_SEND} or both ORed; empty without the capability
 */
public record Capabilities(
    Set<AddressFamily> families,
    boolean sawMultiprotocol,
    long fourOctetAs,
    boolean routeRefresh,
    @Nullable GracefulRestart gracefulRestart,
    boolean extendedMessages,
    Map<AddressFamily, Integer> addPath) {
  /** Multiprotocol. */
  public static final int MULTIPROTOCOL = 1;

  /** Route refresh. */
  public static final int ROUTE_REFRESH = 2;

  /** Cisco's pre-standard route refresh. */
  public static final int ROUTE_REFRESH_OLD = 128;

  /** Graceful restart. */
  public static final int GRACEFUL_RESTART = 64;

  /** 4-octet AS. */
  public static final int FOUR_OCTET_AS = 65;

  /** Extended messages (RFC 8654). */
  public static final int EXTENDED_MESSAGE = 6;

  /** ADD-PATH (RFC 7911). */
  public static final int ADD_PATH = 69;

  /** ADD-PATH's Send/Receive value: the sender can receive multiple paths. */
  public static final int ADD_PATH_RECEIVE = 1;

  /** ADD-PATH's Send/Receive value: the sender can send multiple paths. */
  public static final int ADD_PATH_SEND = 2;

  /**
   * Copies the collections.
   *
   * @throws IllegalArgumentException if an ADD-PATH value is not 1..3
   */
  public Capabilities {
    families = Set.copyOf(families);
    for (Map.Entry<AddressFamily, Integer> e : addPath.entrySet()) {
      if (e.getValue() < 1 || e.getValue() > 3) {
        throw new IllegalArgumentException(
            "an ADD-PATH Send/Receive value is 1..3, was " + e.getValue() + " for " + e.getKey());
      }
    }
    addPath = addPath.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(addPath));
  }

  /** Capabilities without extended messages or ADD-PATH. */
  public Capabilities(
      Set<AddressFamily> families,
      boolean sawMultiprotocol,
      long fourOctetAs,
      boolean routeRefresh,
      @Nullable GracefulRestart gracefulRestart) {
    this(families, sawMultiprotocol, fourOctetAs, routeRefresh, gracefulRestart, false, Map.of());
  }

  /** The ADD-PATH Send/Receive value listed for a family, 0 if none. */
  public int addPath(AddressFamily family) {
    Integer v = addPath.get(family);
    return v == null ? 0 : v;
  }

  /** The families the peer can carry: listed ones, or IPv4 unicast without any listed. */
  public Set<AddressFamily> effectiveFamilies() {
    return sawMultiprotocol ? families : Set.of(AddressFamily.IPV4_UNICAST);
  }

  /**
   * Decodes the capabilities in {@code [index, index + length)} of one optional parameter.
   *
   * @param into accumulates across parameters
   * @throws NotificationException (2/0) if a capability overruns the parameter or has a bad length
   */
  static void decode(ByteBuf buf, int index, int length, Accumulator into) {
    int end = index + length;
    int i = index;
    while (i < end) {
      if (end - i < 2) {
        throw malformed("a capability header needs 2 bytes, " + (end - i) + " left");
      }
      int code = buf.getUnsignedByte(i);
      int len = buf.getUnsignedByte(i + 1);
      int v = i + 2;
      if (v + len > end) {
        throw malformed("capability " + code + " of length " + len + " overruns its parameter");
      }
      switch (code) {
        case MULTIPROTOCOL:
          if (len != 4) {
            throw malformed("the multiprotocol capability has length 4, was " + len);
          }
          into.sawMultiprotocol = true;
          AddressFamily.of(buf.getUnsignedShort(v), buf.getUnsignedByte(v + 3))
              .ifPresent(into.families::add);
          break;
        case ROUTE_REFRESH:
        case ROUTE_REFRESH_OLD:
          into.routeRefresh = true;
          break;
        case FOUR_OCTET_AS:
          if (len != 4) {
            throw malformed("the 4-octet AS capability has length 4, was " + len);
          }
          into.fourOctetAs = buf.getUnsignedInt(v);
          break;
        case EXTENDED_MESSAGE:
          if (len != 0) {
            throw malformed("the extended message capability has length 0, was " + len);
          }
          into.extendedMessages = true;
          break;
        case ADD_PATH:
          if (len % 4 != 0) {
            throw malformed("the ADD-PATH capability has length 4n, was " + len);
          }
          for (int k = v; k < v + len; k += 4) {
            int sendReceive = buf.getUnsignedByte(k + 3);
            if (sendReceive < 1 || sendReceive > 3) {
              throw malformed("ADD-PATH Send/Receive must be 1..3, was " + sendReceive);
            }
            AddressFamily.of(buf.getUnsignedShort(k), buf.getUnsignedByte(k + 2))
                .ifPresent(f -> into.addPath.put(f, sendReceive));
          }
          break;
        case GRACEFUL_RESTART:
          if (len < 2 || (len - 2) % 4 != 0) {
            throw malformed("the graceful restart capability has length 2 + 4n, was " + len);
          }
          int flagsAndTime = buf.getUnsignedShort(v);
          Set<AddressFamily> listed = EnumSet.noneOf(AddressFamily.class);
          Set<AddressFamily> preserved = EnumSet.noneOf(AddressFamily.class);
          for (int k = v + 2; k < v + len; k += 4) {
            int afi = buf.getUnsignedShort(k);
            int safi = buf.getUnsignedByte(k + 2);
            boolean forwarding = (buf.getUnsignedByte(k + 3) & 0x80) != 0;
            AddressFamily.of(afi, safi)
                .ifPresent(
                    f -> {
                      listed.add(f);
                      if (forwarding) {
                        preserved.add(f);
                      }
                    });
          }
          into.gracefulRestart =
              new GracefulRestart(
                  (flagsAndTime & 0x8000) != 0, flagsAndTime & 0x0FFF, listed, preserved);
          break;
        default:
          break; // RFC 5492: an unknown capability is ignored
      }
      i = v + len;
    }
  }

  /** Writes the capabilities as the value of one optional parameter (type 2). */
  void encode(ByteBuf out) {
    for (AddressFamily f : families) {
      out.writeByte(MULTIPROTOCOL)
          .writeByte(4)
          .writeShort(f.afi())
          .writeByte(0)
          .writeByte(f.safi());
    }
    if (routeRefresh) {
      out.writeByte(ROUTE_REFRESH).writeByte(0);
    }
    if (gracefulRestart != null) {
      GracefulRestart gr = gracefulRestart;
      out.writeByte(GRACEFUL_RESTART).writeByte(2 + 4 * gr.families().size());
      out.writeShort((gr.restarting() ? 0x8000 : 0) | (gr.restartTimeSeconds() & 0x0FFF));
      for (AddressFamily f : AddressFamily.values()) {
        if (gr.families().contains(f)) {
          out.writeShort(f.afi())
              .writeByte(f.safi())
              .writeByte(gr.preserved().contains(f) ? 0x80 : 0);
        }
      }
    }
    if (extendedMessages) {
      out.writeByte(EXTENDED_MESSAGE).writeByte(0);
    }
    if (fourOctetAs >= 0) {
      out.writeByte(FOUR_OCTET_AS).writeByte(4).writeInt((int) fourOctetAs);
    }
    if (!addPath.isEmpty()) {
      out.writeByte(ADD_PATH).writeByte(4 * addPath.size());
      for (Map.Entry<AddressFamily, Integer> e : addPath.entrySet()) {
        out.writeShort(e.getKey().afi()).writeByte(e.getKey().safi()).writeByte(e.getValue());
      }
    }
  }

  private static NotificationException malformed(String message) {
    return new NotificationException(ErrorCodes.OPEN, 0, message);
  }

  /** Collects capabilities across the optional parameters of one OPEN. */
  static final class Accumulator {
    final Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
    boolean sawMultiprotocol;
    long fourOctetAs = -1;
    boolean routeRefresh;
    @Nullable GracefulRestart gracefulRestart;
    boolean extendedMessages;
    final Map<AddressFamily, Integer> addPath = new EnumMap<>(AddressFamily.class);

    Capabilities build() {
      return new Capabilities(
          families,
          sawMultiprotocol,
          fourOctetAs,
          routeRefresh,
          gracefulRestart,
          extendedMessages,
          addPath);
    }
  }
}
