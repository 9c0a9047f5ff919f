package dev.gingham.internal.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.bgp.AddressFamily;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips of OPEN, NOTIFICATION, ROUTE-REFRESH and KEEPALIVE, and the framer on garbage. */
class MessageCodecProperties {

  @Provide
  Arbitrary<Capabilities> capabilities() {
    Arbitrary<GracefulRestart> gr =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 4095),
                Arbitraries.subsetOf(AddressFamily.values()),
                Arbitraries.subsetOf(AddressFamily.values()))
            .as((r, t, fams, pres) -> new GracefulRestart(r, t, fams, intersect(fams, pres)));
    Arbitrary<java.util.Map<AddressFamily, Integer>> addPath =
        Arbitraries.maps(
                Arbitraries.of(AddressFamily.values()), Arbitraries.integers().between(1, 3))
            .ofMaxSize(2);
    return Combinators.combine(
            Arbitraries.subsetOf(AddressFamily.values()),
            Arbitraries.longs().between(-1, 0xFFFF_FFFFL),
            Arbitraries.of(true, false),
            gr.injectNull(0.3),
            Arbitraries.of(true, false),
            addPath)
        .as(
            (fams, as4, rr, g, ext, ap) ->
                new Capabilities(fams, !fams.isEmpty(), as4, rr, g, ext, ap));
  }

  static Set<AddressFamily> intersect(Set<AddressFamily> a, Set<AddressFamily> b) {
    java.util.EnumSet<AddressFamily> out = java.util.EnumSet.noneOf(AddressFamily.class);
    for (AddressFamily f : a) {
      if (b.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  static ByteBuf body(ByteBuf message) {
    int length = MessageFramer.frameLength(message);
    assertThat(length).isEqualTo(message.readableBytes());
    return message.slice(BgpWire.HEADER_LENGTH, length - BgpWire.HEADER_LENGTH);
  }

  @Property(tries = 500)
  void openRoundTrips(
      @ForAll("capabilities") Capabilities caps,
      @ForAll @IntRange(min = 0, max = 65535) int myAs,
      @ForAll @IntRange(min = 0, max = 65535) int hold,
      @ForAll int id) {
    OpenMessage open = new OpenMessage(4, myAs, hold, id, caps);
    ByteBuf buf = Unpooled.buffer();
    open.encode(buf);
    ByteBuf body = body(buf);
    assertThat(OpenMessage.decode(body, 0, body.readableBytes())).isEqualTo(open);
    buf.release();
  }

  @Property(tries = 300)
  void notificationRoundTrips(
      @ForAll @IntRange(min = 0, max = 255) int code,
      @ForAll @IntRange(min = 0, max = 255) int subcode,
      @ForAll @Size(max = 200) byte[] data) {
    NotificationMessage n = new NotificationMessage(code, subcode, data);
    ByteBuf buf = Unpooled.buffer();
    n.encode(buf);
    ByteBuf body = body(buf);
    assertThat(NotificationMessage.decode(body, 0, body.readableBytes())).isEqualTo(n);
    buf.release();
  }

  @Property(tries = 100)
  void routeRefreshRoundTrips(
      @ForAll @IntRange(min = 0, max = 65535) int afi,
      @ForAll @IntRange(min = 0, max = 255) int safi) {
    RouteRefreshMessage rr = new RouteRefreshMessage(afi, safi);
    ByteBuf buf = Unpooled.buffer();
    rr.encode(buf);
    assertThat(RouteRefreshMessage.decode(body(buf), 0)).isEqualTo(rr);
    buf.release();
  }

  @Property(tries = 10)
  void keepaliveIsAHeaderAlone() {
    ByteBuf buf = Unpooled.buffer();
    BgpWire.writeKeepalive(buf);
    assertThat(MessageFramer.frameLength(buf)).isEqualTo(19);
    assertThat((int) buf.getUnsignedByte(BgpWire.TYPE_OFFSET)).isEqualTo(BgpWire.TYPE_KEEPALIVE);
    buf.release();
  }

  /** The framer returns -1 on any prefix of a valid message and leaves the buffer untouched. */
  @Property(tries = 200)
  void partialInputIsLeftUntouched(
      @ForAll("capabilities") Capabilities caps, @ForAll @IntRange(min = 0, max = 100) int cut) {
    ByteBuf buf = Unpooled.buffer();
    new OpenMessage(4, 65001, 90, 1, caps).encode(buf);
    int keep = Math.min(cut, buf.readableBytes() - 1);
    ByteBuf partial = buf.slice(0, keep);
    assertThat(MessageFramer.frameLength(partial)).isEqualTo(-1);
    assertThat(partial.readerIndex()).isZero();
    buf.release();
  }

  /**
   * Random bytes as a message stream and as OPEN bodies: a NOTIFICATION or a value, nothing else.
   */
  @Property(tries = 3000)
  void randomBytesNeverCrashFramingOrOpenDecoding(@ForAll @Size(max = 120) byte[] bytes) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    try {
      int length = MessageFramer.frameLength(buf);
      assertThat(length).isBetween(-1, 4096);
    } catch (NotificationException e) {
      assertThat(e.code()).isEqualTo(ErrorCodes.HEADER);
    }
    if (bytes.length >= OpenMessage.MIN_BODY) {
      try {
        OpenMessage.decode(buf, 0, bytes.length);
      } catch (NotificationException e) {
        assertThat(e.code()).isEqualTo(ErrorCodes.OPEN);
      }
    }
  }

  @Property(tries = 100)
  void aBadMarkerIsConnectionNotSynchronized(@ForAll @IntRange(min = 0, max = 15) int at) {
    ByteBuf buf = Unpooled.buffer();
    BgpWire.writeKeepalive(buf);
    buf.setByte(at, 0);
    assertThatThrownBy(() -> MessageFramer.frameLength(buf))
        .isInstanceOfSatisfying(
            NotificationException.class,
            e -> assertThat(e.subcode()).isEqualTo(ErrorCodes.HEADER_NOT_SYNCHRONIZED));
  }

  @Property(tries = 200)
  void aLengthOutsideTheTypesRangeIsBadMessageLength(
      @ForAll @IntRange(min = 0, max = 65535) int length) {
    ByteBuf buf = Unpooled.buffer();
    BgpWire.writeKeepalive(buf);
    buf.setShort(BgpWire.LENGTH_OFFSET, length);
    if (length == 19) {
      assertThat(MessageFramer.frameLength(buf)).isEqualTo(19);
      return;
    }
    assertThatThrownBy(() -> MessageFramer.frameLength(buf))
        .isInstanceOfSatisfying(
            NotificationException.class,
            e -> {
              assertThat(e.subcode()).isEqualTo(ErrorCodes.HEADER_BAD_LENGTH);
              assertThat(e.getMessage()).contains("message length " + length);
            });
  }
}
