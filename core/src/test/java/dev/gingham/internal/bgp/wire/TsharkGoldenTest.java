package dev.gingham.internal.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.Aggregator;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.bgp.Origin;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden bytes: a session's messages as Gingham encodes them, written into a pcap as one TCP stream
 * on port {@value #PORT}, decoded by {@code tshark -d tcp.port==PORT,bgp}, and compared field by
 * field with Gingham's own decode. A few messages are also pinned as hex.
 */
class TsharkGoldenTest {
  static final int PORT = 17900;
  static final SessionCodec SESSION =
      new SessionCodec(true, true, Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
  static final String[] FIELDS = {
    "bgp.type",
    "bgp.open.myas",
    "bgp.open.holdtime",
    "bgp.open.identifier",
    "bgp.cap.4as",
    "bgp.cap.gr.timers.restart_time",
    "bgp.nlri_prefix",
    "bgp.withdrawn_prefix",
    "bgp.update.path_attribute.as_path_segment.as4",
    "bgp.update.path_attribute.next_hop",
    "bgp.update.path_attribute.community_as",
    "bgp.update.path_attribute.community_value",
    "bgp.update.path_attribute.local_pref",
    "bgp.update.path_attribute.multi_exit_disc",
    "bgp.update.path_attribute.origin",
    "bgp.large_communities.ga",
    "bgp.update.path_attribute.aggregator_as",
    "bgp.update.path_attribute.originator_id",
    "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6",
    "bgp.mp_reach_nlri_ipv6_prefix",
    "bgp.mp_unreach_nlri_ipv6_prefix",
    "bgp.notify.major_error",
    "bgp.route_refresh.afi",
  };

  @TempDir Path dir;

  static Path tshark() {
    Path p = Path.of("/usr/bin/tshark");
    if (!Files.isExecutable(p)) {
      if ("true".equals(System.getenv("CI"))) {
        fail(
            "missing prerequisite: /usr/bin/tshark (CI=true: a missing prerequisite fails the test)");
      }
      Assumptions.abort("missing prerequisite: /usr/bin/tshark");
    }
    return p;
  }

  static final PathAttributes RICH =
      PathAttributes.builder()
          .origin(Origin.EGP)
          .asPath(AsPath.sequence(65001, 4_200_000_002L, 3))
          .nextHop(Ipv4Address.parse("192.0.2.7"))
          .med(77)
          .localPref(250)
          .aggregator(new Aggregator(4_200_000_009L, Ipv4Address.parse("192.0.2.9")))
          .communities(List.of(Community.of(65001, 100), Community.of(65002, 200)))
          .largeCommunities(List.of(LargeCommunity.of(4_200_000_002L, 1, 2)))
          .originatorId(Ipv4Address.parse("10.0.0.9"))
          .build();

  /** The session's messages, in order. */
  static List<byte[]> messages() {
    List<byte[]> out = new ArrayList<>();
    UpdateEncoder encoder = new UpdateEncoder(SESSION);
    ByteBuf buf = Unpooled.buffer();
    new OpenMessage(
            4,
            BgpWire.AS_TRANS,
            90,
            Ipv4Address.parse("192.0.2.1").toInt(),
            new Capabilities(
                Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
                true,
                4_200_000_001L,
                true,
                new GracefulRestart(false, 120, Set.of(), Set.of())))
        .encode(buf);
    out.add(take(buf));
    BgpWire.writeKeepalive(buf);
    out.add(take(buf));
    PrefixBatch v4 = new PrefixBatch();
    v4.add(IpPrefix.parse("10.1.0.0/16"));
    v4.add(IpPrefix.parse("10.2.3.0/24"));
    v4.add(IpPrefix.parse("172.16.0.0/12"));
    encoder.writeAnnouncements(buf, AddressFamily.IPV4_UNICAST, RICH, v4, 0);
    out.add(take(buf));
    PrefixBatch v6 = new PrefixBatch();
    v6.add(IpPrefix.parse("2001:db8:1::/48"));
    v6.add(IpPrefix.parse("2001:db8:2:3::/64"));
    encoder.writeAnnouncements(
        buf,
        AddressFamily.IPV6_UNICAST,
        RICH.toBuilder().nextHop(Ipv6Address.parse("2001:db8::7")).build(),
        v6,
        0);
    out.add(take(buf));
    PrefixBatch w4 = new PrefixBatch();
    w4.add(IpPrefix.parse("10.9.0.0/16"));
    encoder.writeWithdrawals(buf, AddressFamily.IPV4_UNICAST, w4, 0);
    out.add(take(buf));
    PrefixBatch w6 = new PrefixBatch();
    w6.add(IpPrefix.parse("2001:db8:9::/48"));
    encoder.writeWithdrawals(buf, AddressFamily.IPV6_UNICAST, w6, 0);
    out.add(take(buf));
    new RouteRefreshMessage(1, 1).encode(buf);
    out.add(take(buf));
    new NotificationMessage(ErrorCodes.CEASE, ErrorCodes.CEASE_ADMIN_SHUTDOWN, new byte[0])
        .encode(buf);
    out.add(take(buf));
    buf.release();
    return out;
  }

  private static byte[] take(ByteBuf buf) {
    byte[] b = ByteBufUtil.getBytes(buf);
    buf.clear();
    return b;
  }

  @Test
  void fixedMessagesHaveTheirGoldenBytes() {
    List<byte[]> m = messages();
    String marker = "ffffffffffffffffffffffffffffffff";
    assertThat(ByteBufUtil.hexDump(m.get(1))).isEqualTo(marker + "001304");
    assertThat(ByteBufUtil.hexDump(m.get(4)))
        .isEqualTo(marker + "001a02" + "0003" + "100a09" + "0000");
    assertThat(ByteBufUtil.hexDump(m.get(6))).isEqualTo(marker + "00170500010001");
    assertThat(ByteBufUtil.hexDump(m.get(7))).isEqualTo(marker + "0015030602");
  }

  @Test
  void tsharkDecodesEveryMessageAsGinghamDoes() throws Exception {
    Path tshark = tshark();
    List<byte[]> messages = messages();
    Path pcap = dir.resolve("session.pcap");
    Files.write(pcap, pcap(messages));
    Process p =
        new ProcessBuilder(buildCommand(tshark.toString(), pcap.toString()))
            .redirectErrorStream(false)
            .start();
    byte[] stdout = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\\|", -1);
      Map<String, String> row = new java.util.HashMap<>();
      for (int i = 0; i < FIELDS.length; i++) {
        row.put(FIELDS[i], i < cols.length ? cols[i] : "");
      }
      rows.add(row);
    }
    assertThat(rows).as("one decoded packet per message").hasSize(messages.size());

    // OPEN.
    OpenMessage open =
        OpenMessage.decode(
            Unpooled.wrappedBuffer(messages.get(0)), 19, messages.get(0).length - 19);
    assertThat(rows.get(0).get("bgp.type")).isEqualTo("1");
    assertThat(rows.get(0).get("bgp.open.myas")).isEqualTo(Integer.toString(open.myAs()));
    assertThat(rows.get(0).get("bgp.open.holdtime")).isEqualTo(Integer.toString(open.holdTime()));
    assertThat(rows.get(0).get("bgp.open.identifier"))
        .isEqualTo(Ipv4Address.of(open.bgpId()).toString());
    assertThat(rows.get(0).get("bgp.cap.4as"))
        .isEqualTo(Long.toString(open.capabilities().fourOctetAs()));
    assertThat(rows.get(0).get("bgp.cap.gr.timers.restart_time")).isEqualTo("120");
    assertThat(rows.get(1).get("bgp.type")).isEqualTo("4");

    // IPv4 UPDATE.
    CollectingHandler v4 = decode(messages.get(2));
    Map<String, String> r = rows.get(2);
    assertThat(r.get("bgp.type")).isEqualTo("2");
    assertThat(List.of(r.get("bgp.nlri_prefix").split(",")))
        .containsExactlyElementsOf(
            v4.announced.keySet().stream().map(x -> x.network().toString()).toList());
    PathAttributes a = v4.announced.values().iterator().next();
    assertThat(a).isEqualTo(RICH);
    assertThat(r.get("bgp.update.path_attribute.as_path_segment.as4"))
        .isEqualTo("65001,4200000002,3");
    assertThat(r.get("bgp.update.path_attribute.next_hop")).isEqualTo(a.nextHop().toString());
    assertThat(r.get("bgp.update.path_attribute.community_as")).isEqualTo("65001,65002");
    assertThat(r.get("bgp.update.path_attribute.community_value")).isEqualTo("100,200");
    assertThat(r.get("bgp.update.path_attribute.local_pref"))
        .isEqualTo(Long.toString(a.localPref()));
    assertThat(r.get("bgp.update.path_attribute.multi_exit_disc"))
        .isEqualTo(Long.toString(a.med()));
    assertThat(r.get("bgp.update.path_attribute.origin"))
        .isEqualTo(Integer.toString(a.origin().code()));
    assertThat(r.get("bgp.large_communities.ga")).isEqualTo("4200000002");
    assertThat(r.get("bgp.update.path_attribute.aggregator_as")).isEqualTo("4200000009");
    assertThat(r.get("bgp.update.path_attribute.originator_id")).isEqualTo("10.0.0.9");

    // IPv6 UPDATE in MP_REACH_NLRI.
    CollectingHandler v6 = decode(messages.get(3));
    r = rows.get(3);
    assertThat(r.get("bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6"))
        .isEqualTo("2001:db8::7");
    assertThat(List.of(r.get("bgp.mp_reach_nlri_ipv6_prefix").split(",")))
        .containsExactlyElementsOf(
            v6.announced.keySet().stream().map(x -> x.network().toString()).toList());

    // Withdrawals, ROUTE-REFRESH, NOTIFICATION.
    assertThat(rows.get(4).get("bgp.withdrawn_prefix"))
        .isEqualTo(decode(messages.get(4)).withdrawn.get(0).network().toString());
    assertThat(rows.get(5).get("bgp.mp_unreach_nlri_ipv6_prefix"))
        .isEqualTo(decode(messages.get(5)).withdrawn.get(0).network().toString());
    assertThat(rows.get(6).get("bgp.route_refresh.afi")).isEqualTo("1");
    assertThat(rows.get(7).get("bgp.notify.major_error")).isEqualTo("6");
  }

  static List<String> buildCommand(String tshark, String pcap) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                tshark,
                "-r",
                pcap,
                "-d",
                "tcp.port==" + PORT + ",bgp",
                "-T",
                "fields",
                "-E",
                "separator=|",
                "-E",
                "aggregator=,",
                "-Y",
                "bgp"));
    for (String f : FIELDS) {
      cmd.add("-e");
      cmd.add(f);
    }
    return cmd;
  }

  static CollectingHandler decode(byte[] message) {
    CollectingHandler h = new CollectingHandler();
    new UpdateDecoder(SESSION, UnaryOperator.identity())
        .decode(
            Unpooled.wrappedBuffer(message),
            BgpWire.HEADER_LENGTH,
            message.length - BgpWire.HEADER_LENGTH,
            h);
    return h;
  }

  /** A pcap (LINKTYPE_RAW) with one IPv4/TCP packet per message, in one stream. */
  static byte[] pcap(List<byte[]> messages) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header
        .putInt(0xa1b2c3d4)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(65535)
        .putInt(101);
    out.write(header.array());
    int seq = 1000;
    int t = 0;
    for (byte[] m : messages) {
      int total = 20 + 20 + m.length;
      ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      rec.putInt(1_700_000_000 + t++).putInt(0).putInt(total).putInt(total);
      out.write(rec.array());
      ByteBuffer pkt = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
      pkt.put((byte) 0x45)
          .put((byte) 0)
          .putShort((short) total)
          .putShort((short) 1)
          .putShort((short) 0x4000)
          .put((byte) 64)
          .put((byte) 6)
          .putShort((short) 0)
          .put(new byte[] {127, 0, 0, 1})
          .put(new byte[] {127, 0, 0, 2});
      pkt.putShort((short) 40000)
          .putShort((short) PORT)
          .putInt(seq)
          .putInt(1)
          .put((byte) 0x50)
          .put((byte) 0x18)
          .putShort((short) 65535)
          .putShort((short) 0)
          .putShort((short) 0);
      pkt.put(m);
      out.write(pkt.array());
      seq += m.length;
    }
    return out.toByteArray();
  }
}
