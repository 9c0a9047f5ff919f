package dev.gingham.internal.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Round trips of UPDATEs and their attributes, and what random or mutated bytes do to the decoder.
 */
class UpdateCodecProperties {
  static final Set<AddressFamily> BOTH =
      Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

  @Provide
  Arbitrary<List<IpPrefix>> ipv4Prefixes() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
        .as((a, l) -> IpPrefix.ofMasking(Ipv4Address.of(a), l))
        .list()
        .ofMinSize(1)
        .ofMaxSize(1500)
        .uniqueElements();
  }

  @Provide
  Arbitrary<List<IpPrefix>> ipv6Prefixes() {
    return Combinators.combine(
            Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
        .as((h, l, len) -> IpPrefix.ofMasking(Ipv6Address.of(h, l), len))
        .list()
        .ofMinSize(1)
        .ofMaxSize(400)
        .uniqueElements();
  }

  @Provide
  Arbitrary<PathAttributes> ebgp4() {
    return BgpArbitraries.attributes(true, false);
  }

  @Provide
  Arbitrary<PathAttributes> ibgp4() {
    return BgpArbitraries.attributes(true, true);
  }

  @Provide
  Arbitrary<PathAttributes> ebgp2() {
    return BgpArbitraries.attributes(false, false);
  }

  static CollectingHandler roundTrip(
      SessionCodec session, AddressFamily family, PathAttributes attrs, List<IpPrefix> prefixes) {
    PrefixBatch batch = new PrefixBatch();
    prefixes.forEach(batch::add);
    ByteBuf buf = Unpooled.buffer();
    try {
      UpdateEncoder encoder = new UpdateEncoder(session);
      for (int i = 0; i < batch.size(); ) {
        i = encoder.writeAnnouncements(buf, family, attrs, batch, i);
      }
      CollectingHandler h = new CollectingHandler();
      Messages.decodeUpdates(buf, new UpdateDecoder(session, UnaryOperator.identity()), h);
      return h;
    } finally {
      buf.release();
    }
  }

  @Property(tries = 200)
  void ipv4AnnouncementsRoundTripOnEbgp(
      @ForAll("ebgp4") PathAttributes attrs, @ForAll("ipv4Prefixes") List<IpPrefix> prefixes) {
    CollectingHandler h =
        roundTrip(new SessionCodec(true, false, BOTH), AddressFamily.IPV4_UNICAST, attrs, prefixes);
    assertThat(h.malformed).isEmpty();
    assertThat(h.announced.keySet()).containsExactlyInAnyOrderElementsOf(prefixes);
    assertThat(Set.copyOf(h.announced.values())).containsExactly(attrs);
  }

  @Property(tries = 200)
  void ipv4AnnouncementsRoundTripOnIbgp(
      @ForAll("ibgp4") PathAttributes attrs, @ForAll("ipv4Prefixes") List<IpPrefix> prefixes) {
    CollectingHandler h =
        roundTrip(new SessionCodec(true, true, BOTH), AddressFamily.IPV4_UNICAST, attrs, prefixes);
    assertThat(h.malformed).isEmpty();
    assertThat(Set.copyOf(h.announced.values())).containsExactly(attrs);
  }

  @Property(tries = 200)
  void twoOctetSessionsCarryFourOctetPathsInAs4Path(
      @ForAll("ebgp2") PathAttributes attrs, @ForAll("ipv4Prefixes") List<IpPrefix> prefixes) {
    CollectingHandler h =
        roundTrip(
            new SessionCodec(false, false, BOTH), AddressFamily.IPV4_UNICAST, attrs, prefixes);
    assertThat(h.malformed).isEmpty();
    assertThat(Set.copyOf(h.announced.values())).containsExactly(attrs);
  }

  @Property(tries = 200)
  void ipv6AnnouncementsRoundTripInMpReach(
      @ForAll("ebgp4") PathAttributes attrs,
      @ForAll("ipv6Prefixes") List<IpPrefix> prefixes,
      @ForAll long high,
      @ForAll long low) {
    PathAttributes v6 = attrs.toBuilder().nextHop(Ipv6Address.of(high, low)).build();
    CollectingHandler h =
        roundTrip(new SessionCodec(true, false, BOTH), AddressFamily.IPV6_UNICAST, v6, prefixes);
    assertThat(h.announced.keySet()).containsExactlyInAnyOrderElementsOf(prefixes);
    assertThat(Set.copyOf(h.announced.values())).containsExactly(v6);
  }

  @Property(tries = 200)
  void withdrawalsRoundTripInBothFamilies(
      @ForAll("ipv4Prefixes") List<IpPrefix> v4, @ForAll("ipv6Prefixes") List<IpPrefix> v6) {
    SessionCodec session = new SessionCodec(true, false, BOTH);
    UpdateEncoder encoder = new UpdateEncoder(session);
    ByteBuf buf = Unpooled.buffer();
    try {
      for (List<IpPrefix> list : List.of(v4, v6)) {
        PrefixBatch batch = new PrefixBatch();
        list.forEach(batch::add);
        AddressFamily f = AddressFamily.unicast(list.get(0).family());
        for (int i = 0; i < batch.size(); ) {
          i = encoder.writeWithdrawals(buf, f, batch, i);
        }
      }
      CollectingHandler h = new CollectingHandler();
      Messages.decodeUpdates(buf, new UpdateDecoder(session, UnaryOperator.identity()), h);
      List<IpPrefix> all = new ArrayList<>(v4);
      all.addAll(v6);
      assertThat(h.withdrawn).containsExactlyInAnyOrderElementsOf(all);
      assertThat(h.announced).isEmpty();
    } finally {
      buf.release();
    }
  }

  @Property(tries = 20)
  void endOfRibMarkersRoundTrip(@ForAll boolean ipv6) {
    AddressFamily f = ipv6 ? AddressFamily.IPV6_UNICAST : AddressFamily.IPV4_UNICAST;
    SessionCodec session = new SessionCodec(true, false, BOTH);
    ByteBuf buf = Unpooled.buffer();
    new UpdateEncoder(session).writeEndOfRib(buf, f);
    CollectingHandler h = new CollectingHandler();
    Messages.decodeUpdates(buf, new UpdateDecoder(session, UnaryOperator.identity()), h);
    assertThat(h.endOfRib).containsExactly(f);
    buf.release();
  }

  /** Random bodies end in a NOTIFICATION or in a report, never in another exception. */
  @Property(tries = 3000)
  void randomUpdateBodiesNeverCrashTheDecoder(
      @ForAll @Size(max = 300) byte[] body, @ForAll boolean fourOctet, @ForAll boolean internal) {
    decodeSafely(body, new SessionCodec(fourOctet, internal, BOTH));
  }

  /** Valid UPDATEs with a few bytes changed: the same guarantee, closer to the parser's edges. */
  @Property(tries = 3000)
  void mutatedUpdatesNeverCrashTheDecoder(
      @ForAll("ibgp4") PathAttributes attrs,
      @ForAll("ipv4Prefixes") List<IpPrefix> prefixes,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 100000) Integer> positions,
      @ForAll @Size(min = 4, max = 4) List<Byte> values) {
    SessionCodec session = new SessionCodec(true, true, BOTH);
    PrefixBatch batch = new PrefixBatch();
    prefixes.stream().limit(20).forEach(batch::add);
    ByteBuf buf = Unpooled.buffer();
    new UpdateEncoder(session).writeAnnouncements(buf, AddressFamily.IPV4_UNICAST, attrs, batch, 0);
    byte[] body = new byte[buf.readableBytes() - BgpWire.HEADER_LENGTH];
    buf.getBytes(BgpWire.HEADER_LENGTH, body);
    buf.release();
    for (int i = 0; i < positions.size(); i++) {
      body[positions.get(i) % body.length] = values.get(i);
    }
    decodeSafely(body, session);
  }

  static void decodeSafely(byte[] body, SessionCodec session) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    CollectingHandler h = new CollectingHandler();
    try {
      new UpdateDecoder(session, UnaryOperator.identity()).decode(buf, 0, body.length, h);
      // Whatever was announced carries attributes that passed every check.
      for (PathAttributes a : h.announced.values()) {
        assertThat(a.asPath()).isNotNull();
      }
    } catch (NotificationException e) {
      assertThat(e.code()).isIn(ErrorCodes.UPDATE);
      assertThat(h.announced).as("a session reset reports nothing").isEmpty();
      assertThat(h.withdrawn).isEmpty();
    }
  }

  @Property(tries = 50)
  void aWithdrawnLengthThatOverrunsTheMessageIsAMalformedAttributeList(
      @ForAll @IntRange(min = 3, max = 60000) int withdrawnLength) {
    byte[] body = {(byte) (withdrawnLength >> 8), (byte) withdrawnLength, 0, 0};
    assertThatThrownBy(
            () ->
                new UpdateDecoder(new SessionCodec(true, false, BOTH), UnaryOperator.identity())
                    .decode(Unpooled.wrappedBuffer(body), 0, 4, new CollectingHandler()))
        .isInstanceOfSatisfying(
            NotificationException.class,
            e -> {
              assertThat(e.subcode()).isEqualTo(ErrorCodes.UPDATE_MALFORMED_ATTRIBUTE_LIST);
              assertThat(e.getMessage()).contains(Integer.toString(withdrawnLength));
            });
  }
}
