package dev.gingham.internal.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.internal.bgp.wire.BgpWire;
import dev.gingham.internal.bgp.wire.Capabilities;
import dev.gingham.internal.bgp.wire.ErrorCodes;
import dev.gingham.internal.bgp.wire.OpenMessage;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection collisions (RFC 4271 section 6.8, RFC 6286 section 2.3), driven byte by byte: the test
 * is the peer, with one connection the speaker opened and one it accepted, and sends its OPEN on
 * the accepted one with a chosen BGP identifier.
 */
class CollisionTest {
  static final String SPEAKER = "127.0.0.41";
  static final String PEER = "127.0.0.42";

  BgpSpeaker speaker;
  ServerSocket listener;
  Socket outbound;
  Socket inbound;

  @AfterEach
  void close() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {outbound, inbound, listener}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what may already be closed
      }
    }
    if (speaker != null) {
      speaker.close();
    }
  }

  /** Sets up both connections, each with the speaker's OPEN read; returns nothing. */
  void collide(long localAs, long peerAs) throws IOException {
    speaker =
        BgpSpeaker.builder()
            .localAs(localAs)
            .routerId(Ipv4Address.parse(SPEAKER))
            .listen(IpAddress.parse(SPEAKER), 0)
            .start();
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName(PEER), 0));
    listener.setSoTimeout(10_000);
    speaker.addPeer(
        PeerConfig.builder(IpAddress.parse(PEER), peerAs)
            .port(listener.getLocalPort())
            .localAddress(IpAddress.parse(SPEAKER))
            .connectRetryTime(Duration.ofSeconds(30))
            .build());
    outbound = listener.accept();
    outbound.setSoTimeout(10_000);
    assertThat(readType(outbound)).isEqualTo(BgpWire.TYPE_OPEN);
    inbound = new Socket();
    inbound.bind(new InetSocketAddress(InetAddress.getByName(PEER), 0));
    inbound.connect(speaker.listenAddress().orElseThrow(), 10_000);
    inbound.setSoTimeout(10_000);
    assertThat(readType(inbound)).isEqualTo(BgpWire.TYPE_OPEN);
  }

  static void sendOpen(Socket s, long as, String bgpId) throws IOException {
    var buf = Unpooled.buffer();
    new OpenMessage(
            4,
            as > 0xFFFF ? BgpWire.AS_TRANS : (int) as,
            90,
            Ipv4Address.parse(bgpId).toInt(),
            new Capabilities(Set.of(AddressFamily.IPV4_UNICAST), true, as, true, null))
        .encode(buf);
    s.getOutputStream().write(ByteBufUtil.getBytes(buf));
    s.getOutputStream().flush();
    buf.release();
  }

  /** Reads one message and returns its type; for a NOTIFICATION, code * 100 + subcode is kept. */
  int lastNotification;

  int readType(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] header = new byte[19];
    in.readFully(header);
    int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
    byte[] body = new byte[length - 19];
    in.readFully(body);
    int type = header[18] & 0xFF;
    if (type == BgpWire.TYPE_NOTIFICATION) {
      lastNotification = (body[0] & 0xFF) * 100 + (body[1] & 0xFF);
    }
    return type;
  }

  @Test
  void aHigherRemoteIdentifierKeepsTheConnectionThePeerOpened() throws IOException {
    collide(65001, 65002);
    sendOpen(inbound, 65002, "127.0.0.50");

    assertThat(readType(outbound)).isEqualTo(BgpWire.TYPE_NOTIFICATION);
    assertThat(lastNotification).isEqualTo(ErrorCodes.CEASE * 100 + ErrorCodes.CEASE_COLLISION);
    assertThat(readType(inbound)).isEqualTo(BgpWire.TYPE_KEEPALIVE);
    assertThat(speaker.peer(IpAddress.parse(PEER)).state()).isEqualTo(PeerState.OPEN_CONFIRM);
  }

  @Test
  void aLowerRemoteIdentifierKeepsTheConnectionTheSpeakerOpened() throws IOException {
    collide(65001, 65002);
    sendOpen(inbound, 65002, "127.0.0.10");

    assertThat(readType(inbound)).isEqualTo(BgpWire.TYPE_NOTIFICATION);
    assertThat(lastNotification).isEqualTo(ErrorCodes.CEASE * 100 + ErrorCodes.CEASE_COLLISION);
    sendOpen(outbound, 65002, "127.0.0.10");
    assertThat(readType(outbound)).isEqualTo(BgpWire.TYPE_KEEPALIVE);
  }

  @Test
  void equalIdentifiersKeepTheConnectionOfTheLargerAs() throws IOException {
    // RFC 6286: the peer (AS 65002) has the larger AS, so its connection, the inbound one, stays.
    collide(65001, 65002);
    sendOpen(inbound, 65002, SPEAKER);

    assertThat(readType(outbound)).isEqualTo(BgpWire.TYPE_NOTIFICATION);
    assertThat(lastNotification).isEqualTo(ErrorCodes.CEASE * 100 + ErrorCodes.CEASE_COLLISION);
    assertThat(readType(inbound)).isEqualTo(BgpWire.TYPE_KEEPALIVE);
  }

  @Test
  void equalIdentifiersWithTheLargerAsHereKeepTheSpeakersConnection() throws IOException {
    collide(65009, 65002);
    sendOpen(inbound, 65002, SPEAKER);

    assertThat(readType(inbound)).isEqualTo(BgpWire.TYPE_NOTIFICATION);
    assertThat(lastNotification).isEqualTo(ErrorCodes.CEASE * 100 + ErrorCodes.CEASE_COLLISION);
  }
}
