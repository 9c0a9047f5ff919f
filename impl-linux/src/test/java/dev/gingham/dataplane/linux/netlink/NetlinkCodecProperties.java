package dev.gingham.dataplane.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/** The netlink writer, attribute reader and answer readers, against themselves and garbage. */
class NetlinkCodecProperties {

  record Attr(int type, byte[] payload) {}

  @Property(tries = 1000)
  @Label("attributes written are read back by type, whatever their lengths")
  void attributesRoundTrip(@ForAll("attributes") List<Attr> attrs) {
    NetlinkWriter w = new NetlinkWriter(64 * 1024);
    w.begin(100, 1, 7);
    w.u32(0xdeadbeef);
    for (Attr a : attrs) {
      w.attrBytes(a.type(), a.payload());
    }
    w.end();
    ByteBuffer b = w.buffer().duplicate().order(ByteOrder.nativeOrder());
    b.limit(w.position());
    assertThat(b.getInt(0)).as("message length").isEqualTo(w.position());
    assertThat(w.position() % 4).isZero();
    Attributes parsed = new Attributes(31).parse(b, 20, w.position());
    for (int type = 0; type < 32; type++) {
      Attr last = null;
      for (Attr a : attrs) {
        if (a.type() == type) {
          last = a;
        }
      }
      if (last == null) {
        assertThat(parsed.has(type)).isFalse();
      } else {
        byte[] read = new byte[parsed.length(type)];
        b.get(parsed.offset(type), read);
        assertThat(read).isEqualTo(last.payload());
      }
    }
  }

