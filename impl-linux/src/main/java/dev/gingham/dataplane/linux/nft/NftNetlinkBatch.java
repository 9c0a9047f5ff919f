package dev.gingham.dataplane.linux.nft;

import dev.gingham.dataplane.linux.nft.NftElementCodec.KernelElement;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An nf_tables netlink batch of set-element changes, and the reading of the kernel's answers.
 * nfnetlink applies a batch as one transaction: every message or none.
 *
 * <pre>
 *  nlmsghdr (16)  | len u32 | type u16 | flags u16 | seq u32 | pid u32 |   host byte order
 *  nfgenmsg (4)   | family u8 | version u8 | res_id u16 (big-endian)    |
 *  attributes     | len u16 | type u16 | payload, padded to 4 bytes     |   values big-endian
 * </pre>
 *
 * Not thread-safe; one per batch.
 */
final class NftNetlinkBatch {
  static final int NFNL_SUBSYS_NFTABLES = 10;
  static final int NFNL_MSG_BATCH_BEGIN = 16;
  static final int NFNL_MSG_BATCH_END = 17;
  static final int NFT_MSG_NEWSETELEM = 12;
  static final int NFT_MSG_DELSETELEM = 14;
  static final int NLM_F_REQUEST = 1;
  static final int NLM_F_ACK = 4;
  static final int NLM_F_CREATE = 0x400;
  static final int NLMSG_ERROR = 2;
  static final int NLA_F_NESTED = 0x8000;
  static final int NFPROTO_INET = 1;

  private final ByteBuffer buf;
  private final int family;
  private final String table;
  private int seq;
  private final int firstSeq;
  private int messages;

  NftNetlinkBatch(int family, String table, int firstSeq, int capacity) {
    this.buf = ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
    this.family = family;
    this.table = table;
    this.firstSeq = firstSeq;
    this.seq = firstSeq;
    header(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, 0, NFNL_SUBSYS_NFTABLES);
    endMessage(0);
  }

  /** Adds one message that adds (or deletes) elements of a set. */
  void elements(String set, boolean add, List<KernelElement> elements) {
    int start = buf.position();
    header(
        (NFNL_SUBSYS_NFTABLES << 8) | (add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM),
        NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE : 0),
        family,
        0);
    string(1, table);
    string(2, set);
    int list = nest(3);
    for (KernelElement e : elements) {
      int elem = nest(1);
      int key = nest(1);
      bytes(1, e.key());
      end(key);
      if (e.flags() != 0) {
        u32(3, e.flags());
      }
      if (add && e.verdict() != null) {
        int data = nest(2);
        int verdict = nest(2);
        u32(1, e.verdict());
        if (e.chain() != null) {
          string(2, e.chain());
        }
        end(verdict);
        end(data);
      }
      end(elem);
    }
    end(list);
    endMessage(start);
    messages++;
  }

  /** Ends the batch; returns its bytes. */
  byte[] finish() {
    int start = buf.position();
    header(NFNL_MSG_BATCH_END, NLM_F_REQUEST, 0, NFNL_SUBSYS_NFTABLES);
    endMessage(start);
    byte[] out = new byte[buf.position()];
    buf.flip();
    buf.get(out);
    return out;
  }

  /** The number of element messages, each of which the kernel acknowledges. */
  int messages() {
    return messages;
  }

  /** The sequence number of the first element message. */
  int firstMessageSeq() {
    return firstSeq + 1;
  }

  private int msgStart;

  private void header(int type, int flags, int fam, int resId) {
    msgStart = buf.position();
    buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq++).putInt(0);
    buf.put((byte) fam).put((byte) 0);
    buf.order(ByteOrder.BIG_ENDIAN).putShort((short) resId).order(ByteOrder.nativeOrder());
  }

  private void endMessage(int ignored) {
    buf.putInt(msgStart, buf.position() - msgStart);
  }

  private int nest(int type) {
    int at = buf.position();
    buf.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
    return at;
  }

  private void end(int at) {
    buf.putShort(at, (short) (buf.position() - at));
  }

  private void attr(int type, byte[] payload) {
    buf.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
    while (buf.position() % 4 != 0) {
      buf.put((byte) 0);
    }
  }

  private void string(int type, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    byte[] z = new byte[b.length + 1];
    System.arraycopy(b, 0, z, 0, b.length);
    attr(type, z);
  }

  private void bytes(int type, byte[] b) {
    attr(type, b);
  }

  private void u32(int type, int v) {
    attr(type, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  /**
   * Reads acknowledgements from a receive buffer: for each NLMSG_ERROR, its sequence number and
   * error (0 for success, else minus errno) go to {@code sink}.
   *
   * @return the number of acknowledgements read
   */
  static int readAcks(byte[] data, int length, AckSink sink) {
    ByteBuffer b = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
    int n = 0;
    while (b.remaining() >= 16) {
      int start = b.position();
      int len = b.getInt();
      int type = b.getShort() & 0xffff;
      b.getShort();
      int seq = b.getInt();
      b.getInt();
      if (len < 16 || start + len > length) {
        throw new IllegalStateException("malformed netlink answer: length " + len);
      }
      if (type == NLMSG_ERROR) {
        int error = b.getInt();
        sink.ack(seq, error);
        n++;
      }
      b.position(start + ((len + 3) & ~3));
    }
    return n;
  }

  /** Receives acknowledgements. */
  interface AckSink {
    void ack(int seq, int error);
  }
}
