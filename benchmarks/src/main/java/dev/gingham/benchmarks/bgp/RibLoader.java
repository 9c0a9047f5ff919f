package dev.gingham.benchmarks.bgp;

import dev.gingham.benchmarks.table.FeedTable;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.internal.bgp.rib.AdjRibIn;
import dev.gingham.internal.bgp.rib.AttributeInterner;
import dev.gingham.internal.bgp.rib.DecisionProcess;
import dev.gingham.internal.bgp.rib.ImportPipeline;
import dev.gingham.internal.bgp.rib.LocRib;
import dev.gingham.internal.bgp.rib.PathSource;
import dev.gingham.internal.bgp.rib.PrefixIndex;
import dev.gingham.internal.bgp.wire.BgpWire;
import dev.gingham.internal.bgp.wire.MessageFramer;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.internal.bgp.wire.UpdateDecoder;
import io.netty.buffer.ByteBuf;
import java.util.Set;

/**
 * The receive path of one established eBGP session, as the speaker wires it, without the socket:
 * framing, {@link UpdateDecoder}, {@link ImportPipeline} with the accept-all policy, Adj-RIB-In and
 * Loc-RIB. Best-path changes go to a counter, standing in for the export queues.
 */
public final class RibLoader {
  /** The session the stream is encoded for: 4-octet eBGP with IPv4 and IPv6 unicast. */
  public static final SessionCodec SESSION =
      new SessionCodec(true, false, Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));

  /**
   * The IPv4 part of the full table's proportions: {@code prefixes} IPv4 prefixes and a third as
   * many attribute sets, as in {@link FeedTable.Spec#FULL}.
   */
  public static FeedTable.Spec ipv4Table(int prefixes, int variant) {
    return new FeedTable.Spec(42, prefixes, 0, Math.max(1, prefixes / 3), variant);
  }

  final PrefixIndex index = new PrefixIndex();
  final AttributeInterner interner = new AttributeInterner();
  final AdjRibIn adjRibIn = new AdjRibIn(index);
  final LocRib locRib;
  final UpdateDecoder decoder;
  final ImportPipeline pipeline;
  long bestChanges;

  /** A fresh, empty RIB and session. */
  public RibLoader() {
    locRib =
        new LocRib(
            index, new DecisionProcess(false, nh -> 0), (id, previous, best) -> bestChanges++);
    decoder = new UpdateDecoder(SESSION, interner);
    PeerConfig peer = PeerConfig.builder(FeedTable.IPV4_NEXT_HOP, FeedTable.FEEDER_AS).build();
    PathSource source = PathSource.peer(peer.address(), 0x0A000001, true);
    pipeline =
        new ImportPipeline(
            index, locRib, adjRibIn, source, 64_500, 0x0A000002, peer, interner, family -> {});
  }

  /** Decodes every UPDATE of {@code updates} into the RIBs; returns the messages read. */
  public int load(ByteBuf updates) {
    ByteBuf view = updates.duplicate();
    int n = 0;
    while (view.isReadable()) {
      int length = MessageFramer.frameLength(view);
      int start = view.readerIndex();
      decoder.decode(view, start + BgpWire.HEADER_LENGTH, length - BgpWire.HEADER_LENGTH, pipeline);
      view.skipBytes(length);
      n++;
    }
    return n;
  }

  /** Routes in the Adj-RIB-In. */
  public int adjRibInSize() {
    return adjRibIn.size();
  }

  /** Prefixes in the Loc-RIB. */
  public int locRibSize() {
    return locRib.size();
  }

  /** Distinct attribute sets interned. */
  public int attributeSets() {
    return interner.size();
  }

  /** Best-path changes reported. */
  public long bestChanges() {
    return bestChanges;
  }
}
