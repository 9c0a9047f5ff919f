package dev.gingham.internal.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * A ROUTE-REFRESH message (RFC 2918 section 3).
 *
 * <pre>
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Res.  | SAFI  |
 * +-------+-------+-------+-------+
 * </pre>
 *
 * @param afi the address family identifier
 * @param safi the subsequent address family identifier
 */
public record RouteRefreshMessage(int afi, int safi) {
  /** The body length. */
  public static final int BODY = 4;

  /** Decodes a body the framer has checked to be {@link #BODY} bytes. */
  public static RouteRefreshMessage decode(ByteBuf buf, int index) {
    return new RouteRefreshMessage(buf.getUnsignedShort(index), buf.getUnsignedByte(index + 3));
  }

  /** Writes the whole message, header included. */
  public void encode(ByteBuf out) {
    int start = BgpWire.writeHeader(out, BgpWire.TYPE_ROUTE_REFRESH);
    out.writeShort(afi).writeByte(0).writeByte(safi);
    BgpWire.finishMessage(out, start);
  }
}
