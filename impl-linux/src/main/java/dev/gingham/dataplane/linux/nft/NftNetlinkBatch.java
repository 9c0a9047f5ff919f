package dev.gingham.dataplane.linux.nft;

import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_ACK;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_CREATE;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_REQUEST;

import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.dataplane.linux.nft.NftElementCodec.KernelElement;
import java.util.List;

/**
 * An nf_tables netlink batch of set-element changes, written into a {@link NetlinkWriter}.
 * nfnetlink applies a batch as one transaction: every message or none.
 *
 * <pre>
 *  nlmsghdr (16)  | len u32 | type u16 | flags u16 | seq u32 | pid u32 |   host byte order
 *  nfgenmsg (4)   | family u8 | version u8 | res_id u16 (big-endian)    |
 *  attributes     | len u16 | type u16 | payload, padded to 4 bytes     |   values big-endian
 * </pre>
 *
 * Not thread-safe; one per batch. The answers are read by {@link
 * dev.gingham.dataplane.linux.netlink.NetlinkChannel#sendAwait}.
 */
final class NftNetlinkBatch {
  static final int NFNL_SUBSYS_NFTABLES = 10;
  static final int NFNL_MSG_BATCH_BEGIN = 16;
  static final int NFNL_MSG_BATCH_END = 17;
  static final int NFT_MSG_NEWSETELEM = 12;
  static final int NFT_MSG_DELSETELEM = 14;
  static final int NFPROTO_INET = 1;

  private final NetlinkWriter w;
  private final int family;
  private final String table;
  private final int firstSeq;
  private int seq;
  private int messages;

  /** Starts a batch in a writer, numbering its messages from {@code firstSeq}. */
  NftNetlinkBatch(NetlinkWriter writer, int family, String table, int firstSeq) {
    this.w = writer;
    this.family = family;
    this.table = table;
    this.firstSeq = firstSeq;
    this.seq = firstSeq;
    w.begin(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, seq++);
    nfgenmsg(0, NFNL_SUBSYS_NFTABLES);
    w.end();
  }

  private void nfgenmsg(int fam, int resId) {
    w.u8(fam).u8(0);
    // res_id is big-endian
    w.u8(resId >>> 8).u8(resId);
  }

  /** Adds one message that adds (or deletes) elements of a set. */
  void elements(String set, boolean add, List<KernelElement> elements) {
    w.begin(
        (NFNL_SUBSYS_NFTABLES << 8) | (add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM),
        NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE : 0),
        seq++);
    nfgenmsg(family, 0);
    w.attrString(1, table);
    w.attrString(2, set);
    int list = w.nest(3);
    for (KernelElement e : elements) {
      int elem = w.nest(1);
      int key = w.nest(1);
      w.attrBytes(1, e.key());
      w.endNest(key);
      if (e.flags() != 0) {
        w.attrU32Be(3, e.flags());
      }
      if (add && e.verdict() != null) {
        int data = w.nest(2);
        int verdict = w.nest(2);
        w.attrU32Be(1, e.verdict());
        if (e.chain() != null) {
          w.attrString(2, e.chain());
        }
        w.endNest(verdict);
        w.endNest(data);
      }
      w.endNest(elem);
    }
    w.endNest(list);
    w.end();
    messages++;
  }

  /** Ends the batch. */
  void finish() {
    w.begin(NFNL_MSG_BATCH_END, NLM_F_REQUEST, seq++);
    nfgenmsg(0, NFNL_SUBSYS_NFTABLES);
    w.end();
  }

  /** The number of element messages, each of which the kernel acknowledges. */
  int messages() {
    return messages;
  }

  /**
   * The sequence number of the batch's begin message, which the kernel answers if it refuses the
   * batch whole.
   */
  int beginSeq() {
    return firstSeq;
  }

  /** The sequence number of the first element message. */
  int firstMessageSeq() {
    return firstSeq + 1;
  }

  /** The sequence number of the last element message. */
  int lastMessageSeq() {
    return firstSeq + messages;
  }
}