  @Provide
  Arbitrary<List<Attr>> attributes() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 40),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
        .as(Attr::new)
        .list()
        .ofMaxSize(12);
  }

  @Property(tries = 3000)
  @Label(
      "garbage attributes fail with NetlinkFormatException, and reads of what parsed never overrun")
  void garbageAttributes(@ForAll @Size(max = 200) byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
    Attributes a = new Attributes(16);
    try {
      a.parse(b, 0, data.length);
      Statistics.collect("parsed");
    } catch (NetlinkFormatException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).contains("attribute");
      return;
    }
    for (int type = 0; type <= 16; type++) {
      for (int read = 0; read < 6; read++) {
        try {
          switch (read) {
            case 0:
              a.u8(type, 0);
              break;
            case 1:
              a.u16(type, 0);
              break;
            case 2:
              a.u32(type, 0);
              break;
            case 3:
              a.string(type);
              break;
            case 4:
              a.mac(type);
              break;
            default:
              a.address(type);
          }
        } catch (NetlinkFormatException e) {
          assertThat(e.getMessage()).contains("attribute " + type);
        }
      }
    }
  }

  @Property(tries = 1000)
  @Label("answers are read with their sequence numbers, errors and kernel messages")
  void answersRoundTrip(@ForAll("answers") List<int[]> answers) {
    ByteBuffer b = ByteBuffer.allocate(answers.size() * 64 + 64).order(ByteOrder.nativeOrder());
    int first = 1000;
    for (int i = 0; i < answers.size(); i++) {
      int errno = answers.get(i)[0];
      boolean withText = answers.get(i)[1] == 1 && errno != 0;
      int start = b.position();
      b.putInt(0).putShort((short) NetlinkChannel.NLMSG_ERROR);
      b.putShort((short) (0x100 | (withText ? 0x200 : 0))).putInt(first + i).putInt(0);
      b.putInt(-errno);
      b.putInt(16).putShort((short) 24).putShort((short) 5).putInt(first + i).putInt(0);
      if (withText) {
        byte[] text = ("refused " + i + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.putShort((short) (4 + text.length)).putShort((short) 1).put(text);
        while (b.position() % 4 != 0) {
          b.put((byte) 0);
        }
      }
      b.putInt(start, b.position() - start);
    }
    List<Object[]> read = new ArrayList<>();
    boolean done =
        NetlinkChannel.readAnswers(
            b,
            b.position(),
            first,
            first + answers.size() - 1,
            (seq, errno, text) -> {
              read.add(new Object[] {seq, errno, text});
              return false;
            });
    assertThat(done).isEqualTo(!answers.isEmpty());
    assertThat(read).hasSize(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      int errno = answers.get(i)[0];
      assertThat(read.get(i)[0]).isEqualTo(first + i);
      assertThat(read.get(i)[1]).isEqualTo(errno);
      assertThat(read.get(i)[2])
          .isEqualTo(answers.get(i)[1] == 1 && errno != 0 ? "refused " + i : null);
    }
  }

  @Provide
  Arbitrary<List<int[]>> answers() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 133), Arbitraries.integers().between(0, 1))
        .as((e, t) -> new int[] {e, t})
        .list()
        .ofMaxSize(20);
  }

  @Property(tries = 5000)
  @Label("garbage answers and dumps fail with NetlinkFormatException or NetlinkException only")
  void garbageAnswers(@ForAll @Size(max = 300) byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
    int seq = data.length >= 12 ? b.getInt(8) : 1;
    try {
      NetlinkChannel.readAnswers(b, data.length, seq, seq + 3, (s, e, t) -> false);
    } catch (NetlinkFormatException e) {
      assertThat(e.getMessage()).contains("length");
    }
    try {
      NetlinkChannel.readDumpPart(
          b,
          data.length,
          seq,
          "dump",
          (buffer, offset, length, type) -> assertThat(length).isGreaterThanOrEqualTo(16));
    } catch (NetlinkFormatException e) {
      assertThat(e.getMessage()).contains("length");
    } catch (NetlinkException e) {
      assertThat(e.getMessage()).startsWith("dump");
    }
  }

  @Property(tries = 200)
  @Label("a dump's messages reach the handler until its end; an error ends it with the errno")
  void dumpParts(@ForAll("dumps") List<Integer> types, @ForAll boolean fails) {
    ByteBuffer b = ByteBuffer.allocate(types.size() * 20 + 64).order(ByteOrder.nativeOrder());
    for (int t : types) {
      b.putInt(20).putShort((short) t).putShort((short) NetlinkChannel.NLM_F_MULTI);
      b.putInt(77).putInt(0).putInt(t);
    }
    b.putInt(20).putShort((short) NetlinkChannel.NLMSG_DONE).putShort((short) 0);
    b.putInt(77).putInt(0).putInt(fails ? -Errno.EBUSY : 0);
    List<Integer> seen = new ArrayList<>();
    NetlinkChannel.MessageHandler h = (buffer, offset, length, type) -> seen.add(type);
    if (fails) {
      assertThatThrownBy(() -> NetlinkChannel.readDumpPart(b, b.position(), 77, "dump", h))
          .isInstanceOf(NetlinkException.class)
          .hasMessageContaining("EBUSY");
    } else {
      assertThat(NetlinkChannel.readDumpPart(b, b.position(), 77, "dump", h))
          .isEqualTo(NetlinkChannel.DUMP_DONE);
    }
    assertThat(seen).isEqualTo(types);
  }

  @Provide
  Arbitrary<List<Integer>> dumps() {
    return Arbitraries.integers().between(16, 40).list().ofMaxSize(30);
  }

  @Property(tries = 200)
  @Label("errno names are Linux's, and unknown numbers say so")
  void errnoNames(@ForAll int errno) {
    String name = Errno.name(errno);
    if (errno >= 1 && errno <= 133 && errno != 41 && errno != 58) {
      assertThat(name).matches("E[A-Z0-9]+");
    } else {
      assertThat(name).isEqualTo("errno " + errno);
    }
    assertThat(Errno.name(Errno.EEXIST)).isEqualTo("EEXIST");
    assertThat(Errno.name(Errno.EOPNOTSUPP)).isEqualTo("EOPNOTSUPP");
    assertThat(Errno.name(Errno.ENOBUFS)).isEqualTo("ENOBUFS");
  }
}
