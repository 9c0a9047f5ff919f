package dev.gingham.internal.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpPrefix;
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
 * ADD-PATH (RFC 7911) path identifiers and extended messages (RFC 8654) in UPDATEs: round trips,
 * the limits of each kind of session, and garbage on an ADD-PATH session.
 */
class AddPathCodecProperties {
  static final Set<AddressFamily> BOTH = UpdateCodecProperties.BOTH;

  static SessionCodec addPathSession(int maxLength) {
    return new SessionCodec(true, true, BOTH, maxLength, BOTH, BOTH);
  }

  /** A prefix with a path identifier, as the handler records it. */
  record Path(IpPrefix prefix, int pathId) {
    String text() {
      return prefix + "#" + Integer.toUnsignedString(pathId);
    }
  }

  @Provide
  Arbitrary<List<Path>> ipv4Paths() {
    return Combinators.combine(BgpArbitraries.ipv4Prefix(), Arbitraries.integers())
        .as(Path::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(800)
        .uniqueElements(Path::text);
  }

  @Provide
  Arbitrary<List<Path>> ipv6Paths() {
    return Combinators.combine(BgpArbitraries.ipv6Prefix(), Arbitraries.integers())
        .as(Path::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(300)
        .uniqueElements(Path::text);
  }

  @Provide
  Arbitrary<PathAttributes> ibgp() {
    return BgpArbitraries.attributes(true, true);
  }

  static CollectingHandler announce(
      SessionCodec session, AddressFamily family, PathAttributes attrs, List<Path> paths) {
    PrefixBatch batch = new PrefixBatch();
    paths.forEach(p -> batch.add(p.prefix(), p.pathId()));
    ByteBuf buf = Unpooled.buffer();
    try {
      UpdateEncoder encoder = new UpdateEncoder(session);
      for (int i = 0; i < batch.size(); ) {
        i = encoder.writeAnnouncements(buf, family, attrs, batch, i);
      }
      CollectingHandler h = new CollectingHandler();
      Messages.decodeUpdates(
          buf, new UpdateDecoder(session, UnaryOperator.identity()), h, session.maxMessageLength());
      return h;
    } finally {
      buf.release();
    }
  }

  @Property(tries = 200)
  void ipv4PathsKeepTheirIdentifiers(
      @ForAll("ibgp") PathAttributes attrs,
      @ForAll("ipv4Paths") List<Path> paths,
      @ForAll boolean extended) {
    SessionCodec session =
        addPathSession(extended ? BgpWire.MAX_EXTENDED_MESSAGE_LENGTH : BgpWire.MAX_MESSAGE_LENGTH);
    CollectingHandler h = announce(session, AddressFamily.IPV4_UNICAST, attrs, paths);
    assertThat(h.malformed).isEmpty();
    assertThat(h.paths)
        .containsExactlyInAnyOrderElementsOf(paths.stream().map(Path::text).toList());
  }

  @Property(tries = 200)
  void ipv6PathsKeepTheirIdentifiersInMpReach(
      @ForAll("ibgp") PathAttributes attrs,
      @ForAll("ipv6Paths") List<Path> paths,
      @ForAll long high,
      @ForAll long low) {
    PathAttributes v6 =
        attrs.toBuilder().nextHop(dev.gingham.net.Ipv6Address.of(high, low)).build();
    CollectingHandler h =
        announce(addPathSession(BgpWire.MAX_MESSAGE_LENGTH), AddressFamily.IPV6_UNICAST, v6, paths);
    assertThat(h.paths)
        .containsExactlyInAnyOrderElementsOf(paths.stream().map(Path::text).toList());
    assertThat(Set.copyOf(h.announced.values())).containsExactly(v6);
  }

  @Property(tries = 100)
  void withdrawalsKeepTheirIdentifiers(
      @ForAll("ipv4Paths") List<Path> v4, @ForAll("ipv6Paths") List<Path> v6) {
    SessionCodec session = addPathSession(BgpWire.MAX_MESSAGE_LENGTH);
    UpdateEncoder encoder = new UpdateEncoder(session);
    ByteBuf buf = Unpooled.buffer();
    try {
      for (List<Path> list : List.of(v4, v6)) {
        PrefixBatch batch = new PrefixBatch();
        list.forEach(p -> batch.add(p.prefix(), p.pathId()));
        AddressFamily f = AddressFamily.unicast(list.get(0).prefix().family());
        for (int i = 0; i < batch.size(); ) {
          i = encoder.writeWithdrawals(buf, f, batch, i);
        }
      }
      CollectingHandler h = new CollectingHandler();
      Messages.decodeUpdates(buf, new UpdateDecoder(session, UnaryOperator.identity()), h);
      List<String> expected = new ArrayList<>();
      v4.forEach(p -> expected.add("-" + p.text()));
      v6.forEach(p -> expected.add("-" + p.text()));
      assertThat(h.paths).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      buf.release();
    }
  }

  /** Attributes of more than 4096 bytes go only where extended messages were negotiated. */
  @Property(tries = 30)
  void largeAttributesNeedExtendedMessages(
      @ForAll @IntRange(min = 1100, max = 8000) int communities,
      @ForAll("ipv4Paths") List<Path> paths) {
    PathAttributes.Builder b =
        PathAttributes.builder().nextHop(dev.gingham.net.Ipv4Address.parse("192.0.2.1"));
    for (int i = 0; i < communities; i++) {
      b.addCommunity(Community.of(65000, i));
    }
    PathAttributes attrs = b.build();
    CollectingHandler h =
        announce(
            addPathSession(BgpWire.MAX_EXTENDED_MESSAGE_LENGTH),
            AddressFamily.IPV4_UNICAST,
            attrs,
            paths);
    assertThat(h.paths).hasSize(paths.size());
    assertThat(h.announced.values()).allSatisfy(a -> assertThat(a).isEqualTo(attrs));
    assertThatThrownBy(
            () ->
                announce(
                    addPathSession(BgpWire.MAX_MESSAGE_LENGTH),
                    AddressFamily.IPV4_UNICAST,
                    attrs,
                    paths))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leave no room");
  }

  /** The framer takes a long UPDATE only when told the session allows it. */
  @Property(tries = 50)
  void theFramerEnforcesTheSessionsLimit(@ForAll @IntRange(min = 4097, max = 65535) int length) {
    ByteBuf buf = Unpooled.buffer(length);
    int start = BgpWire.writeHeader(buf, BgpWire.TYPE_UPDATE);
    buf.writeZero(length - BgpWire.HEADER_LENGTH);
    BgpWire.finishMessage(buf, start, BgpWire.MAX_EXTENDED_MESSAGE_LENGTH);
    assertThat(MessageFramer.frameLength(buf, BgpWire.MAX_EXTENDED_MESSAGE_LENGTH))
        .isEqualTo(length);
    assertThatThrownBy(() -> MessageFramer.frameLength(buf))
        .isInstanceOfSatisfying(
            NotificationException.class,
            e -> {
              assertThat(e.subcode()).isEqualTo(ErrorCodes.HEADER_BAD_LENGTH);
              assertThat(e.getMessage()).contains(Integer.toString(length));
            });
    buf.release();
  }

  /** Random bodies on an ADD-PATH session end in a NOTIFICATION or a report, nothing else. */
  @Property(tries = 3000)
  void randomBodiesOnAnAddPathSessionNeverCrashTheDecoder(@ForAll @Size(max = 300) byte[] body) {
    UpdateCodecProperties.decodeSafely(body, addPathSession(BgpWire.MAX_MESSAGE_LENGTH));
  }
}
