package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerTable;
import dev.gingham.internal.bgp.rib.AdjRibIn;
import dev.gingham.internal.bgp.rib.ImportPipeline;
import dev.gingham.internal.bgp.rib.PathSource;
import dev.gingham.net.IpAddress;

/**
 * A table loaded as if a peer had sent it ({@link dev.gingham.bgp.BgpSpeaker#injectTable}): an
 * Adj-RIB-In and an import pipeline with no session behind them, so that its routes are candidates
 * like learned ones, with the same loop detection, and leave only when the table is removed. Runs
 * on the speaker's event loop; not thread-safe.
 */
final class InjectedTable {
  final PeerIdentity identity;
  final AdjRibIn adjRibIn;
  private final ImportPipeline importer;

  private InjectedTable(PeerIdentity identity, AdjRibIn adjRibIn, ImportPipeline importer) {
    this.identity = identity;
    this.adjRibIn = adjRibIn;
    this.importer = importer;
  }

  /**
   * Checks a table before anything is loaded.
   *
   * @throws IllegalArgumentException naming the first route whose next hop is missing or of the
   *     wrong family, or if the peer's AS is 0
   */
  static void check(PeerTable table) {
    if (table.peer().as() == 0) {
      throw new IllegalArgumentException(
          "an injected table needs its peer's AS, was 0 for " + table.peer().address());
    }
    for (BgpRoute r : table.routes()) {
      IpAddress nh = r.attributes().nextHop();
      if (nh == null || nh.family() != r.prefix().family()) {
        throw new IllegalArgumentException(
            "route "
                + r.prefix()
                + " of the table of "
                + table.peer().address()
                + " needs a next hop of its family, had "
                + nh);
      }
    }
  }

  /** Loads a checked table into the core's Loc-RIB. */
  static InjectedTable load(SpeakerCore core, PeerTable table) {
    PeerIdentity id = table.peer();
    boolean external = id.as() != core.config.localAs();
    PathSource source = PathSource.peer(id.address(), id.routerId().toInt(), external, false);
    AdjRibIn adjRibIn = new AdjRibIn(core.index);
    PeerConfig config = PeerConfig.builder(id.address(), id.as()).build();
    ImportPipeline importer =
        new ImportPipeline(
            core.index,
            core.locRib,
            adjRibIn,
            source,
            core.config.localAs(),
            core.config.routerId().toInt(),
            core.config.effectiveClusterId().toInt(),
            config,
            core.interner,
            family -> {});
    for (BgpRoute r : table.routes()) {
      int prefixId = core.index.id(r.prefix());
      importer.announce(prefixId, r.pathId(), core.interner.apply(r.attributes()));
    }
    return new InjectedTable(id, adjRibIn, importer);
  }

  /** Withdraws every route of the table. */
  void unload() {
    importer.dropAll();
  }
}
