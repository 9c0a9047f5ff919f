package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.NextHopMode;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.RouteDecision;
import dev.gingham.bgp.RoutePolicy;
import dev.gingham.internal.bgp.wire.PrefixBatch;
import dev.gingham.internal.bgp.wire.UpdateEncoder;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Adj-RIB-Out of one established session and the work queue that keeps it in step with the
 * Loc-RIB: best-path changes mark prefixes dirty, and {@link #flush} turns at most a given number
 * of them into UPDATE messages, so that a large table goes out in slices and the event loop stays
 * free for timers between them.
 *
 * <p>Export rules (RFC 4271 sections 5 and 9.2, RFC 4456): never back to the peer a route came
 * from; an iBGP-learned route goes to an iBGP peer only by reflection: a route from a route
 * reflector client goes to every iBGP peer, a route from another iBGP peer only to clients, and a
 * reflected route gets ORIGINATOR_ID (its sender's BGP identifier, if it had none) and this
 * speaker's cluster id in front of its CLUSTER_LIST. NO_ADVERTISE and NO_EXPORT are honoured; on
 * eBGP the local AS is prepended and LOCAL_PREF, a received MED, ORIGINATOR_ID and CLUSTER_LIST
 * removed; on iBGP LOCAL_PREF is always sent; the next hop is this speaker's own on eBGP or with
 * next-hop-self, else kept. The export policy runs last.
 *
 * <p>On a family that sends ADD-PATH path identifiers (RFC 7911), the best {@code n} exportable
 * paths of a prefix go out, each with the identifier its source gives it ({@link
 * PathSource#sendPathId}); otherwise the best path alone. Not thread-safe.
 */
public final class ExportPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ExportPipeline.class);

  private final PrefixIndex index;
  private final LocRib locRib;
  private ExportRules rules;
  private final UpdateEncoder encoder;
  private final UnaryOperator<PathAttributes> interner;
  // A prefix's entry is its attributes (best path only) or an OutPaths (ADD-PATH families).
  private final DenseTable<Object> adjRibOut = new DenseTable<>();
  private final BitSet dirty = new BitSet();
  private final IntQueue queue = new IntQueue();
  private final Map<Candidate, PathAttributes> exported = new IdentityHashMap<>();
  // The prefixes of one flush grouped by the attributes they go out with. The queue is mostly in
  // best-path order, so consecutive prefixes usually share a group: the last one is kept at hand.
  private final Map<PathAttributes, PrefixBatch> groups = new HashMap<>();
  private final ArrayDeque<PrefixBatch> spareBatches = new ArrayDeque<>();
  private @Nullable PathAttributes runAttributes;
  private @Nullable PrefixBatch runBatch;
  private @Nullable Candidate lastBest;
  private @Nullable PathAttributes lastExported;
  private final PrefixBatch withdrawIpv4 = new PrefixBatch();
  private final PrefixBatch withdrawIpv6 = new PrefixBatch();
  private Candidate[] ranked = new Candidate[8];
  private int pathCount;
  private boolean warnedNoNextHop;

  /** The export state of one session. */
  public ExportPipeline(
      PrefixIndex index,
      LocRib locRib,
      ExportRules rules,
      UpdateEncoder encoder,
      UnaryOperator<PathAttributes> interner) {
    this.index = index;
    this.locRib = locRib;
    this.rules = rules;
    this.encoder = encoder;
    this.interner = interner;
  }

  /** The session's encoder. */
  public UpdateEncoder encoder() {
    return encoder;
  }

  /** Sends every advertised route of a family again, as ROUTE-REFRESH asks (RFC 2918). */
  public void resendAll(AddressFamily family) {
    boolean v4 = family == AddressFamily.IPV4_UNICAST;
    for (int id : adjRibOut.ids()) {
      if (index.isIpv4(id) == v4) {
        pathCount -= paths(adjRibOut.remove(id));
        markDirty(id);
        index.release(id);
      }
    }
  }

  /** The session's rules. */
  public ExportRules rules() {
    return rules;
  }

  /**
   * Marks every prefix in the Loc-RIB dirty: the initial advertisement. Prefixes are queued grouped
   * by their best path, so that each slice of the queue fills its UPDATEs with prefixes that share
   * attributes, as a full table's do.
   */
  public void markAll() {
    int[] ids = locRib.ids();
    long[] keyed = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      Candidate best = locRib.best(ids[i]);
      keyed[i] = (long) System.identityHashCode(best) << 32 | ids[i];
    }
    Arrays.sort(keyed);
    for (long k : keyed) {
      markDirty((int) k);
    }
  }

  /** Marks a prefix whose best path changed. The id is retained until it is flushed. */
  public void markDirty(int id) {
    if (!dirty.get(id)) {
      dirty.set(id);
      index.retain(id);
      queue.add(id);
    }
  }

  /**
   * Whether a best-path change of prefix {@code id} cannot change what this session advertises: the
   * new best (or none) came from the session's own peer, the prefix is neither advertised nor
   * waiting, and the family sends the best path alone. A receiver of a full table then does no
   * export work for it.
   */
  public boolean unaffected(int id, @Nullable Candidate best, @Nullable PathSource own) {
    return (best == null || best.source() == own)
        && !dirty.get(id)
        && adjRibOut.get(id) == null
        && rules.sendPaths(familyOf(id)) == 0;
  }

  /** Whether this session sends several paths (ADD-PATH) of the family of prefix {@code id}. */
  public boolean sendsPathsOf(int id) {
    return rules.sendPaths(familyOf(id)) > 0;
  }

  /** Whether prefixes wait to be flushed. */
  public boolean hasWork() {
    return !queue.isEmpty();
  }

  /** The number of prefixes advertised. */
  public int size() {
    return adjRibOut.size();
  }

  /** The number of paths advertised: the prefixes, plus extra paths on ADD-PATH families. */
  public int pathCount() {
    return pathCount;
  }

  /** The attributes advertised for a prefix (its first path on ADD-PATH families), or null. */
  public @Nullable PathAttributes advertised(int id) {
    Object v = adjRibOut.get(id);
    return v == null || v instanceof PathAttributes ? (PathAttributes) v : ((OutPaths) v).attrs[0];
  }

  /** The paths advertised for a prefix as (path identifier, attributes); 0 without ADD-PATH. */
  public List<Map.Entry<Integer, PathAttributes>> advertisedPaths(int id) {
    Object v = adjRibOut.get(id);
    List<Map.Entry<Integer, PathAttributes>> out = new ArrayList<>();
    if (v instanceof PathAttributes) {
      out.add(Map.entry(0, (PathAttributes) v));
    } else if (v != null) {
      OutPaths p = (OutPaths) v;
      for (int k = 0; k < p.ids.length; k++) {
        out.add(Map.entry(p.ids[k], p.attrs[k]));
      }
    }
    return out;
  }

  /** The ids advertised. */
  public int[] ids() {
    return adjRibOut.ids();
  }

  /**
   * Processes up to {@code max} dirty prefixes and writes the UPDATEs they need into {@code out}.
   *
   * @return the number of prefixes processed
   */
  public int flush(ByteBuf out, int max) {
    int processed = 0;
    while (processed < max && !queue.isEmpty()) {
      int id = queue.poll();
      dirty.clear(id);
      processed++;
      int n = rules.sendPaths(familyOf(id));
      if (n == 0) {
        flushBest(id);
      } else {
        flushPaths(id, n);
      }
      index.release(id); // the dirty mark's reference
    }
    for (Map.Entry<PathAttributes, PrefixBatch> g : groups.entrySet()) {
      PathAttributes attrs = g.getKey();
      AddressFamily family = AddressFamily.unicast(attrs.nextHop().family());
      PrefixBatch batch = g.getValue();
      try {
        for (int i = 0; i < batch.size(); ) {
          i = encoder.writeAnnouncements(out, family, attrs, batch, i);
        }
      } catch (IllegalArgumentException e) {
        unsendable(attrs, batch, family, e);
      }
      batch.clear();
      spareBatches.add(batch);
    }
    groups.clear();
    writeWithdrawals(out, AddressFamily.IPV4_UNICAST, withdrawIpv4);
    writeWithdrawals(out, AddressFamily.IPV6_UNICAST, withdrawIpv6);
    runAttributes = null;
    runBatch = null;
    lastBest = null;
    lastExported = null;
    return processed;
  }

  /**
   * Attributes too long for one message of this session (more than 4096 bytes without extended
   * messages, RFC 8654): their prefixes are not advertised, and withdrawn if they were.
   */
  private void unsendable(
      PathAttributes attrs, PrefixBatch batch, AddressFamily family, IllegalArgumentException e) {
    LOG.warn(
        "{}: {} {} prefixes are not advertised: {}",
        rules.peer(),
        batch.size(),
        family,
        e.getMessage());
    boolean v4 = family == AddressFamily.IPV4_UNICAST;
    PrefixBatch withdrawals = v4 ? withdrawIpv4 : withdrawIpv6;
    for (int i = 0; i < batch.size(); i++) {
      int id =
          v4
              ? index.findIpv4((int) batch.high(i), batch.length(i))
              : index.find(
                  IpPrefix.of(Ipv6Address.of(batch.high(i), batch.low(i)), batch.length(i)));
      Object entry = id < 0 ? null : adjRibOut.get(id);
      int pathId = batch.pathId(i);
      if (entry instanceof PathAttributes) {
        adjRibOut.remove(id);
        pathCount--;
        index.release(id);
      } else if (entry != null) {
        OutPaths p = (OutPaths) entry;
        int k = indexOf(p.ids, p.ids.length, pathId);
        if (k < 0) {
          continue;
        }
        pathCount--;
        if (p.ids.length == 1) {
          adjRibOut.remove(id);
          index.release(id);
        } else {
          int[] ids = new int[p.ids.length - 1];
          PathAttributes[] attrs2 = new PathAttributes[ids.length];
          for (int j = 0, n = 0; j < p.ids.length; j++) {
            if (j != k) {
              ids[n] = p.ids[j];
              attrs2[n++] = p.attrs[j];
            }
          }
          adjRibOut.put(id, new OutPaths(ids, attrs2));
        }
      } else {
        continue;
      }
      if (v4) {
        withdrawals.addIpv4((int) batch.high(i), batch.length(i), pathId);
      } else {
        withdrawals.add(
            IpPrefix.of(Ipv6Address.of(batch.high(i), batch.low(i)), batch.length(i)), pathId);
      }
    }
  }

  /** The batch of prefixes that go out with {@code attrs} in this flush. */
  private PrefixBatch batch(PathAttributes attrs) {
    if (attrs == runAttributes) {
      return runBatch;
    }
    PrefixBatch b = groups.get(attrs);
    if (b == null) {
      b = spareBatches.isEmpty() ? new PrefixBatch() : spareBatches.poll();
      groups.put(attrs, b);
    }
    runAttributes = attrs;
    runBatch = b;
    return b;
  }

  /** Adds a prefix by id; an IPv4 prefix without allocating. */
  private void add(PrefixBatch batch, int id, int pathId) {
    if (index.isIpv4(id)) {
      long key = index.ipv4KeyOf(id);
      batch.addIpv4((int) (key >>> 8), (int) (key & 0xFF), pathId);
    } else {
      batch.add(index.prefix(id), pathId);
    }
  }

  /** Brings the best path of a prefix up to date. */
  private void flushBest(int id) {
    Candidate best = locRib.best(id);
    PathAttributes now;
    if (best == null) {
      now = null;
    } else if (best == lastBest && rules.config().exportPolicy() == RoutePolicy.ACCEPT_ALL) {
      now = lastExported; // the same best path as the last prefix: the same export
    } else {
      now = exportAttributes(id, best);
      lastBest = best;
      lastExported = now;
    }
    PathAttributes before = (PathAttributes) adjRibOut.get(id);
    if (now == before) {
      return;
    }
    if (now == null) {
      adjRibOut.remove(id);
      pathCount--;
      add(index.isIpv4(id) ? withdrawIpv4 : withdrawIpv6, id, 0);
      index.release(id); // the Adj-RIB-Out's reference
    } else {
      if (before == null) {
        index.retain(id);
        pathCount++;
      }
      adjRibOut.put(id, now);
      add(batch(now), id, 0);
    }
  }

  /** Brings the best {@code n} paths of a prefix up to date (ADD-PATH). */
  private void flushPaths(int id, int n) {
    int count = locRib.candidateCount(id);
    if (ranked.length < count) {
      ranked = new Candidate[Math.max(count, ranked.length * 2)];
    }
    int m = locRib.ranked(id, ranked);
    int[] ids = new int[Math.min(n, m)];
    PathAttributes[] attrs = new PathAttributes[ids.length];
    int chosen = 0;
    for (int i = 0; i < m && chosen < ids.length; i++) {
      PathAttributes a = exportAttributes(id, ranked[i]);
      if (a != null) {
        ids[chosen] = ranked[i].source().sendPathId(ranked[i].pathId());
        attrs[chosen] = a;
        chosen++;
      }
    }
    Arrays.fill(ranked, 0, m, null);
    OutPaths before = (OutPaths) adjRibOut.get(id);
    PrefixBatch withdrawals = index.isIpv4(id) ? withdrawIpv4 : withdrawIpv6;
    if (before != null) {
      for (int k = 0; k < before.ids.length; k++) {
        if (indexOf(ids, chosen, before.ids[k]) < 0) {
          add(withdrawals, id, before.ids[k]);
        }
      }
    }
    for (int k = 0; k < chosen; k++) {
      int was = before == null ? -1 : indexOf(before.ids, before.ids.length, ids[k]);
      if (was < 0 || before.attrs[was] != attrs[k]) {
        add(batch(attrs[k]), id, ids[k]);
      }
    }
    pathCount += chosen - (before == null ? 0 : before.ids.length);
    if (chosen == 0) {
      if (before != null) {
        adjRibOut.remove(id);
        index.release(id);
      }
      return;
    }
    if (before == null) {
      index.retain(id);
    }
    adjRibOut.put(id, new OutPaths(Arrays.copyOf(ids, chosen), Arrays.copyOf(attrs, chosen)));
  }

  private static int indexOf(int[] ids, int n, int id) {
    for (int k = 0; k < n; k++) {
      if (ids[k] == id) {
        return k;
      }
    }
    return -1;
  }

  private static int paths(@Nullable Object entry) {
    return entry == null ? 0 : entry instanceof PathAttributes ? 1 : ((OutPaths) entry).ids.length;
  }

  private AddressFamily familyOf(int id) {
    return index.isIpv4(id) ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
  }

  private void writeWithdrawals(ByteBuf out, AddressFamily family, PrefixBatch batch) {
    for (int i = 0; i < batch.size(); ) {
      i = encoder.writeWithdrawals(out, family, batch, i);
    }
    batch.clear();
  }

  /** Forgets everything advertised (the session ended), releasing the ids. */
  public void clear() {
    for (int id : adjRibOut.ids()) {
      index.release(id);
    }
    adjRibOut.clear();
    pathCount = 0;
    while (!queue.isEmpty()) {
      int id = queue.poll();
      dirty.clear(id);
      index.release(id);
    }
    queue.clear();
    exported.clear();
    lastBest = null;
    lastExported = null;
  }

  /** Takes new rules (a changed export policy) and re-evaluates every prefix. */
  public void policyChanged(ExportRules newRules) {
    this.rules = newRules;
    exported.clear();
    lastBest = null;
    lastExported = null;
    markAll();
    for (int id : adjRibOut.ids()) {
      markDirty(id);
    }
  }

  /** The attributes to advertise for a path, or null if it is not advertised. */
  private @Nullable PathAttributes exportAttributes(int id, Candidate path) {
    boolean cacheable = rules.config().exportPolicy() == RoutePolicy.ACCEPT_ALL;
    if (cacheable) {
      PathAttributes cached = exported.get(path);
      if (cached != null || exported.containsKey(path)) {
        return cached;
      }
    }
    PathAttributes result = compute(id, path);
    if (cacheable) {
      if (exported.size() >= PathSource.MAX_CANDIDATES) {
        exported.clear(); // bounded like the candidates it is keyed by
      }
      exported.put(path, result);
    }
    return result;
  }

  private @Nullable PathAttributes compute(int id, Candidate path) {
    PathSource source = path.source();
    AddressFamily family = familyOf(id);
    if (!rules.families().contains(family)) {
      return null;
    }
    IpAddress from = source.peer();
    if (from != null && from.equals(rules.peer())) {
      return null;
    }
    boolean reflect = !source.isLocal() && !source.external() && rules.internal();
    if (reflect && !source.client() && !rules.client()) {
      return null; // RFC 4456 section 6: a non-client's route goes to clients only
    }
    PathAttributes a = path.attributes();
    for (Community c : a.communities()) {
      if (c.equals(Community.NO_ADVERTISE)) {
        return null;
      }
      if (!rules.internal()
          && (c.equals(Community.NO_EXPORT) || c.equals(Community.NO_EXPORT_SUBCONFED))) {
        return null;
      }
    }
    PathAttributes.Builder b = a.toBuilder();
    if (rules.internal()) {
      if (!a.hasLocalPref()) {
        b.localPref(a.localPref());
      }
      if (reflect) {
        if (a.originatorId() == null) {
          b.originatorId(Ipv4Address.of(source.routerId()));
        }
        List<Ipv4Address> clusters = new ArrayList<>(a.clusterList().size() + 1);
        clusters.add(Ipv4Address.of(rules.clusterId()));
        clusters.addAll(a.clusterList());
        b.clusterList(clusters);
      }
    } else {
      b.asPath(a.asPath().prepend(rules.localAs(), 1));
      b.clearLocalPref();
      if (!source.isLocal()) {
        b.clearMed();
      }
      b.originatorId(null).clusterList(List.of());
    }
    NextHopMode mode = rules.nextHopMode();
    boolean self =
        a.nextHop() == null
            || mode == NextHopMode.SELF
            || (mode == NextHopMode.AUTO && !rules.internal());
    if (self) {
      IpAddress nh = rules.self(family);
      if (nh == null) {
        if (!warnedNoNextHop) {
          warnedNoNextHop = true;
          LOG.warn(
              "no {} next hop toward {}: set ipv4NextHop/ipv6NextHop; {} routes are not sent",
              family.ipFamily(),
              rules.peer(),
              family);
        }
        return null;
      }
      b.nextHop(nh);
    }
    PathAttributes out = b.build();
    RoutePolicy policy = rules.config().exportPolicy();
    if (policy != RoutePolicy.ACCEPT_ALL) {
      IpPrefix prefix = index.prefix(id);
      BgpRoute route =
          from == null
              ? BgpRoute.of(prefix, out)
              : BgpRoute.learned(prefix, out, from, false, path.pathId());
      RouteDecision decision;
      try {
        decision = policy.evaluate(route, rules.config());
      } catch (RuntimeException e) {
        LOG.warn("export policy of {} failed on {}; not advertised", rules.peer(), prefix, e);
        return null;
      }
      if (!decision.accepted()) {
        return null;
      }
      out = decision.attributesOr(out);
      if (out.nextHop() == null || out.nextHop().family() != family.ipFamily()) {
        LOG.warn("export policy of {} left {} without a usable next hop", rules.peer(), prefix);
        return null;
      }
    }
    return interner.apply(out);
  }

  /** An IPv4 address as the IPv4-mapped IPv6 next hop, for IPv6 routes over an IPv4 session. */
  public static IpAddress mapped(IpAddress address) {
    return address instanceof Ipv4Address ? Ipv6Address.ipv4Mapped((Ipv4Address) address) : address;
  }

  /** The paths advertised for one prefix of an ADD-PATH family. */
  private static final class OutPaths {
    final int[] ids;
    final PathAttributes[] attrs;

    OutPaths(int[] ids, PathAttributes[] attrs) {
      this.ids = ids;
      this.attrs = attrs;
    }
  }
}
