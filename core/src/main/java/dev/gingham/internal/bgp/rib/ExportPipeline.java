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
 * <p>Export rules (RFC 4271 sections 5 and 9.2): never back to the peer a route came from; no
 * iBGP-learned route to an iBGP peer (route reflection is not built); NO_ADVERTISE and NO_EXPORT
 * honoured; on eBGP the local AS is prepended and LOCAL_PREF, a received MED, ORIGINATOR_ID and
 * CLUSTER_LIST removed; on iBGP LOCAL_PREF is always sent; the next hop is this speaker's own on
 * eBGP or with next-hop-self, else kept. The export policy runs last. Not thread-safe.
 */
public final class ExportPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ExportPipeline.class);

  private final PrefixIndex index;
  private final LocRib locRib;
  private ExportRules rules;
  private final UpdateEncoder encoder;
  private final UnaryOperator<PathAttributes> interner;
  private final DenseTable<PathAttributes> adjRibOut = new DenseTable<>();
  private final BitSet dirty = new BitSet();
  private final ArrayDeque<Integer> queue = new ArrayDeque<>();
  private final Map<Candidate, PathAttributes> exported = new IdentityHashMap<>();
  private final Map<PathAttributes, PrefixBatch> groups = new HashMap<>();
  private final PrefixBatch withdrawIpv4 = new PrefixBatch();
  private final PrefixBatch withdrawIpv6 = new PrefixBatch();
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
        adjRibOut.remove(id);
        markDirty(id);
        index.release(id);
      }
    }
  }

  /** The session's rules. */
  public ExportRules rules() {
    return rules;
  }

  /** Marks every prefix in the Loc-RIB dirty: the initial advertisement. */
  public void markAll() {
    for (int id : locRib.ids()) {
      markDirty(id);
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

  /** Whether prefixes wait to be flushed. */
  public boolean hasWork() {
    return !queue.isEmpty();
  }

  /** The number of prefixes advertised. */
  public int size() {
    return adjRibOut.size();
  }

  /** The attributes advertised for a prefix, or null. */
  public @Nullable PathAttributes advertised(int id) {
    return adjRibOut.get(id);
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
      Candidate best = locRib.best(id);
      PathAttributes now = best == null ? null : exportAttributes(id, best);
      PathAttributes before = adjRibOut.get(id);
      if (now == before) {
        index.release(id);
        continue;
      }
      if (now == null) {
        adjRibOut.remove(id);
        (index.isIpv4(id) ? withdrawIpv4 : withdrawIpv6).add(index.prefix(id));
        index.release(id); // the dirty mark's reference
        index.release(id); // the Adj-RIB-Out's reference
      } else {
        if (before == null) {
          index.retain(id);
        }
        adjRibOut.put(id, now);
        groups.computeIfAbsent(now, k -> new PrefixBatch()).add(index.prefix(id));
        index.release(id);
      }
    }
    writeWithdrawals(out, AddressFamily.IPV4_UNICAST, withdrawIpv4);
    writeWithdrawals(out, AddressFamily.IPV6_UNICAST, withdrawIpv6);
    for (Map.Entry<PathAttributes, PrefixBatch> g : groups.entrySet()) {
      PathAttributes attrs = g.getKey();
      AddressFamily family = AddressFamily.unicast(attrs.nextHop().family());
      PrefixBatch batch = g.getValue();
      for (int i = 0; i < batch.size(); ) {
        i = encoder.writeAnnouncements(out, family, attrs, batch, i);
      }
    }
    groups.clear();
    return processed;
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
    while (!queue.isEmpty()) {
      int id = queue.poll();
      dirty.clear(id);
      index.release(id);
    }
    exported.clear();
  }

  /** Takes new rules (a changed export policy) and re-evaluates every prefix. */
  public void policyChanged(ExportRules newRules) {
    this.rules = newRules;
    exported.clear();
    markAll();
    for (int id : adjRibOut.ids()) {
      markDirty(id);
    }
  }

  /** The attributes to advertise for a best path, or null if it is not advertised. */
  private @Nullable PathAttributes exportAttributes(int id, Candidate best) {
    boolean cacheable = rules.config().exportPolicy() == RoutePolicy.ACCEPT_ALL;
    if (cacheable) {
      PathAttributes cached = exported.get(best);
      if (cached != null || exported.containsKey(best)) {
        return cached;
      }
    }
    PathAttributes result = compute(id, best);
    if (cacheable) {
      if (exported.size() >= PathSource.MAX_CANDIDATES) {
        exported.clear(); // bounded like the candidates it is keyed by
      }
      exported.put(best, result);
    }
    return result;
  }

  private @Nullable PathAttributes compute(int id, Candidate best) {
    PathSource source = best.source();
    AddressFamily family =
        index.isIpv4(id) ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
    if (!rules.families().contains(family)) {
      return null;
    }
    IpAddress from = source.peer();
    if (from != null && from.equals(rules.peer())) {
      return null;
    }
    if (!source.isLocal() && !source.external() && rules.internal()) {
      return null;
    }
    PathAttributes a = best.attributes();
    List<Community> communities = a.communities();
    if (communities.contains(Community.NO_ADVERTISE)) {
      return null;
    }
    if (!rules.internal()
        && (communities.contains(Community.NO_EXPORT)
            || communities.contains(Community.NO_EXPORT_SUBCONFED))) {
      return null;
    }
    PathAttributes.Builder b = a.toBuilder();
    if (rules.internal()) {
      if (!a.hasLocalPref()) {
        b.localPref(a.localPref());
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
          from == null ? BgpRoute.of(prefix, out) : BgpRoute.learned(prefix, out, from, false);
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
}
